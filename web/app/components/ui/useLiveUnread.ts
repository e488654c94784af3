import { useEffect, useState } from 'react';
import { connectChat } from '~/utils/socket.client';

/**
 * The unread count the page was rendered with, then kept current by `notification:new`, which
 * carries the person's count. Without JavaScript the server's number stays, right as of the load.
 */
export function useLiveUnread(initial: number, signedIn: boolean): number {
  const [unread, setUnread] = useState(initial);
  useEffect(() => setUnread(initial), [initial]);
  useEffect(() => {
    if (!signedIn) return;
    const socket = connectChat();
    socket.on('notification:new', ({ unread: count }) => {
      if (typeof count === 'number') setUnread(count);
    });
    socket.connect();
    return () => {
      socket.close();
    };
  }, [signedIn]);
  return unread;
}
