/**
 * Edits, reactions and deletes pass the same screen as sends (mute, watched words, approval, the
 * target's moderation state), and every broadcast carries only what each recipient may see: a
 * removed message reaches others as a tombstone, its reason only its author, a held one nobody else.
 */
import { startApi, type TestApi } from '../support/api-server.js';
import { call, closeAllSockets, collect, connectAndJoin, expectNoEvent, nextEvent, sleep, type ChatClient } from '../support/sockets.js';
import { registerUser, type RegisteredUser } from '../support/users.js';

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- JSON answers, checked field by field
type Json = Record<string, any>;

let api: TestApi;
let host: RegisteredUser;
let moderator: RegisteredUser;

async function space(settings: Json, ...members: RegisteredUser[]): Promise<Json> {
  const s = (await host.agent.post('/api/spaces').send({ name: `Edits ${crypto.randomUUID().slice(0, 8)}`, description: 'Peers', visibility: 'public' }).expect(201)).body;
  for (const who of [moderator, ...members]) await who.agent.post(`/api/spaces/${s.id}/join`).send({ acceptGuidelines: true }).expect(200);
  await host.agent.patch(`/api/spaces/${s.id}/members/${moderator.user.id}`).send({ role: 'moderator' }).expect(204);
  if (Object.keys(settings).length) await host.agent.put(`/api/spaces/${s.id}/moderation-settings`).send(settings).expect(200);
  return s;
}
async function send(socket: ChatClient, spaceId: string, body: string): Promise<Json> {
  const ack = await call(socket, 'message:send', { spaceId, clientId: crypto.randomUUID(), body });
  if (!ack.ok) throw new Error(JSON.stringify(ack));
  return ack.message;
}
async function moderate(reporter: RegisteredUser, messageId: string, action: string, extra: Json = {}) {
  const item = (await reporter.agent.post('/api/reports').send({ targetType: 'message', targetId: messageId, reason: 'harassment' }).expect(201)).body.reviewItemId;
  await moderator.agent.post(`/api/moderation/items/${item}/resolve`).send({ action, note: 'REASON-FOR-AUTHOR-ONLY', ...extra }).expect(200);
}
const stored = async (id: string) => (await api.sql<{ body: string; moderation_state: string }>('SELECT body, moderation_state FROM messages WHERE id = $1', [id]))[0];
/** Everything a socket received, as one string, to look for words it must never have got. */
const heard = (events: { items: unknown[] }[]) => JSON.stringify(events.flatMap((e) => e.items));

beforeAll(async () => {
  api = await startApi({ env: { CHAT_SEND_LIMIT: '1000' } });
  [host, moderator] = await Promise.all([registerUser(api.url), registerUser(api.url)]);
});
afterEach(() => closeAllSockets());
afterAll(() => api?.stop());

describe('a message moderators removed', () => {
  it('cannot be edited or reacted to, and nobody else ever hears its words or the reason', async () => {
    const [author, reader] = await Promise.all([registerUser(api.url), registerUser(api.url)]);
    const s = await space({}, author, reader);
    const [authorSocket, readerSocket] = await Promise.all([connectAndJoin(api.url, author, s.id), connectAndJoin(api.url, reader, s.id)]);
    // The reader legitimately hears the message before it is removed: wait for that broadcast
    // (it can land after the sender's ack) before collecting what must never carry the words.
    const readerHeardIt = nextEvent(readerSocket, 'message:new', 10_000);
    const message = await send(authorSocket, s.id, 'SECRET-HARMFUL-WORDS here');
    await readerHeardIt;
    const readerEvents = [collect(readerSocket, 'message:updated'), collect(readerSocket, 'message:new')];
    const authorTold = nextEvent(authorSocket, 'message:updated', 10_000, (p) => p.message.id === message.id);
    await moderate(reader, message.id, 'remove');

    // Live, everyone gets the tombstone; the author alone reads the words and the reason.
    expect((await authorTold).message).toEqual(expect.objectContaining({ body: '', moderation: { state: 'removed', reason: null } }));
    await readerEvents[0].waitFor(1, 10_000);
    const own = (await author.agent.get(`/api/spaces/${s.id}/messages`).expect(200)).body.items;
    expect(own).toEqual([expect.objectContaining({ body: 'SECRET-HARMFUL-WORDS here', moderation: { state: 'removed', reason: 'REASON-FOR-AUTHOR-ONLY' } })]);

    const edit = await call(authorSocket, 'message:edit', { messageId: message.id, body: 'SECRET-HARMFUL-WORDS again' });
    expect(edit).toEqual(expect.objectContaining({ ok: false, error: 'MESSAGE_MODERATED' }));
    const ownReaction = await call(authorSocket, 'message:react', { messageId: message.id, kind: 'heart' });
    expect(ownReaction).toEqual(expect.objectContaining({ ok: false, error: 'MESSAGE_MODERATED' }));
    const otherReaction = await call(readerSocket, 'message:react', { messageId: message.id, kind: 'heart' });
    expect(otherReaction).toEqual(expect.objectContaining({ ok: false, error: 'MESSAGE_MODERATED' }));
    await sleep(300);

    expect(readerEvents[0].items).toEqual([{ message: expect.objectContaining({ id: message.id, body: '', moderation: { state: 'removed', reason: null } }) }]);
    expect(heard(readerEvents)).not.toContain('SECRET-HARMFUL-WORDS');
    expect(heard(readerEvents)).not.toContain('REASON-FOR-AUTHOR-ONLY');
    expect((await stored(message.id)).body).toBe('SECRET-HARMFUL-WORDS here');
    const [{ n }] = await api.sql<{ n: number }>('SELECT count(*)::int AS n FROM message_reactions WHERE message_id = $1', [message.id]);
    expect(n).toBe(0);

    // The author may still take it down themselves; the others get a plain "deleted".
    const deleted = nextEvent(readerSocket, 'message:deleted', 10_000);
    expect(await call(authorSocket, 'message:delete', { messageId: message.id })).toEqual(expect.objectContaining({ ok: true }));
    expect(await deleted).toEqual({ id: message.id, spaceId: s.id });
  });

  it('a reaction to a visible message goes to others without anyone’s own view in it', async () => {
    const [author, reader] = await Promise.all([registerUser(api.url), registerUser(api.url)]);
    const s = await space({}, author, reader);
    const [authorSocket, readerSocket] = await Promise.all([connectAndJoin(api.url, author, s.id), connectAndJoin(api.url, reader, s.id)]);
    const message = await send(authorSocket, s.id, 'hello all');
    const toReader = nextEvent(readerSocket, 'message:updated', 10_000);
    const toAuthor = nextEvent(authorSocket, 'message:updated', 10_000);
    expect(await call(authorSocket, 'message:react', { messageId: message.id, kind: 'heart' })).toEqual(expect.objectContaining({ ok: true }));
    expect((await toReader).message.reactions).toEqual([{ kind: 'heart', count: 1, mine: false }]);
    expect((await toAuthor).message.reactions).toEqual([{ kind: 'heart', count: 1, mine: true }]);
  });
});

describe('a message held for first-message approval', () => {
  it('stays held when its author edits it: nobody else hears the edit; a moderator still decides', async () => {
    const [author, reader] = await Promise.all([registerUser(api.url), registerUser(api.url)]);
    const s = await space({ approveFirstMessages: true }, author, reader);
    const [authorSocket, readerSocket] = await Promise.all([connectAndJoin(api.url, author, s.id), connectAndJoin(api.url, reader, s.id)]);
    const silence = expectNoEvent(readerSocket, ['message:new', 'message:updated', 'message:deleted'], 600);
    const held = await send(authorSocket, s.id, 'first words');
    expect(held.moderation).toEqual({ state: 'pending', reason: null });
    const edit = await call(authorSocket, 'message:edit', { messageId: held.id, body: 'HELD-EDITED words' });
    expect(edit).toEqual({ ok: true, message: expect.objectContaining({ body: 'HELD-EDITED words', moderation: { state: 'pending', reason: null } }) });
    // Nobody else can react to (or even find) it.
    expect(await call(readerSocket, 'message:react', { messageId: held.id, kind: 'heart' })).toEqual(expect.objectContaining({ ok: false, error: 'MESSAGE_NOT_FOUND' }));
    await silence;
    expect((await stored(held.id)).moderation_state).toBe('pending');
    const seen = (await reader.agent.get(`/api/spaces/${s.id}/messages`).expect(200)).body.items;
    expect(seen).toEqual([]);
    const queue = (await moderator.agent.get('/api/moderation/queue').query({ spaceId: s.id }).expect(200)).body.items;
    expect(queue).toEqual([expect.objectContaining({ targetId: held.id, kind: 'first_message', status: 'open' })]);

    // Let through, it reaches the reader as new, with the edited words.
    const released = nextEvent(readerSocket, 'message:new', 10_000);
    await moderator.agent.post(`/api/moderation/items/${queue[0].id}/resolve`).send({ action: 'dismiss', note: 'fine' }).expect(200);
    expect((await released).message).toEqual(expect.objectContaining({ id: held.id, body: 'HELD-EDITED words', moderation: null }));
  });

  it('deleting a held message tells nobody else', async () => {
    const [author, reader] = await Promise.all([registerUser(api.url), registerUser(api.url)]);
    const s = await space({ approveFirstMessages: true }, author, reader);
    const [authorSocket, readerSocket] = await Promise.all([connectAndJoin(api.url, author, s.id), connectAndJoin(api.url, reader, s.id)]);
    const held = await send(authorSocket, s.id, 'first words');
    const silence = expectNoEvent(readerSocket, 'message:deleted', 400);
    expect(await call(authorSocket, 'message:delete', { messageId: held.id })).toEqual(expect.objectContaining({ ok: true }));
    await silence;
  });
});

describe('an edit passes the send screen', () => {
  it('a muted member can neither edit an old message nor react', async () => {
    const [author, reader] = await Promise.all([registerUser(api.url), registerUser(api.url)]);
    const s = await space({}, author, reader);
    const [authorSocket, readerSocket] = await Promise.all([connectAndJoin(api.url, author, s.id), connectAndJoin(api.url, reader, s.id)]);
    const old = await send(authorSocket, s.id, 'an old harmless message');
    const readerHeardIt = nextEvent(readerSocket, 'message:new', 10_000, (p) => p.message.body === 'something rude');
    const reported = await send(authorSocket, s.id, 'something rude');
    await readerHeardIt;
    await moderate(reader, reported.id, 'mute', { until: new Date(Date.now() + 3_600_000).toISOString() });
    const silence = expectNoEvent(readerSocket, ['message:new', 'message:updated'], 400);
    expect(await call(authorSocket, 'message:edit', { messageId: old.id, body: 'posting through a mute' })).toEqual(expect.objectContaining({ ok: false, error: 'MUTED' }));
    expect(await call(authorSocket, 'message:react', { messageId: old.id, kind: 'heart' })).toEqual(expect.objectContaining({ ok: false, error: 'MUTED' }));
    await silence;
    expect((await stored(old.id)).body).toBe('an old harmless message');
    // Taking one's own words back stays possible.
    expect(await call(authorSocket, 'message:delete', { messageId: old.id })).toEqual(expect.objectContaining({ ok: true }));
  });

  it('a blocked watched word is refused on edit; an "approve" word holds the message again and others see it go', async () => {
    const [author, reader] = await Promise.all([registerUser(api.url), registerUser(api.url)]);
    const s = await space({}, author, reader);
    await moderator.agent.post('/api/moderation/watched-words').send({ word: 'idiot', action: 'block', spaceId: s.id }).expect(201);
    await moderator.agent.post('/api/moderation/watched-words').send({ word: 'address', action: 'approve', spaceId: s.id }).expect(201);
    const [authorSocket, readerSocket] = await Promise.all([connectAndJoin(api.url, author, s.id), connectAndJoin(api.url, reader, s.id)]);
    const message = await send(authorSocket, s.id, 'see you all tomorrow');

    const silence = expectNoEvent(readerSocket, 'message:updated', 300);
    expect(await call(authorSocket, 'message:edit', { messageId: message.id, body: 'you 1d10t' })).toEqual(expect.objectContaining({ ok: false, error: 'WATCHED_WORD_BLOCKED' }));
    await silence;
    expect((await stored(message.id)).body).toBe('see you all tomorrow');

    const readerEvents = [collect(readerSocket, 'message:updated'), collect(readerSocket, 'message:new')];
    const gone = nextEvent(readerSocket, 'message:deleted', 10_000);
    const edit = await call(authorSocket, 'message:edit', { messageId: message.id, body: 'her address is SECRET-ADDR street 5' });
    expect(edit).toEqual({ ok: true, message: expect.objectContaining({ moderation: { state: 'pending', reason: null } }) });
    expect(await gone).toEqual({ id: message.id, spaceId: s.id });
    await sleep(200);
    expect(heard(readerEvents)).not.toContain('SECRET-ADDR');
    expect((await stored(message.id)).moderation_state).toBe('pending');
    const queue = (await moderator.agent.get('/api/moderation/queue').query({ spaceId: s.id }).expect(200)).body.items;
    expect(queue).toEqual([expect.objectContaining({ targetId: message.id, kind: 'watched_word' })]);
    expect((await reader.agent.get(`/api/spaces/${s.id}/messages`).expect(200)).body.items).toEqual([]);
  });
});
