/**
 * After a reconnect the chat catches up from the last message it had before the connection went,
 * page by page. A live message that lands while the first page is on its way must not move the
 * starting point, or the messages between the two would never be fetched.
 */
import { describe, expect, it } from '@jest/globals';
import type { Message } from '@sorstars/shared';
import { catchUpAfter, reconcileRecent, upsertAll, type SincePage } from '../../web/app/components/chat/chat-state.js';

const message = (seq: number) => ({ id: `m${seq}`, seq }) as unknown as Message;
const history = Array.from({ length: 30 }, (_, i) => message(i + 1));

/** A server's `messages:since` over `history`, `pageSize` at a time, remembering each request. */
function server(pageSize: number) {
  const asked: Array<string | null> = [];
  const fetchPage = async (afterId: string | null): Promise<SincePage> => {
    asked.push(afterId);
    const from = afterId === null ? 0 : history.findIndex((m) => m.id === afterId) + 1;
    const messages = history.slice(from, from + pageSize);
    return { messages, hasMore: from + pageSize < history.length };
  };
  return { asked, fetchPage };
}

describe('catching up after a reconnect', () => {
  it('fetches the gap page by page even when a newer live message arrives meanwhile', async () => {
    let held = history.slice(0, 10);
    const { asked, fetchPage } = server(4);
    let first = true;
    await catchUpAfter(
      held[held.length - 1].id,
      async (after) => {
        // The live broadcast of message 30 lands before the first page does.
        if (first) held = upsertAll(held, [history[29]], false);
        first = false;
        return fetchPage(after);
      },
      (messages) => (held = upsertAll(held, messages, true)),
    );
    expect(held.map((m) => m.seq)).toEqual(history.map((m) => m.seq));
    expect(asked).toEqual(['m10', 'm14', 'm18', 'm22', 'm26']);
  });

  it('stops when the server refuses, and never asks more than the page bound', async () => {
    const received: number[] = [];
    await catchUpAfter('m1', async () => null, (messages) => received.push(messages.length));
    expect(received).toEqual([]);

    const { asked } = server(1);
    const endless = async (after: string | null): Promise<SincePage> => {
      asked.push(after);
      return { messages: [message(asked.length + 1)], hasMore: true };
    };
    await catchUpAfter('m1', endless, () => undefined, { maxPages: 3 });
    expect(asked).toEqual(['m1', 'm2', 'm3']);
  });

  it('stops as soon as the chat is closed', async () => {
    let closed = false;
    const { asked, fetchPage } = server(2);
    await catchUpAfter(null, fetchPage, () => (closed = true), { stopped: () => closed });
    expect(asked).toEqual([null]);
  });
});

describe('reading the newest page again after a reconnect that replayed nothing', () => {
  const at = (seq: number, body = `message ${seq}`) => ({ ...message(seq), body, deletedAt: null, reactions: [] }) as unknown as Message;

  it('takes edits, and turns what was taken down meanwhile into a tombstone, only within the page', () => {
    const held = [1, 2, 3, 4, 5, 6, 7].map((seq) => at(seq));
    // The page covers 3-6: 4 was edited, 5 was held again (so absent); 7 arrived live after the read.
    const next = reconcileRecent(held, [at(3), at(4, 'edited'), at(6)]);
    expect(next.map((m) => [m.seq, m.body, m.deletedAt !== null])).toEqual([
      [1, 'message 1', false],
      [2, 'message 2', false],
      [3, 'message 3', false],
      [4, 'edited', false],
      [5, '', true],
      [6, 'message 6', false],
      [7, 'message 7', false],
    ]);
  });

  it('adds what the page has that the client lacked, and leaves an empty page alone', () => {
    const held = [at(1), at(3)];
    expect(reconcileRecent(held, [at(2), at(3)]).map((m) => m.seq)).toEqual([1, 2, 3]);
    expect(reconcileRecent(held, [])).toBe(held);
  });
});
