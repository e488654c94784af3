import { useEffect, useState } from 'react';
import { connectChat } from '~/utils/socket.client';

/**
 * The unread count the page was rendered with, then kept current by `notification:new`, which
 * carries the person's count. Without JavaScript the server's number stays, right as of the load.
 * A reconnect is a fresh connection that replays nothing, so the count is read again after one.
 */
export function useLiveUnread(initial: number, signedIn: boolean): number {
  const [unread, setUnread] = useState(initial);
  useEffect(() => setUnread(initial), [initial]);
  useEffect(() => {
    if (!signedIn) return;
    const socket = connectChat();
    // Counts `notification:new`s, so a re-read that started before one cannot undo it.
    let heard = 0;
    let connectedBefore = false;
    let disposed = false;
    socket.on('notification:new', ({ unread: count }) => {
      heard++;
      if (typeof count === 'number') setUnread(count);
    });
    socket.on('connect', () => {
      if (connectedBefore) void readAgain();
      connectedBefore = true;
    });
    async function readAgain() {
      const before = heard;
      const count = await fetch('/api/me/notifications/unread-count', { headers: { Accept: 'application/json' }, cache: 'no-store' })
        .then((res) => (res.ok ? (res.json() as Promise<{ unread?: unknown }>) : null))
        .then((body) => body?.unread)
        .catch(() => undefined);
      if (!disposed && heard === before && typeof count === 'number') setUnread(count);
    }
    socket.connect();
    return () => {
      disposed = true;
      socket.close();
    };
  }, [signedIn]);
  return unread;
}
