/**
 * Chat messages are indexed for search after their send, in batches (migration
 * IndexMessagesAfterTheSend, search-queue.ts), and still:
 * - a search finds every message whose send was acknowledged before it, at once;
 * - with nobody searching, the API indexes what was sent within moments;
 * - a message edited or deleted while still queued is indexed as it is now, or not at all, and
 *   edits racing the indexer neither fail nor leave an old text behind;
 * - one INSERT of many messages (an import, a seed) queues every one of them.
 */
import { randomBytes, randomUUID } from 'node:crypto';
import { startApi, type TestApi } from '../support/api-server.js';
import { registerUser, type RegisteredUser } from '../support/users.js';
import { call, closeAllSockets, connectAndJoin, createSpace, send, sleep } from '../support/sockets.js';
import { searchIndexSettled } from '../support/search.js';

/**
 * A word no other test writes: twelve random letters of the whole alphabet, so two of them share
 * no trigrams and a search's typo fallback never takes one for the other.
 */
const freshWord = () => Array.from(randomBytes(12), (b) => String.fromCharCode(97 + (b % 26))).join('');

const documentsOf = (api: TestApi, ids: string[]) =>
  api.sql<{ id: string; body: string }>(`SELECT id, body FROM search_documents WHERE type = 'message' AND id = ANY ($1::uuid[]) ORDER BY body`, [ids]);

async function foundIds(who: RegisteredUser, word: string): Promise<string[]> {
  const res = await who.agent.get(`/api/search?q=${word}&type=message&limit=50`).expect(200);
  return res.body.items.map((h: { id: string }) => h.id).sort();
}

describe('messages indexed after their send', () => {
  let api: TestApi;
  let host: RegisteredUser;
  let space: { id: string };
  beforeAll(async () => {
    // Sends here come faster, and more at once, than a person's limit and the send admission allow.
    api = await startApi({ env: { CHAT_SEND_LIMIT: '1000', CHAT_SENDS_IN_FLIGHT: '64' } });
    host = await registerUser(api.url);
    space = await createSpace(host);
  });
  afterAll(async () => {
    closeAllSockets();
    await api?.stop();
  });

  it('a search right after each acknowledged send finds it', async () => {
    const word = freshWord();
    const socket = await connectAndJoin(api.url, host, space.id);
    const sent: string[] = [];
    for (let i = 0; i < 15; i++) {
      sent.push((await send(socket, space.id, `${word} number ${i}`)).id);
      expect(await foundIds(host, word)).toEqual([...sent].sort());
    }
  });

  it('with nobody searching, what was sent is in the index within moments', async () => {
    const word = freshWord();
    const ids: string[] = [];
    for (let i = 0; i < 5; i++) {
      ids.push((await host.agent.post(`/api/spaces/${space.id}/messages`).send({ clientId: randomUUID(), body: `${word} ${i}` }).expect(201)).body.message.id);
    }
    const end = Date.now() + 10_000;
    while ((await documentsOf(api, ids)).length < ids.length && Date.now() < end) await sleep(50);
    expect((await documentsOf(api, ids)).map((d) => d.body)).toEqual([0, 1, 2, 3, 4].map((i) => `${word} ${i}`));
  });

  it('a message edited or deleted while queued is indexed as it is now, or not at all', async () => {
    const [before, after] = [freshWord(), freshWord()];
    // Written straight into the table and changed in the same transaction: whenever the indexer
    // comes, it finds the queue rows of messages that already changed. (The words are letters only.)
    await api.sql(`BEGIN;
      WITH taken AS (UPDATE spaces SET last_seq = last_seq + 2 WHERE id = '${space.id}' RETURNING last_seq - 2 AS base)
        INSERT INTO messages (space_id, seq, client_id, author_id, body)
        SELECT '${space.id}', base + g, gen_random_uuid(), '${host.user.id}', '${before} ' || g FROM taken, generate_series(1, 2) g;
      UPDATE messages SET body = '${after} edited' WHERE body = '${before} 1';
      UPDATE messages SET body = '', deleted_at = now() WHERE body = '${before} 2';
      COMMIT`);
    const [edited] = (await api.sql<{ id: string }>(`SELECT id FROM messages WHERE body = $1`, [`${after} edited`])).map((r) => r.id);
    const [deleted] = (await api.sql<{ id: string }>(`SELECT id FROM messages WHERE space_id = $1 AND deleted_at IS NOT NULL ORDER BY seq DESC LIMIT 1`, [space.id])).map((r) => r.id);
    expect([edited, deleted].every(Boolean)).toBe(true);
    await searchIndexSettled(api);
    expect(await documentsOf(api, [edited, deleted])).toEqual([{ id: edited, body: `${after} edited` }]);
    expect(await foundIds(host, before)).toEqual([]);
    expect(await foundIds(host, after)).toEqual([edited]);
  });

  it('edits racing the indexer all succeed, and the index holds every message’s last words', async () => {
    const word = freshWord();
    // Someone of their own: a socket carries 60 events per person in 10 s (chat.gateway.ts).
    const writer = await registerUser(api.url);
    await writer.agent.post(`/api/spaces/${space.id}/join`).send({ acceptGuidelines: true }).expect(200);
    const socket = await connectAndJoin(api.url, writer, space.id);
    const messages = await Promise.all(Array.from({ length: 18 }, (_, i) => send(socket, space.id, `${word} first ${i}`)));
    // Edited at once, while most are still queued, each twice.
    for (const round of ['second', 'third']) {
      const acks = await Promise.all(messages.map((m, i) => call(socket, 'message:edit', { messageId: m.id, body: `${word} ${round} ${i}` })));
      expect(acks.filter((a) => !a.ok)).toEqual([]);
    }
    await searchIndexSettled(api);
    const docs = await documentsOf(api, messages.map((m) => m.id));
    expect(docs.map((d) => d.body).sort()).toEqual(messages.map((_, i) => `${word} third ${i}`).sort());
    expect(await foundIds(host, word)).toHaveLength(18);
  });

  it('one INSERT of many messages queues every one', async () => {
    const word = freshWord();
    const rows = await api.sql<{ id: string }>(
      `WITH taken AS (UPDATE spaces SET last_seq = last_seq + 1200 WHERE id = $1 RETURNING last_seq - 1200 AS base),
            m AS (INSERT INTO messages (space_id, seq, client_id, author_id, body)
                    SELECT $1, base + g, gen_random_uuid(), $2, $3 || ' ' || g FROM taken, generate_series(1, 1200) g
                  RETURNING id)
       SELECT id FROM m`,
      [space.id, host.user.id, word],
    );
    expect(rows).toHaveLength(1200);
    await searchIndexSettled(api);
    expect(await documentsOf(api, rows.map((r) => r.id))).toHaveLength(1200);
    expect((await api.sql<{ n: number }>(`SELECT count(*)::int AS n FROM search_queue`))[0].n).toBe(0);
  });
});
