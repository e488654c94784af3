/**
 * The screen every message passes before it is stored: watched words in all six languages (block,
 * hold for approval, flag) through the usual evasions, slow mode and first-message approval.
 */
import { startApi, type TestApi } from '../support/api-server.js';
import { expectProblem } from '../support/http.js';
import { call, closeAllSockets, connectAndJoin, expectNoEvent, nextEvent, sleep, type ChatClient } from '../support/sockets.js';
import { registerUser, type RegisteredUser } from '../support/users.js';

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- JSON answers, checked field by field
type Json = Record<string, any>;

let api: TestApi;
let host: RegisteredUser;
let moderator: RegisteredUser;
let author: RegisteredUser;
let reader: RegisteredUser;

const ZW = '\u200B';
const ZWJ = '\u200D';
/**
 * Per language: the watched word, ways people write it to slip past a filter, and ordinary words
 * that merely contain it (which must pass).
 */
const LANGUAGES: Record<string, { word: string; evasions: string[]; innocent: string[] }> = {
  en: {
    word: 'idiot',
    evasions: ['IDIOT', 'Idiot!', 'ïdíöt', 'іdіоt' /* Cyrillic і, о */, '1d10t', 'i.d.i.o.t', `id${ZW}iot`, 'i d i o t', 'i-d-i-o-t'],
    innocent: ['that was idiotic of me', 'the idioms of English', 'an idiotism'],
  },
  hu: {
    word: 'hülye',
    evasions: ['hulye', 'HÜLYE', 'hülуе' /* Cyrillic у, е */, 'hüly3', 'h.ü.l.y.e', `hü${ZWJ}lye`, 'hűlye'],
    innocent: ['micsoda hülyeség', 'hülyeségeket beszél'],
  },
  sr: {
    word: 'будала',
    evasions: ['БУДАЛА', 'будaлa' /* Latin a */, 'б.у.д.а.л.а', `бу${ZW}дала`, 'будала́', 'б у д а л а'],
    innocent: ['будаласто понашање', 'прибудала'],
  },
  da: {
    word: 'røvhul',
    evasions: ['rovhul', 'RØVHUL', 'r0vhul', 'r.ø.v.h.u.l', `røv${ZW}hul`, 'rövhul', 'røvhυl' /* Greek upsilon */],
    innocent: ['røvhullets anatomi', 'hele røvhullerne'],
  },
  fi: {
    word: 'ääliö',
    evasions: ['aalio', 'ÄÄLIÖ', 'ääl1ö', 'ä.ä.l.i.ö', `ää${ZW}liö`, 'ääliо' /* Cyrillic о */, 'ä ä l i ö'],
    innocent: ['ääliömäinen käytös', 'ääliöt'],
  },
  sl: {
    word: 'kreten',
    evasions: ['KRETEN', 'kr3ten', 'krеten' /* Cyrillic е */, 'krétén', 'k.r.e.t.e.n', `kre${ZW}ten`, 'k_r_e_t_e_n'],
    innocent: ['kretenski', 'kretenizem je bolezen'],
  },
};

async function space(settings: Json = {}, ...members: RegisteredUser[]): Promise<Json> {
  const s = (await host.agent.post('/api/spaces').send({ name: `Screen ${crypto.randomUUID().slice(0, 8)}`, description: 'Peers', visibility: 'public' }).expect(201)).body;
  for (const who of [moderator, ...members]) await who.agent.post(`/api/spaces/${s.id}/join`).send({ acceptGuidelines: true }).expect(200);
  await host.agent.patch(`/api/spaces/${s.id}/members/${moderator.user.id}`).send({ role: 'moderator' }).expect(204);
  if (Object.keys(settings).length) await host.agent.put(`/api/spaces/${s.id}/moderation-settings`).send(settings).expect(200);
  return s;
}
async function watch(spaceId: string, action: string) {
  for (const [language, { word }] of Object.entries(LANGUAGES)) {
    await moderator.agent.post('/api/moderation/watched-words').send({ word, action, language, spaceId }).expect(201);
  }
}
const sentence = (w: string) => `honestly you ${w}, stop it`;
const trySend = (socket: ChatClient, spaceId: string, body: string, clientId: string = crypto.randomUUID()) => call(socket, 'message:send', { spaceId, clientId, body });
const restSend = (who: RegisteredUser, spaceId: string, body: string) => who.agent.post(`/api/spaces/${spaceId}/messages`).send({ clientId: crypto.randomUUID(), body });
const bodiesSeenBy = async (who: RegisteredUser, socket: ChatClient, spaceId: string) => {
  const rest = (await who.agent.get(`/api/spaces/${spaceId}/messages`).query({ limit: 100 }).expect(200)).body.items.map((m: Json) => m.body);
  const since = await call(socket, 'messages:since', { spaceId, afterId: null });
  if (!since.ok) throw new Error(JSON.stringify(since));
  return { rest: rest as string[], since: since.messages.map((m: Json) => m.body) as string[] };
};

beforeAll(async () => {
  api = await startApi({ env: { CHAT_SEND_LIMIT: '1000' } });
  [host, moderator, author, reader] = await Promise.all(Array.from({ length: 4 }, () => registerUser(api.url)));
});
afterEach(() => closeAllSockets());
afterAll(() => api?.stop());

describe('watched words', () => {
  it('block: every evasion in every language is refused over REST and socket; words that merely contain it pass', async () => {
    const s = await space({}, author, reader);
    await watch(s.id, 'block');
    const [authorSocket, readerSocket] = await Promise.all([connectAndJoin(api.url, author, s.id), connectAndJoin(api.url, reader, s.id)]);
    const missed: string[] = [];
    const silence = expectNoEvent(readerSocket, 'message:new', 100);
    for (const [language, { word, evasions }] of Object.entries(LANGUAGES)) {
      for (const variant of [word, ...evasions]) {
        const body = sentence(variant);
        const rest = await restSend(author, s.id, body);
        if (rest.status !== 422 || rest.body.code !== 'WATCHED_WORD_BLOCKED') missed.push(`${language} REST ${JSON.stringify(variant)}: ${rest.status} ${rest.body.code}`);
        const ack = await trySend(authorSocket, s.id, body);
        if (ack.ok || ack.error !== 'WATCHED_WORD_BLOCKED') missed.push(`${language} socket ${JSON.stringify(variant)}: ${JSON.stringify(ack)}`);
      }
    }
    expect(missed).toEqual([]);
    await silence;
    expectProblem(await restSend(author, s.id, sentence('idiot')), 422, 'WATCHED_WORD_BLOCKED');
    const [{ n }] = await api.sql<{ n: number }>('SELECT count(*)::int AS n FROM messages WHERE space_id = $1', [s.id]);
    expect(n).toBe(0);

    const refused: string[] = [];
    for (const [language, { innocent }] of Object.entries(LANGUAGES)) {
      for (const body of innocent) {
        const ack = await trySend(authorSocket, s.id, body);
        if (!ack.ok) refused.push(`${language} ${JSON.stringify(body)}: ${JSON.stringify(ack)}`);
      }
    }
    expect(refused).toEqual([]);
  });

  it('approve: held for a moderator (the author sees it pending, nobody else sees it); dismissing releases it live', async () => {
    const s = await space({}, author, reader);
    await watch(s.id, 'approve');
    const [authorSocket, readerSocket] = await Promise.all([connectAndJoin(api.url, author, s.id), connectAndJoin(api.url, reader, s.id)]);
    const held: Json[] = [];
    const silence = expectNoEvent(readerSocket, ['message:new', 'message:updated'], 300);
    for (const { evasions } of Object.values(LANGUAGES)) {
      const ack = await trySend(authorSocket, s.id, sentence(evasions[evasions.length - 1]));
      expect(ack).toEqual({ ok: true, message: expect.objectContaining({ moderation: { state: 'pending', reason: null } }) });
      if (ack.ok) held.push(ack.message);
    }
    await silence;
    const seen = await bodiesSeenBy(reader, readerSocket, s.id);
    expect(seen).toEqual({ rest: [], since: [] });
    const own = await bodiesSeenBy(author, authorSocket, s.id);
    expect(own.rest).toHaveLength(6);
    expect(own.since).toHaveLength(6);

    const queue = (await moderator.agent.get('/api/moderation/queue').query({ spaceId: s.id }).expect(200)).body.items;
    expect(queue).toHaveLength(6);
    expect(queue.every((i: Json) => i.kind === 'watched_word' && i.target.state === 'pending')).toBe(true);
    const first = queue.find((i: Json) => i.targetId === held[0].id);
    const released = nextEvent(readerSocket, 'message:new', 3_000, (p) => p.message.id === held[0].id);
    await moderator.agent.post(`/api/moderation/items/${first.id}/resolve`).send({ action: 'dismiss', note: 'quoting, fine' }).expect(200);
    expect((await released).message).toMatchObject({ body: held[0].body, moderation: null });
    expect((await bodiesSeenBy(reader, readerSocket, s.id)).rest).toEqual([held[0].body]);
    // Removing a held one instead keeps it from everyone else for good.
    const second = queue.find((i: Json) => i.targetId === held[1].id);
    const quiet = expectNoEvent(readerSocket, 'message:new', 300);
    await moderator.agent.post(`/api/moderation/items/${second.id}/resolve`).send({ action: 'remove', note: 'not here' }).expect(200);
    await quiet;
    expect(JSON.stringify((await bodiesSeenBy(reader, readerSocket, s.id)).rest)).not.toContain(held[1].body);
  });

  it('flag: posted at once and queued for a look', async () => {
    const s = await space({}, author, reader);
    await watch(s.id, 'flag');
    const [authorSocket, readerSocket] = await Promise.all([connectAndJoin(api.url, author, s.id), connectAndJoin(api.url, reader, s.id)]);
    for (const { evasions } of Object.values(LANGUAGES)) {
      const body = sentence(evasions[0]);
      const heard = nextEvent(readerSocket, 'message:new', 3_000, (p) => p.message.body === body);
      expect(await trySend(authorSocket, s.id, body)).toEqual({ ok: true, message: expect.objectContaining({ body, moderation: null }) });
      await heard;
    }
    const plain = await trySend(authorSocket, s.id, 'nothing to see here');
    const queue = (await moderator.agent.get('/api/moderation/queue').query({ spaceId: s.id }).expect(200)).body.items;
    expect(queue).toHaveLength(6);
    expect(queue.every((i: Json) => i.kind === 'watched_word' && i.target.state === 'visible')).toBe(true);
    expect(queue.map((i: Json) => i.targetId)).not.toContain(plain.ok && plain.message.id);
  });

  it('the strictest word wins; platform words (admins) apply in every space', async () => {
    const admin = await registerUser(api.url);
    await api.sql(`UPDATE users SET roles = '{member,admin}' WHERE id = $1`, [admin.user.id]);
    const s = await space({}, author, reader);
    await moderator.agent.post('/api/moderation/watched-words').send({ word: 'scam', action: 'flag', spaceId: s.id }).expect(201);
    await moderator.agent.post('/api/moderation/watched-words').send({ word: 'crypto', action: 'approve', spaceId: s.id }).expect(201);
    const platform = (await admin.agent.post('/api/moderation/watched-words').send({ word: 'krokodilmentes', action: 'block' }).expect(201)).body;
    const socket = await connectAndJoin(api.url, author, s.id);
    expect(await trySend(socket, s.id, 'crypto scam here')).toEqual(expect.objectContaining({ ok: true, message: expect.objectContaining({ moderation: expect.objectContaining({ state: 'pending' }) }) }));
    expect(await trySend(socket, s.id, 'crypto scam KROKODILMENTES')).toEqual(expect.objectContaining({ ok: false, error: 'WATCHED_WORD_BLOCKED' }));
    await admin.agent.delete(`/api/moderation/watched-words/${platform.id}`).expect(204);
    expect((await trySend(socket, s.id, 'just krokodilmentes')).ok).toBe(true);
  });
});

describe('slow mode', () => {
  it('a second send within the interval is refused with SLOW_MODE and retryAfter; keepers are exempt; a resend of the same message is not refused', async () => {
    const s = await space({ slowModeSeconds: 2 }, author, reader);
    const [authorSocket, moderatorSocket] = await Promise.all([connectAndJoin(api.url, author, s.id), connectAndJoin(api.url, moderator, s.id)]);
    const clientId = crypto.randomUUID();
    const first = await trySend(authorSocket, s.id, 'one', clientId);
    expect(first.ok).toBe(true);
    const ack = await trySend(authorSocket, s.id, 'two');
    expect(ack).toEqual({ ok: false, error: 'SLOW_MODE', message: expect.any(String), retryAfter: expect.any(Number) });
    if (!ack.ok) expect((ack as Json).retryAfter).toBeGreaterThanOrEqual(1);
    if (!ack.ok) expect((ack as Json).retryAfter).toBeLessThanOrEqual(2);
    const rest = await restSend(author, s.id, 'two over REST');
    expectProblem(rest, 429, 'SLOW_MODE');
    expect(Number(rest.headers['retry-after'])).toBeGreaterThanOrEqual(1);
    // The same clientId again (a lost ack) answers the stored message, not a refusal.
    const again = await trySend(authorSocket, s.id, 'one', clientId);
    expect(again).toEqual({ ok: true, message: expect.objectContaining({ id: first.ok && first.message.id }) });
    for (const body of ['keeper one', 'keeper two', 'keeper three']) expect((await trySend(moderatorSocket, s.id, body)).ok).toBe(true);
    await sleep(2_100);
    expect((await trySend(authorSocket, s.id, 'two, later')).ok).toBe(true);
    const [{ n }] = await api.sql<{ n: number }>('SELECT count(*)::int AS n FROM messages WHERE space_id = $1 AND author_id = $2', [s.id, author.user.id]);
    expect(n).toBe(2);
  });
});

describe('first-message approval', () => {
  it('a new member’s first message waits for approval; after it, the next ones go straight through; keepers are exempt', async () => {
    const newcomer = await registerUser(api.url);
    const s = await space({ approveFirstMessages: true }, reader, newcomer);
    const [newSocket, readerSocket, hostSocket] = await Promise.all([connectAndJoin(api.url, newcomer, s.id), connectAndJoin(api.url, reader, s.id), connectAndJoin(api.url, host, s.id)]);
    const hostHeard = nextEvent(readerSocket, 'message:new', 3_000, (p) => p.message.body === 'welcome all');
    expect(await trySend(hostSocket, s.id, 'welcome all')).toEqual(expect.objectContaining({ ok: true, message: expect.objectContaining({ moderation: null }) }));
    await hostHeard;

    const silence = expectNoEvent(readerSocket, 'message:new', 300);
    const first = await trySend(newSocket, s.id, 'hi, I am new here');
    expect(first).toEqual({ ok: true, message: expect.objectContaining({ moderation: { state: 'pending', reason: null } }) });
    const second = await trySend(newSocket, s.id, 'is anyone around?');
    expect(second).toEqual({ ok: true, message: expect.objectContaining({ moderation: { state: 'pending', reason: null } }) });
    await silence;
    expect((await bodiesSeenBy(reader, readerSocket, s.id)).rest).toEqual(['welcome all']);

    const queue = (await host.agent.get('/api/moderation/queue').query({ spaceId: s.id, kind: 'first_message' }).expect(200)).body.items;
    expect(queue).toHaveLength(2);
    const item = queue.find((i: Json) => first.ok && i.targetId === first.message.id);
    const released = nextEvent(readerSocket, 'message:new', 3_000, (p) => p.message.body === 'hi, I am new here');
    await moderator.agent.post(`/api/moderation/items/${item.id}/resolve`).send({ action: 'dismiss', note: 'welcome' }).expect(200);
    await released;

    const direct = nextEvent(readerSocket, 'message:new', 3_000, (p) => p.message.body === 'thanks!');
    expect(await trySend(newSocket, s.id, 'thanks!')).toEqual({ ok: true, message: expect.objectContaining({ moderation: null }) });
    await direct;
    expect((await bodiesSeenBy(reader, readerSocket, s.id)).rest).toEqual(['thanks!', 'hi, I am new here', 'welcome all']);
  });
});
