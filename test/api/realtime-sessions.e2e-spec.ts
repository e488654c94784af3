import { io } from 'socket.io-client';
import request from 'supertest';
import { startApi, type TestApi } from '../support/api-server.js';
import { uniqueIp } from '../support/http.js';
import {
  call,
  closeAllSockets,
  connect,
  connectAndJoin,
  connectError,
  createSpace,
  expectNoEvent,
  nextEvent,
  send,
  sleep,
  type ChatClient,
  type SocketAuth,
} from '../support/sockets.js';
import { registerUser, sessionCookie, strongPassword, type RegisteredUser } from '../support/users.js';

/**
 * A live socket lives no longer than the session or token that opened it. `single` is one API with
 * in-process rooms; `api1` + `api2` share rooms through Redis, and
 * the credential is ended on api1 while the socket sits on api2.
 */
const REDIS_URL = process.env.REDIS_URL ?? 'redis://127.0.0.1:6379';
const PARTNER = 'https://partner.example';

let single: TestApi;
let api1: TestApi;
let api2: TestApi;
beforeAll(async () => {
  [single, api1] = await Promise.all([startApi({ env: { CORS_ORIGIN: PARTNER } }), startApi({ env: { REDIS_URL } })]);
  api2 = await startApi({ database: api1.database, env: { REDIS_URL } });
}, 90_000);
afterEach(() => closeAllSockets());
afterAll(async () => {
  await api2?.stop();
  await Promise.all([api1?.stop(), single?.stop()]);
});

const event = <T>(socket: ChatClient, name: 'disconnect' | 'connect_error', timeoutMs: number) =>
  new Promise<T>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`no ${name} within ${timeoutMs} ms`)), timeoutMs);
    (socket.once as (e: string, l: (value: T) => void) => void)(name, (value) => {
      clearTimeout(timer);
      resolve(value);
    });
  });

const login = async (url: string, who: RegisteredUser) => {
  const res = await request(url).post('/api/auth/login').set('X-Forwarded-For', uniqueIp()).send({ username: who.user.username, password: who.password }).expect(200);
  return sessionCookie(res)!;
};

const bodiesIn = async (api: TestApi, spaceId: string) =>
  (await api.sql<{ body: string }>(`SELECT body FROM messages WHERE space_id = $1`, [spaceId])).map((r) => r.body);

/**
 * Each way a credential ends. `arrange` answers how the doomed socket authenticates, how another
 * credential of the same person (which must survive) authenticates, and the ending itself.
 */
type Ending = {
  name: string;
  arrange(url: string, victim: RegisteredUser): Promise<{ doomed: SocketAuth; survivor: SocketAuth | null; end(): Promise<unknown> }>;
};
const endings: Ending[] = [
  {
    name: 'logout',
    arrange: async (url, victim) => {
      const other = await login(url, victim);
      return { doomed: { cookie: victim.cookie }, survivor: { cookie: other }, end: () => request(url).post('/api/auth/logout').set('Cookie', victim.cookie).expect(204) };
    },
  },
  {
    name: 'password change (ends every other session)',
    arrange: async (url, victim) => {
      const kept = await login(url, victim);
      return {
        doomed: { cookie: victim.cookie },
        survivor: { cookie: kept },
        end: () => request(url).post('/api/me/password').set('Cookie', kept).send({ currentPassword: victim.password, newPassword: strongPassword() }).expect(200),
      };
    },
  },
  {
    name: 'account recovery (ends every session)',
    arrange: async (url, victim) => ({
      doomed: { cookie: victim.cookie },
      survivor: null,
      end: () =>
        request(url)
          .post('/api/auth/recover')
          .set('X-Forwarded-For', uniqueIp())
          .send({ username: victim.user.username, recoveryCode: victim.recoveryCodes[0], newPassword: strongPassword() })
          .expect(200),
    }),
  },
  {
    name: 'token revocation',
    arrange: async (url, victim) => {
      const { id, token } = (await request(url).post('/api/auth/tokens').set('Cookie', victim.cookie).send({ name: 'bot' }).expect(201)).body;
      return { doomed: { token }, survivor: { cookie: victim.cookie }, end: () => request(url).delete(`/api/auth/tokens/${id}`).set('Cookie', victim.cookie).expect(204) };
    },
  },
];

describe.each([
  ['one process', () => ({ rest: single, socket: single })],
  ['two processes sharing Redis (ended on one, socket on the other)', () => ({ rest: api1, socket: api2 })],
])('%s', (_, apis) => {
  it.each(endings.map((e) => [e.name, e] as const))('%s ends its open sockets at once, and only those', async (_name, ending) => {
    const { rest, socket: socketApi } = apis();
    const host = await registerUser(rest.url);
    const victim = await registerUser(rest.url);
    const space = await createSpace(host, {}, [victim]);
    const { doomed, survivor, end } = await ending.arrange(rest.url, victim);

    const socket = await connect(socketApi.url, doomed);
    expect((await call(socket, 'space:join', { spaceId: space.id })).ok).toBe(true);
    const kept = survivor ? await connect(socketApi.url, survivor) : null;
    if (kept) expect((await call(kept, 'space:join', { spaceId: space.id })).ok).toBe(true);
    const hostSocket = await connectAndJoin(rest.url, host, space.id);

    const heard = nextEvent(socket, 'message:new');
    await send(hostSocket, space.id, 'before the end');
    expect((await heard).message.body).toBe('before the end');

    // At once: well within 2 s, where the periodic re-check comes only every 60 s.
    const disconnected = event<string>(socket, 'disconnect', 2_000);
    await end();
    expect(await disconnected).toBe('io server disconnect');
    // Connecting again with what it has (as an app does after a server disconnect) is refused.
    const refused = event<Error>(socket, 'connect_error', 5_000);
    socket.connect();
    expect((await refused).message).toBe('UNAUTHENTICATED');

    // What it tries to send now goes nowhere; what others send does not reach it.
    socket.emit('message:send', { spaceId: space.id, clientId: crypto.randomUUID(), body: 'from an ended credential' }, () => undefined);
    const silence = expectNoEvent(socket, ['message:new', 'typing'], 500);
    const toSurvivor = kept ? nextEvent(kept, 'message:new') : null;
    await send(hostSocket, space.id, 'after the end');
    await silence;
    if (toSurvivor) expect((await toSurvivor).message.body).toBe('after the end');
    if (kept) expect(kept.connected).toBe(true);
    expect(await bodiesIn(rest, space.id)).not.toContain('from an ended credential');
    expect(socket.connected).toBe(false);

    // A fresh connection with the old credential is refused too.
    expect(await connectError(socketApi.url, doomed)).toBe('UNAUTHENTICATED');
  });
});

describe('a socket whose credential ended without a disconnect reaching it', () => {
  it('cannot send, read since, type or join, and is then disconnected', async () => {
    const host = await registerUser(single.url);
    const victim = await registerUser(single.url);
    const space = await createSpace(host, {}, [victim]);
    const hostSocket = await connectAndJoin(single.url, host, space.id);
    const sockets = await Promise.all([1, 2, 3, 4].map(() => connectAndJoin(single.url, victim, space.id)));
    await send(hostSocket, space.id, 'earlier');

    // As if the disconnect had been lost: the session row goes, no event tells the sockets.
    await single.sql(`DELETE FROM sessions WHERE user_id = $1`, [victim.user.id]);

    const [sender, reader, typist, joiner] = sockets;
    const gone = sockets.map((s) => event<string>(s, 'disconnect', 2_000));
    const refusal = expect.objectContaining({ ok: false, error: 'UNAUTHENTICATED' });
    expect(await call(sender, 'message:send', { spaceId: space.id, clientId: crypto.randomUUID(), body: 'sent after the end' })).toEqual(refusal);
    expect(await call(reader, 'messages:since', { spaceId: space.id, afterId: null })).toEqual(refusal);
    expect(await call(typist, 'typing', { spaceId: space.id })).toEqual(refusal);
    expect(await call(joiner, 'space:join', { spaceId: space.id })).toEqual(refusal);
    await Promise.all(gone);
    expect(await bodiesIn(single, space.id)).toEqual(['earlier']);
  });

  it('a send is refused as UNAUTHENTICATED whatever space it names, for an ended session or token, and the socket ends', async () => {
    // A send checks the credential in the statement that reads the space's access: a space that
    // exists, one hidden from the sender and one that does not must all get the same answer.
    const host = await registerUser(single.url);
    const victim = await registerUser(single.url);
    const open = await createSpace(host, {}, [victim]);
    const hidden = await createSpace(host, { visibility: 'hidden' });
    const { id: tokenId, token } = (await victim.agent.post('/api/auth/tokens').send({ name: 'bot' }).expect(201)).body;
    const spaces = [open.id, hidden.id, crypto.randomUUID()];
    const byCookie = await Promise.all(spaces.map(() => connect(single.url, { cookie: victim.cookie })));
    const byToken = await Promise.all(spaces.map(() => connect(single.url, { token })));

    await single.sql(`DELETE FROM sessions WHERE user_id = $1`, [victim.user.id]);
    await single.sql(`UPDATE access_tokens SET expires_at = now() - interval '1 second' WHERE id = $1`, [tokenId]);
    const refusal = expect.objectContaining({ ok: false, error: 'UNAUTHENTICATED' });
    for (const sockets of [byCookie, byToken]) {
      const gone = sockets.map((s) => event<string>(s, 'disconnect', 2_000));
      for (const [i, spaceId] of spaces.entries()) {
        expect(await call(sockets[i], 'message:send', { spaceId, clientId: crypto.randomUUID(), body: 'sent after the end' })).toEqual(refusal);
      }
      await Promise.all(gone);
    }
    expect(await bodiesIn(single, open.id)).toEqual([]);
    expect(await bodiesIn(single, hidden.id)).toEqual([]);
  });

  it('is dropped by the periodic re-check, for ended sessions and expired tokens alike', async () => {
    const api = await startApi({ env: { SOCKET_RECHECK_SECONDS: '1' } });
    try {
      const host = await registerUser(api.url);
      const victim = await registerUser(api.url);
      const space = await createSpace(host, {}, [victim]);
      const { id: tokenId, token } = (await victim.agent.post('/api/auth/tokens').send({ name: 'bot' }).expect(201)).body;
      const other = await login(api.url, victim);
      const byCookie = await connectAndJoin(api.url, victim, space.id);
      const byToken = await connect(api.url, { token });
      expect((await call(byToken, 'space:join', { spaceId: space.id })).ok).toBe(true);
      const stays = await connectAndJoin(api.url, { cookie: other }, space.id);

      const gone = [byCookie, byToken].map((s) => event<string>(s, 'disconnect', 3_500));
      await api.sql(`DELETE FROM sessions WHERE id_hash = encode(sha256(convert_to($1, 'UTF8')), 'hex')`, [victim.cookie.slice('sid='.length)]);
      await api.sql(`UPDATE access_tokens SET expires_at = now() - interval '1 second' WHERE id = $1`, [tokenId]);
      await Promise.all(gone);
      await sleep(1_200);
      expect(stays.connected).toBe(true);
    } finally {
      closeAllSockets();
      await api.stop();
    }
  });
});

describe('after a dropped connection', () => {
  /**
   * The API keeps no connection state to recover: a reconnect, or a socket.io client offering back
   * a session id and offset it holds (its own or someone else's), gets a fresh connection, in none
   * of the old rooms, with nothing replayed; it must join again, and joining checks access.
   */
  it('nothing is restored or replayed, even to the same credential; joining again catches up', async () => {
    const host = await registerUser(single.url);
    const alice = await registerUser(single.url);
    const space = await createSpace(host, {}, [alice]);
    const hostSocket = await connectAndJoin(single.url, host, space.id);
    const socket = await connectAndJoin(single.url, alice, space.id);
    const heard = nextEvent(socket, 'message:new');
    const seen = await send(hostSocket, space.id, 'seen');
    await heard;
    // What a socket.io client would offer back for a recovery, had the server given it one.
    const offered = socket as unknown as { _pid?: string; _lastOffset?: string };
    expect(offered._pid).toBeUndefined();

    // The network drops (not a logout) and comes back. Someone else offers recovery fields too:
    // the server hands none out, so they can only be made up, and restore nothing.
    const closed = event<string>(socket, 'disconnect', 2_000);
    socket.io.engine.close();
    await closed;
    const missed = await send(hostSocket, space.id, 'missed while away');
    const reconnected = nextEvent(socket as never, 'connect' as never);
    socket.connect();
    await reconnected;
    const bob = await registerUser(single.url);
    const stranger = io(single.url, {
      path: '/socket.io',
      transports: ['websocket'],
      forceNew: true,
      reconnection: false,
      extraHeaders: { cookie: bob.cookie },
      auth: { pid: socket.id, offset: seen.id },
    }) as ChatClient;
    await new Promise<void>((resolve, reject) => {
      stranger.once('connect', () => resolve());
      stranger.once('connect_error', reject);
    });
    expect(socket.recovered || stranger.recovered).toBeFalsy();

    const silence = Promise.all([expectNoEvent(socket, 'message:new', 400), expectNoEvent(stranger, 'message:new', 400)]);
    const unheard = await send(hostSocket, space.id, 'before she joins again');
    await silence;
    expect(await call(stranger, 'messages:since', { spaceId: space.id, afterId: null })).toEqual(expect.objectContaining({ ok: false }));

    expect((await call(socket, 'space:join', { spaceId: space.id })).ok).toBe(true);
    const caughtUp = await call(socket, 'messages:since', { spaceId: space.id, afterId: seen.id });
    expect(caughtUp.ok && caughtUp.messages.map((m) => m.id)).toEqual([missed.id, unheard.id]);
    stranger.close();
  });
});

describe('handshake Origin', () => {
  const poll = (api: TestApi) => request(api.url).get('/socket.io/?EIO=4&transport=polling');
  const wsOutcome = (url: string, cookie: string, origin: string) => {
    const socket = io(url, { path: '/socket.io', transports: ['websocket'], forceNew: true, reconnection: false, extraHeaders: { cookie, origin } }) as ChatClient;
    return new Promise<string>((resolve) => {
      socket.once('connect', () => {
        socket.close();
        resolve('connected');
      });
      socket.once('connect_error', () => {
        socket.close();
        resolve('refused');
      });
    });
  };

  it('refuses pages of other sites and allows its own, CORS_ORIGIN and clients without an Origin', async () => {
    const own = `http://127.0.0.1:${single.port}`;
    expect((await poll(single).set('Origin', 'https://evil.example')).status).toBe(403);
    expect((await poll(single).set('Origin', 'null')).status).toBe(403);
    expect((await poll(single).set('Origin', `http://127.0.0.1:${single.port + 1}`)).status).toBe(403);
    expect((await poll(single).set('Origin', own)).status).toBe(200);
    expect((await poll(single).set('Origin', PARTNER)).status).toBe(200);
    expect((await poll(single)).status).toBe(200);
    // Through the web server's proxy the browser's Host is kept: the page's origin names it.
    expect((await poll(single).set('Host', 'forum.example').set('Origin', 'https://forum.example')).status).toBe(200);
    expect((await poll(single).set('Host', 'forum.example').set('Origin', 'https://evil.example')).status).toBe(403);

    const someone = await registerUser(single.url);
    expect(await wsOutcome(single.url, someone.cookie, 'https://evil.example')).toBe('refused');
    expect(await wsOutcome(single.url, someone.cookie, own)).toBe('connected');
    expect((await connect(single.url, { cookie: someone.cookie })).connected).toBe(true);
  });
});

describe('per-person limits', () => {
  it('caps live sockets per person, with a clear error, and frees a place when one closes', async () => {
    const person = await registerUser(single.url);
    const attempts = await Promise.allSettled(Array.from({ length: 25 }, () => connect(single.url, { cookie: person.cookie })));
    const connected = attempts.filter((a): a is PromiseFulfilledResult<ChatClient> => a.status === 'fulfilled').map((a) => a.value);
    const refused = attempts.filter((a): a is PromiseRejectedResult => a.status === 'rejected').map((a) => a.reason as Error & { data?: { limit: number; message: string } });
    expect(connected).toHaveLength(20);
    expect(refused).toHaveLength(5);
    for (const err of refused) {
      expect(err.message).toBe('TOO_MANY_CONNECTIONS');
      expect(err.data).toEqual({ code: 'TOO_MANY_CONNECTIONS', limit: 20, message: expect.stringContaining('20') });
    }
    // Someone else is not affected.
    const other = await registerUser(single.url);
    expect((await connect(single.url, { cookie: other.cookie })).connected).toBe(true);

    connected[0].close();
    await sleep(200);
    expect((await connect(single.url, { cookie: person.cookie })).connected).toBe(true);
    expect(await connectError(single.url, { cookie: person.cookie })).toBe('TOO_MANY_CONNECTIONS');
  });

  it('limits events per person across all their sockets', async () => {
    const host = await registerUser(single.url);
    const person = await registerUser(single.url);
    const other = await registerUser(single.url);
    const space = await createSpace(host, {}, [person, other]);
    const sockets = await Promise.all([1, 2, 3].map(() => connect(single.url, { cookie: person.cookie })));
    const acks = await Promise.all(sockets.flatMap((s) => Array.from({ length: 30 }, () => call(s, 'typing', { spaceId: space.id }))));
    const ok = acks.filter((a) => a.ok).length;
    expect(ok).toBe(60);
    expect(acks.filter((a) => !a.ok)).toEqual(Array(30).fill(expect.objectContaining({ ok: false, error: 'RATE_LIMITED', retryAfter: expect.any(Number) })));
    // The limit is this person's, not everyone's.
    const theirs = await connect(single.url, { cookie: other.cookie });
    expect(await call(theirs, 'typing', { spaceId: space.id })).toEqual({ ok: true });
  });
});
