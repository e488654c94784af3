import type { Message } from '@sorstars/shared';
import { startApi, type TestApi } from '../support/api-server.js';
import { INSERT_MESSAGES_AS_AUTHOR } from '../../api/src/modules/chat/message-queries.sql.js';
import { expectFieldError, expectProblem } from '../support/http.js';
import { call, closeAllSockets, collect, connect, connectAndJoin, createSpace, expectNoEvent, nextEvent, send, sleep } from '../support/sockets.js';
import { registerUser, type RegisteredUser } from '../support/users.js';

let api: TestApi;
beforeAll(async () => {
  // Ordering and catch-up tests send more than the default 10 per 10 s per person.
  // 24 sends at once, all admitted: ordering under concurrency is the point here (admission: chat-busy).
  api = await startApi({ env: { CHAT_SEND_LIMIT: '1000', CHAT_SENDS_IN_FLIGHT: '64' } });
});
afterEach(() => closeAllSockets());
afterAll(() => api?.stop());

const messageCount = async (spaceId: string) => Number((await api.sql<{ n: string }>('SELECT count(*) AS n FROM messages WHERE space_id = $1', [spaceId]))[0].n);
const history = async (who: RegisteredUser, spaceId: string, query = '') =>
  (await who.agent.get(`/api/spaces/${spaceId}/messages${query}`).expect(200)).body as { items: Message[]; nextCursor: string | null };
// Every pair here is "Alice" and "Bob", so once a second Alice exists the names are look-alikes
// (nameLookalike is checked in accounts-name-lookalikes); here only its presence matters.
const publicUser = (u: RegisteredUser) => ({ id: u.user.id, username: u.user.username, displayName: u.user.displayName, nameLookalike: expect.any(Boolean) });

/** Two people in a fresh public space, both connected and in the room. */
async function pair() {
  const alice = await registerUser(api.url, { displayName: 'Alice' });
  const bob = await registerUser(api.url, { displayName: 'Bob' });
  const space = await createSpace(alice, {}, [bob]);
  const [a, b] = await Promise.all([connectAndJoin(api.url, alice, space.id), connectAndJoin(api.url, bob, space.id)]);
  return { alice, bob, space, a, b };
}

describe('sending', () => {
  it('space:join answers where the space ends; message:send acks the stored message and everyone in the room gets message:new', async () => {
    const { alice, bob, space, a, b } = await pair();
    const carol = await registerUser(api.url);
    await carol.agent.post(`/api/spaces/${space.id}/join`).send({}).expect(200);
    const c = await connect(api.url, { cookie: carol.cookie });
    expect(await call(c, 'space:join', { spaceId: space.id })).toEqual({ ok: true, lastMessageId: null, lastSeq: 0 });

    const toBob = nextEvent(b, 'message:new');
    const toCarol = nextEvent(c, 'message:new');
    const toAlice = nextEvent(a, 'message:new');
    const clientId = crypto.randomUUID();
    const ack = await call(a, 'message:send', { spaceId: space.id, clientId, body: '  Hello,\r\neveryone  ' });
    // The contract's fields (the API may add more around them).
    expect(ack).toEqual({
      ok: true,
      message: expect.objectContaining({
        id: expect.stringMatching(/^[0-9a-f-]{36}$/),
        spaceId: space.id,
        seq: 1,
        clientId,
        author: publicUser(alice),
        body: 'Hello,\neveryone',
        replyToId: null,
        replyTo: null,
        mentions: [],
        createdAt: expect.any(String),
        editedAt: null,
        deletedAt: null,
        reactions: [],
      }),
    });
    if (!ack.ok) throw new Error('unreachable');
    expect(await toBob).toEqual({ message: ack.message });
    expect(await toCarol).toEqual({ message: ack.message });
    expect(await toAlice).toEqual({ message: ack.message });
    expect(Date.parse(ack.message.createdAt)).toBeGreaterThan(Date.now() - 60_000);

    expect(await call(c, 'space:join', { spaceId: space.id })).toEqual({ ok: true, lastMessageId: ack.message.id, lastSeq: 1 });
    expect((await history(bob, space.id)).items).toEqual([ack.message]);
  });

  it("one copy to each socket: the author's other tabs (in the room or not), the room, none to a blocker; an edit after a reaction too", async () => {
    const { alice, space, a, b } = await pair();
    const blocker = await registerUser(api.url);
    await blocker.agent.post(`/api/spaces/${space.id}/join`).send({}).expect(200);
    const blocked = await connectAndJoin(api.url, blocker, space.id);
    await blocker.agent.post(`/api/users/${alice.user.id}/block`).expect(204);
    // Alice's second tab has joined the room; her third is on another page and joined nothing.
    const [a2, a3] = await Promise.all([connectAndJoin(api.url, alice, space.id), connect(api.url, { cookie: alice.cookie })]);
    const heard = [a, a2, a3, b, blocked].map((socket) => collect(socket, 'message:new'));
    const sent = await send(a, space.id, 'hello, each of you once');
    // A reaction makes the author's copy differ from everyone's ("mine"); the edit still reaches each once.
    const updates = [a, a2, a3, b, blocked].map((socket) => collect(socket, 'message:updated'));
    expect((await call(b, 'message:react', { messageId: sent.id, kind: 'hug' })).ok).toBe(true);
    expect((await call(a, 'message:react', { messageId: sent.id, kind: 'hug' })).ok).toBe(true);
    expect((await call(a, 'message:edit', { messageId: sent.id, body: 'hello again, each of you once' })).ok).toBe(true);
    await sleep(300);

    expect(heard.map((h) => h.items.map((e) => e.message.body))).toEqual([
      ['hello, each of you once'],
      ['hello, each of you once'],
      ['hello, each of you once'],
      ['hello, each of you once'],
      [],
    ]);
    const edits = updates.map((u) =>
      u.items.filter((e) => e.message.editedAt !== null).map((e) => [e.message.body, e.message.reactions.find((r) => r.kind === 'hug')?.mine]),
    );
    expect(edits).toEqual([
      [['hello again, each of you once', true]],
      [['hello again, each of you once', true]],
      [['hello again, each of you once', true]],
      [['hello again, each of you once', false]],
      [],
    ]);
  });

  it('the same clientId twice stores one message, acks the same id and broadcasts once', async () => {
    const { alice, bob, space, a, b } = await pair();
    const heard = collect(b, 'message:new');
    const clientId = crypto.randomUUID();
    const first = await call(a, 'message:send', { spaceId: space.id, clientId, body: 'only once' });
    const again = await call(a, 'message:send', { spaceId: space.id, clientId, body: 'only once' });
    // Even with a different body, a resend of that clientId is the stored message.
    const third = await call(a, 'message:send', { spaceId: space.id, clientId, body: 'changed my mind' });
    // And over REST too.
    const rest = await alice.agent.post(`/api/spaces/${space.id}/messages`).send({ clientId, body: 'only once' }).expect(201);
    expect(first.ok && again.ok && third.ok).toBe(true);
    if (!first.ok || !again.ok || !third.ok) return;
    expect(again.message).toEqual(first.message);
    expect(third.message).toEqual(first.message);
    expect(rest.body.message).toEqual(first.message);
    await sleep(300);
    expect(heard.items.map((e) => e.message.id)).toEqual([first.message.id]);
    expect((await history(bob, space.id)).items.map((m) => m.id)).toEqual([first.message.id]);

    // Resends racing each other still store one.
    const racing = crypto.randomUUID();
    const acks = await Promise.all([1, 2, 3, 4].map(() => call(a, 'message:send', { spaceId: space.id, clientId: racing, body: 'race' })));
    const ids = new Set(acks.map((x) => (x.ok ? x.message.id : x.error)));
    expect(ids.size).toBe(1);
    expect(await messageCount(space.id)).toBe(2);

    // Another person's clientId is theirs: the same value from Bob is a message of its own.
    const bobs = await call(b, 'message:send', { spaceId: space.id, clientId, body: 'mine' });
    expect(bobs.ok && bobs.message.id).not.toBe(first.message.id);
    expect(await messageCount(space.id)).toBe(3);
  });

  it('concurrent sends from three people: every receiver sees the same messages, seq without gaps or duplicates', async () => {
    const people = await Promise.all([1, 2, 3, 4].map(() => registerUser(api.url)));
    const space = await createSpace(people[0], {}, people.slice(1));
    const sockets = await Promise.all(people.map((p) => connectAndJoin(api.url, p, space.id)));
    const heard = sockets.map((s) => collect(s, 'message:new'));
    const senders = sockets.slice(0, 3);
    const acks = await Promise.all(
      // Sent together, they are stored in shared statements (insert-batcher.ts); some clientIds in
      // upper case, which Postgres answers in lower case, must still find their own send.
      senders.flatMap((s, i) =>
        Array.from({ length: 8 }, (_, n) => {
          const clientId = crypto.randomUUID();
          return call(s, 'message:send', { spaceId: space.id, clientId: n % 2 ? clientId.toUpperCase() : clientId, body: `sender ${i} #${n}` });
        }),
      ),
    );
    expect(acks.every((x) => x.ok)).toBe(true);
    const all = await Promise.all(heard.map((h) => h.waitFor(24)));
    await sleep(200);

    const seqs = acks.map((x) => (x.ok ? x.message.seq : -1)).sort((x, y) => x - y);
    expect(seqs).toEqual(Array.from({ length: 24 }, (_, i) => i + 1));
    const reference = [...all[0]].sort((x, y) => x.message.seq - y.message.seq).map((e) => `${e.message.seq}:${e.message.id}`);
    expect(new Set(reference).size).toBe(24);
    for (const events of all) {
      expect(events).toHaveLength(24);
      expect([...events].sort((x, y) => x.message.seq - y.message.seq).map((e) => `${e.message.seq}:${e.message.id}`)).toEqual(reference);
    }
    // One process fans out in one order: every receiver got them in the same arrival order.
    const arrival = all[0].map((e) => e.message.id);
    for (const events of all) expect(events.map((e) => e.message.id)).toEqual(arrival);
    // Every body arrived exactly once.
    expect(all[0].map((e) => e.message.body).sort()).toEqual(senders.flatMap((_, i) => Array.from({ length: 8 }, (_, n) => `sender ${i} #${n}`)).sort());
    const stored = (await history(people[3], space.id, '?limit=100')).items;
    expect(stored.map((m) => `${m.seq}:${m.id}`).reverse()).toEqual(reference);
  });

  it('sends stored together in one statement take their spaces\' next numbers in order, each read back for its broadcast; a resend stores nothing', async () => {
    // The statement the API runs when plain sends arrive while others are with Postgres
    // (insert-batcher.ts), run here directly so that a batch is certain.
    const { alice, bob, space, a } = await pair();
    const other = await createSpace(bob, {}, [alice]);
    const before = await call(a, 'message:send', { spaceId: space.id, clientId: crypto.randomUUID(), body: 'first, alone' });
    if (!before.ok) throw new Error(before.error);
    await bob.agent.post(`/api/users/${alice.user.id}/block`).expect(204);
    type Stored = { id: string | null; space_id: string | null; seq: string | null; client_id: string | null; body: string | null; reply_body: string | null; author_blockers: string[] | null };
    const batch = (rows: (string | null)[][]) =>
      api.sql<Stored>(INSERT_MESSAGES_AS_AUTHOR, [0, 1, 2, 3, 4].map((c) => rows.map((r) => r[c])).concat([rows.map(() => 'visible')]));
    const resent = crypto.randomUUID();
    const twice = crypto.randomUUID();
    await batch([[space.id, resent, alice.user.id, 'a resend', null]]);
    const stored = await batch([
      [space.id, crypto.randomUUID(), alice.user.id, 'one', null],
      [other.id, crypto.randomUUID(), bob.user.id, 'elsewhere', null],
      [space.id, resent, alice.user.id, 'a resend', null],
      [space.id, twice, bob.user.id, 'twice in one batch', before.message.id],
      [space.id, twice, bob.user.id, 'twice in one batch', before.message.id],
      // An upper-case clientId is the same uuid: a resend, answered by its row all the same.
      [space.id, before.message.clientId.toUpperCase(), alice.user.id, 'a resend of the first', null],
    ]);
    // One answer per message, in their order; a resend's is empty. The same clientId twice in one
    // batch is stored once (both rows point at it: the API answers the second as a resend).
    expect(stored.map((r) => [r.space_id, r.seq === null ? null : Number(r.seq), r.body])).toEqual([
      [space.id, 3, 'one'],
      [other.id, 1, 'elsewhere'],
      [null, null, null],
      [space.id, 5, 'twice in one batch'],
      [space.id, 5, 'twice in one batch'],
      [null, null, null],
    ]);
    // Read back as the broadcast needs it: the quote, and who blocked the author.
    expect(stored[3].reply_body).toBe('first, alone');
    expect(stored[0].author_blockers).toEqual([bob.user.id]);
    // Numbers go in the batch's order; a resend's is skipped, as a lone resend's is (the space's
    // counter moves before the insert finds it stored), and the counter is past them all.
    const seqs = async (id: string) => (await api.sql<{ seq: string }>('SELECT seq FROM messages WHERE space_id = $1 ORDER BY seq', [id])).map((r) => Number(r.seq));
    expect(await seqs(space.id)).toEqual([1, 2, 3, 5]);
    const [{ last_seq }] = await api.sql<{ last_seq: string }>('SELECT last_seq FROM spaces WHERE id = $1', [space.id]);
    expect(Number(last_seq)).toBe(7);
  });

  it('messages:since after a deliberate disconnect returns exactly what was missed, oldest first', async () => {
    const { bob, space, a, b } = await pair();
    const seen = nextEvent(b, 'message:new');
    await send(a, space.id, 'before');
    const last = (await seen).message;
    b.disconnect();
    const missed: Message[] = [];
    for (let i = 1; i <= 5; i++) missed.push(await send(a, space.id, `missed ${i}`));

    const again = await connect(api.url, { cookie: bob.cookie });
    const joined = await call(again, 'space:join', { spaceId: space.id });
    expect(joined).toEqual({ ok: true, lastMessageId: missed[4].id, lastSeq: last.seq + 5 });
    const since = await call(again, 'messages:since', { spaceId: space.id, afterId: last.id });
    expect(since).toEqual({ ok: true, messages: missed, hasMore: false });

    // From the start (no afterId): everything; after the newest: nothing.
    const everything = await call(again, 'messages:since', { spaceId: space.id, afterId: null });
    expect(everything.ok && everything.messages.map((m) => m.body)).toEqual(['before', 'missed 1', 'missed 2', 'missed 3', 'missed 4', 'missed 5']);
    expect(await call(again, 'messages:since', { spaceId: space.id })).toEqual(everything);
    expect(await call(again, 'messages:since', { spaceId: space.id, afterId: missed[4].id })).toEqual({ ok: true, messages: [], hasMore: false });
    // An id not in this space is not a cursor.
    expect(await call(again, 'messages:since', { spaceId: space.id, afterId: crypto.randomUUID() })).toEqual(expect.objectContaining({ ok: false, error: 'MESSAGE_NOT_FOUND' }));
    const other = await createSpace(bob);
    expect(await call(again, 'messages:since', { spaceId: other.id, afterId: last.id })).toEqual(expect.objectContaining({ ok: false, error: 'MESSAGE_NOT_FOUND' }));
  });

  it('messages:since pages long gaps: 500 at a time with hasMore, then the rest', async () => {
    const { alice, space, b } = await pair();
    // A long absence, arranged in the database: 501 messages by Alice.
    await api.sql(
      `WITH s AS (UPDATE spaces SET last_seq = last_seq + 501 WHERE id = $1 RETURNING last_seq)
       INSERT INTO messages (space_id, seq, client_id, author_id, body)
       SELECT $1, s.last_seq - 501 + g, gen_random_uuid(), $2, 'bulk ' || g FROM s, generate_series(1, 501) g`,
      [space.id, alice.user.id],
    );
    const first = await call(b, 'messages:since', { spaceId: space.id, afterId: null });
    if (!first.ok) throw new Error(JSON.stringify(first));
    expect(first.hasMore).toBe(true);
    expect(first.messages).toHaveLength(500);
    expect(first.messages.map((m) => m.seq)).toEqual(Array.from({ length: 500 }, (_, i) => i + 1));
    const rest = await call(b, 'messages:since', { spaceId: space.id, afterId: first.messages[499].id });
    expect(rest.ok && rest.messages.map((m) => m.body)).toEqual(['bulk 501']);
    expect(rest.ok && rest.hasMore).toBe(false);
    // Sending continues the sequence.
    expect((await send(b, space.id, 'after the gap')).seq).toBe(502);
  });

  it('REST: send works like the event; history is newest first with a message-id cursor', async () => {
    const { alice, bob, space, b } = await pair();
    const heard = nextEvent(b, 'message:new');
    const posted = await alice.agent.post(`/api/spaces/${space.id}/messages`).send({ clientId: crypto.randomUUID(), body: 'over REST' }).expect(201);
    expect((await heard).message).toEqual(posted.body.message);
    for (let i = 2; i <= 5; i++) await alice.agent.post(`/api/spaces/${space.id}/messages`).send({ clientId: crypto.randomUUID(), body: `m${i}` }).expect(201);

    const page1 = await history(bob, space.id, '?limit=2');
    expect(page1.items.map((m) => m.body)).toEqual(['m5', 'm4']);
    const page2 = await history(bob, space.id, `?limit=2&before=${page1.nextCursor}`);
    expect(page2.items.map((m) => m.body)).toEqual(['m3', 'm2']);
    const page3 = await history(bob, space.id, `?limit=2&before=${page2.nextCursor}`);
    expect(page3).toEqual({ items: [expect.objectContaining({ body: 'over REST' })], nextCursor: null });

    expectFieldError(await bob.agent.get(`/api/spaces/${space.id}/messages?before=abc`), 'before');
    expectFieldError(await bob.agent.get(`/api/spaces/${space.id}/messages?limit=101`), 'limit');
    expectFieldError(await bob.agent.get(`/api/spaces/${space.id}/messages?limit=0`), 'limit');
    expectProblem(await bob.agent.get(`/api/spaces/${space.id}/messages?before=${crypto.randomUUID()}`), 404, 'MESSAGE_NOT_FOUND');
    expectProblem(await bob.agent.get(`/api/spaces/not-a-uuid/messages`), 404, 'NOT_FOUND');
    expectFieldError(await alice.agent.post(`/api/spaces/${space.id}/messages`).send({ clientId: crypto.randomUUID(), body: '' }), 'body');
    expectFieldError(await alice.agent.post(`/api/spaces/${space.id}/messages`).send({ clientId: crypto.randomUUID(), body: 'x', spaceId: space.id }), 'spaceId');
    expect(await messageCount(space.id)).toBe(5);
  });
});

describe('replies', () => {
  it('carry a short quote of the message replied to; a reply to another space is REPLY_NOT_FOUND', async () => {
    const { alice, bob, space, a, b } = await pair();
    const long = 'L'.repeat(300);
    const original = await send(a, space.id, long);
    const heard = nextEvent(a, 'message:new', 3_000, (e) => e.message.author?.id === bob.user.id);
    const reply = await send(b, space.id, 'replying', { replyToId: original.id });
    expect(reply.replyToId).toBe(original.id);
    expect(reply.replyTo).toEqual({ id: original.id, author: publicUser(alice), excerpt: 'L'.repeat(140), deleted: false, blocked: false });
    expect((await heard).message).toEqual(reply);

    const elsewhere = await createSpace(bob);
    const bobElsewhere = await connectAndJoin(api.url, bob, elsewhere.id);
    const foreign = await send(bobElsewhere, elsewhere.id, 'another space');
    const before = await messageCount(space.id);
    for (const replyToId of [foreign.id, crypto.randomUUID()]) {
      expect(await call(b, 'message:send', { spaceId: space.id, clientId: crypto.randomUUID(), body: 'x', replyToId })).toEqual(
        expect.objectContaining({ ok: false, error: 'REPLY_NOT_FOUND' }),
      );
    }
    expectProblem(await bob.agent.post(`/api/spaces/${space.id}/messages`).send({ clientId: crypto.randomUUID(), body: 'x', replyToId: foreign.id }), 422, 'REPLY_NOT_FOUND');
    expect(await messageCount(space.id)).toBe(before);

    // Once the original is deleted, the quote says so and shows nothing of it.
    await call(a, 'message:delete', { messageId: original.id });
    const quoted = (await history(bob, space.id)).items.find((m) => m.id === reply.id)!;
    expect(quoted.replyTo).toEqual({ id: original.id, author: publicUser(alice), excerpt: '', deleted: true, blocked: false });
  });
});

describe('edits', () => {
  it('the author edits; the room gets message:updated; revisions go to the author, moderators and hosts only', async () => {
    const host = await registerUser(api.url);
    const moderator = await registerUser(api.url);
    const author = await registerUser(api.url);
    const reader = await registerUser(api.url);
    const space = await createSpace(host, {}, [moderator, author, reader]);
    await host.agent.patch(`/api/spaces/${space.id}/members/${moderator.user.id}`).send({ role: 'moderator' }).expect(204);
    const [authorSocket, readerSocket] = await Promise.all([connectAndJoin(api.url, author, space.id), connectAndJoin(api.url, reader, space.id)]);
    const original = await send(authorSocket, space.id, 'first words');

    const updated = nextEvent(readerSocket, 'message:updated');
    const ack = await call(authorSocket, 'message:edit', { messageId: original.id, body: 'better words' });
    expect(ack).toEqual({ ok: true, message: { ...original, body: 'better words', editedAt: expect.any(String) } });
    expect((await updated).message).toEqual(expect.objectContaining({ id: original.id, seq: original.seq, body: 'better words', editedAt: expect.any(String) }));
    await call(authorSocket, 'message:edit', { messageId: original.id, body: 'best words' });

    const expected = { items: [{ body: 'first words', kind: 'edit', replacedAt: expect.any(String) }, { body: 'better words', kind: 'edit', replacedAt: expect.any(String) }] };
    for (const who of [author, moderator, host]) {
      expect((await who.agent.get(`/api/spaces/${space.id}/messages/${original.id}/revisions`).expect(200)).body).toEqual(expected);
    }
    expectProblem(await reader.agent.get(`/api/spaces/${space.id}/messages/${original.id}/revisions`), 403, 'FORBIDDEN');
    const other = await createSpace(host);
    expectProblem(await host.agent.get(`/api/spaces/${other.id}/messages/${original.id}/revisions`), 404, 'MESSAGE_NOT_FOUND');
    expectProblem(await host.agent.get(`/api/spaces/${space.id}/messages/${crypto.randomUUID()}/revisions`), 404, 'MESSAGE_NOT_FOUND');

    // Someone else cannot edit it, not even a host (moderation has its own tools).
    const silence = expectNoEvent(readerSocket, 'message:updated');
    expect(await call(readerSocket, 'message:edit', { messageId: original.id, body: 'hijacked' })).toEqual(expect.objectContaining({ ok: false, error: 'NOT_YOUR_MESSAGE' }));
    const hostSocket = await connectAndJoin(api.url, host, space.id);
    expect(await call(hostSocket, 'message:edit', { messageId: original.id, body: 'hijacked' })).toEqual(expect.objectContaining({ ok: false, error: 'NOT_YOUR_MESSAGE' }));
    expect(await call(readerSocket, 'message:edit', { messageId: crypto.randomUUID(), body: 'nothing' })).toEqual(expect.objectContaining({ ok: false, error: 'MESSAGE_NOT_FOUND' }));
    await silence;
    expect((await history(reader, space.id)).items[0].body).toBe('best words');
  });
});

describe('deletes', () => {
  it('leave a tombstone, broadcast message:deleted, and refuse further edits, deletes and reactions', async () => {
    const { alice, bob, space, a, b } = await pair();
    const msg = await send(a, space.id, 'regret @' + bob.user.username);
    expect(msg.mentions).toEqual([bob.user.id]);
    await call(b, 'message:react', { messageId: msg.id, kind: 'hug' });

    const deleted = nextEvent(b, 'message:deleted');
    expect(await call(b, 'message:delete', { messageId: msg.id })).toEqual(expect.objectContaining({ ok: false, error: 'NOT_YOUR_MESSAGE' }));
    expect(await call(a, 'message:delete', { messageId: msg.id })).toEqual({ ok: true, id: msg.id, spaceId: space.id });
    expect(await deleted).toEqual({ id: msg.id, spaceId: space.id });

    const tomb = (await history(bob, space.id)).items[0];
    expect(tomb).toEqual({ ...msg, body: '', mentions: [], reactions: [], deletedAt: expect.any(String) });
    const since = await call(b, 'messages:since', { spaceId: space.id, afterId: null });
    expect(since.ok && since.messages).toEqual([tomb]);

    for (const [event, payload] of [
      ['message:edit', { messageId: msg.id, body: 'second thoughts' }],
      ['message:delete', { messageId: msg.id }],
    ] as const) {
      expect(await call(a, event, payload)).toEqual(expect.objectContaining({ ok: false, error: 'MESSAGE_DELETED' }));
    }
    expect(await call(b, 'message:react', { messageId: msg.id, kind: 'heart' })).toEqual(expect.objectContaining({ ok: false, error: 'MESSAGE_DELETED' }));
    // The text is kept for moderators only.
    expect((await alice.agent.get(`/api/spaces/${space.id}/messages/${msg.id}/revisions`).expect(200)).body.items).toEqual([
      { body: 'regret @' + bob.user.username, kind: 'delete', replacedAt: expect.any(String) },
    ]);
    const row = await api.sql<{ body: string }>('SELECT body FROM messages WHERE id = $1', [msg.id]);
    expect(row[0].body).toBe('');
  });
});

describe('reactions', () => {
  it('count per kind, show whether I reacted, toggle off, and reject unknown kinds', async () => {
    const { alice, space, a, b } = await pair();
    const carol = await registerUser(api.url);
    await carol.agent.post(`/api/spaces/${space.id}/join`).send({}).expect(200);
    const c = await connectAndJoin(api.url, carol, space.id);
    const msg = await send(a, space.id, 'I got the flat!');

    const update = nextEvent(a, 'message:updated');
    const mine = await call(b, 'message:react', { messageId: msg.id, kind: 'heart' });
    expect(mine).toEqual({ ok: true, message: { ...msg, reactions: [{ kind: 'heart', count: 1, mine: true }] } });
    // The broadcast carries counts only; "mine" is each reader's own.
    expect((await update).message.reactions).toEqual([{ kind: 'heart', count: 1, mine: false }]);

    await call(c, 'message:react', { messageId: msg.id, kind: 'heart' });
    const both = await call(c, 'message:react', { messageId: msg.id, kind: 'strength' });
    expect(both.ok && both.message.reactions).toEqual([
      { kind: 'heart', count: 2, mine: true },
      { kind: 'strength', count: 1, mine: true },
    ]);
    const off = await call(b, 'message:react', { messageId: msg.id, kind: 'heart' });
    expect(off.ok && off.message.reactions).toEqual([
      { kind: 'heart', count: 1, mine: false },
      { kind: 'strength', count: 1, mine: false },
    ]);

    for (const kind of ['thumbsdown', 'HEART', '', 5, null]) {
      const bad = await call(b, 'message:react', { messageId: msg.id, kind });
      expect(bad).toEqual(expect.objectContaining({ ok: false, error: 'VALIDATION_FAILED', errors: [expect.objectContaining({ path: 'kind' })] }));
    }
    expect(await call(b, 'message:react', { messageId: crypto.randomUUID(), kind: 'heart' })).toEqual(expect.objectContaining({ ok: false, error: 'MESSAGE_NOT_FOUND' }));
    expect((await history(alice, space.id)).items[0].reactions).toEqual([
      { kind: 'heart', count: 1, mine: false },
      { kind: 'strength', count: 1, mine: false },
    ]);
    expect((await history(carol, space.id)).items[0].reactions).toEqual([
      { kind: 'heart', count: 1, mine: true },
      { kind: 'strength', count: 1, mine: true },
    ]);
  });
});

describe('mentions', () => {
  it('@username of a member is recorded; a non-member or unknown name is not; an edit replaces them', async () => {
    const { bob, space, a } = await pair();
    const outsider = await registerUser(api.url);
    const msg = await send(a, space.id, `@${bob.user.username.toUpperCase()}, and @${outsider.user.username} and @nobody_here_at_all, and mail@${bob.user.username}`);
    expect(msg.mentions).toEqual([bob.user.id]);
    const plain = await send(a, space.id, 'no mentions here');
    expect(plain.mentions).toEqual([]);
    const edited = await call(a, 'message:edit', { messageId: msg.id, body: 'forget it' });
    expect(edited.ok && edited.message.mentions).toEqual([]);
    const readded = await call(a, 'message:edit', { messageId: plain.id, body: `thanks @${bob.user.username}!` });
    expect(readded.ok && readded.message.mentions).toEqual([bob.user.id]);
  });

  it('are stored with their message: the broadcast, a resend and the history all carry them, and the person is told once', async () => {
    const { bob, space, a, b } = await pair();
    const heard = collect(b, 'message:new');
    const clientId = crypto.randomUUID();
    const body = `@${bob.user.username} @${bob.user.username} see you at six`;
    const first = await call(a, 'message:send', { spaceId: space.id, clientId, body });
    const again = await call(a, 'message:send', { spaceId: space.id, clientId, body });
    expect(first.ok && first.message.mentions).toEqual([bob.user.id]);
    expect(again.ok && again.message).toEqual(first.ok && first.message);
    await sleep(300);
    expect(heard.items.map((e) => [e.message.id, e.message.mentions])).toEqual([[first.ok && first.message.id, [bob.user.id]]]);
    expect((await history(bob, space.id)).items.map((m) => m.mentions)).toEqual([[bob.user.id]]);
    const [{ n }] = await api.sql<{ n: string }>('SELECT count(*) AS n FROM message_mentions WHERE message_id = $1', [first.ok && first.message.id]);
    expect(Number(n)).toBe(1);
    const told = async () =>
      Number((await api.sql<{ n: string }>(`SELECT count(*) AS n FROM notifications WHERE user_id = $1 AND kind = 'chat.mention' AND subject_id = $2`, [bob.user.id, first.ok && first.message.id]))[0].n);
    for (let waited = 0; (await told()) === 0 && waited < 3000; waited += 100) await sleep(100);
    await sleep(300);
    expect(await told()).toBe(1);
  });
});

describe('unread counts', () => {
  it('count others’ messages after my read mark; POST read moves it, never backwards nor past the end', async () => {
    const { alice, bob, space, a, b } = await pair();
    const unread = async (who: RegisteredUser) => (await who.agent.get(`/api/spaces/${space.id}`).expect(200)).body;
    const m1 = await send(a, space.id, 'one');
    await send(a, space.id, 'two');
    const m3 = await send(a, space.id, 'three');
    await send(b, space.id, 'bob says');
    expect((await unread(bob)).unreadCount).toBe(3);
    expect((await unread(alice)).unreadCount).toBe(1);

    await bob.agent.post(`/api/spaces/${space.id}/read`).send({ seq: m1.seq }).expect(204);
    expect(await unread(bob)).toEqual(expect.objectContaining({ unreadCount: 2, lastSeq: 4, membership: expect.objectContaining({ lastReadSeq: 1 }) }));
    await bob.agent.post(`/api/spaces/${space.id}/read`).send({ seq: 0 }).expect(204);
    expect((await unread(bob)).unreadCount).toBe(2);
    // A deleted message no longer counts.
    await call(a, 'message:delete', { messageId: m3.id });
    expect((await unread(bob)).unreadCount).toBe(1);
    await bob.agent.post(`/api/spaces/${space.id}/read`).send({ seq: 9999 }).expect(204);
    expect(await unread(bob)).toEqual(expect.objectContaining({ unreadCount: 0, membership: expect.objectContaining({ lastReadSeq: 4 }) }));
    // The mark stops at the end, so a new message counts again.
    await send(a, space.id, 'four');
    expect((await unread(bob)).unreadCount).toBe(1);
    // The list carries the count too.
    const listed = (await bob.agent.get('/api/spaces?mine=true').expect(200)).body.items.find((s: { id: string }) => s.id === space.id);
    expect(listed.unreadCount).toBe(1);

    const outsider = await registerUser(api.url);
    expectProblem(await outsider.agent.post(`/api/spaces/${space.id}/read`).send({ seq: 1 }), 403, 'NOT_A_MEMBER');
    expect((await unread(outsider)).unreadCount).toBe(0);
  });
});
