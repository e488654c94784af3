import request from 'supertest';
import { startApi, type TestApi } from '../support/api-server.js';
import { expectFieldError, expectNoSecrets, expectProblem, uniqueIp } from '../support/http.js';
import { registerUser, sessionCookie, uniqueUsername } from '../support/users.js';

const PER_USERNAME = 3;
const PER_IP = 6;
const WINDOW = 600;

let api: TestApi;
beforeAll(async () => {
  api = await startApi({
    env: { LOGIN_LIMIT_PER_USERNAME: String(PER_USERNAME), LOGIN_LIMIT_PER_IP: String(PER_IP), LOGIN_LIMIT_WINDOW_SECONDS: String(WINDOW) },
  });
});
afterAll(() => api?.stop());

const login = (body: unknown, ip = uniqueIp()) => request(api.url).post('/api/auth/login').set('X-Forwarded-For', ip).send(body as object);
const me = (cookie: string) => request(api.url).get('/api/me').set('Cookie', cookie);
const sessionCount = async (userId: string) =>
  (await api.sql<{ n: number }>('SELECT count(*)::int AS n FROM sessions WHERE user_id = $1', [userId]))[0].n;

describe('POST /api/auth/login', () => {
  it('answers the user and a new session cookie', async () => {
    const { user, password } = await registerUser(api.url);
    const res = await login({ username: user.username, password }).expect(200);
    expect(res.body).toEqual({ user });
    expectNoSecrets(res.body, password);
    const cookie = sessionCookie(res)!;
    expect(cookie).toBeTruthy();
    expect((await me(cookie).expect(200)).body.id).toBe(user.id);
  });

  it('rotates the session id: a cookie held before login is worthless after it', async () => {
    const { user, password, cookie: registerCookie } = await registerUser(api.url);
    const res = await login({ username: user.username, password }).set('Cookie', registerCookie).expect(200);
    const fresh = sessionCookie(res)!;
    expect(fresh).not.toBe(registerCookie);
    expectProblem(await me(registerCookie), 401, 'UNAUTHENTICATED');
    await me(fresh).expect(200);

    // A planted (fixated) id is never adopted.
    const planted = 'sid=planted-session-id-0123456789abcdef';
    const again = await login({ username: user.username, password }).set('Cookie', planted).expect(200);
    expect(sessionCookie(again)).not.toBe(planted);
    expectProblem(await me(planted), 401, 'UNAUTHENTICATED');
  });

  it('wrong password and unknown name answer the same 401 INVALID_CREDENTIALS, and start no session', async () => {
    const { user } = await registerUser(api.url);
    const sessionsBefore = await sessionCount(user.id);
    const wrong = await login({ username: user.username, password: 'not-the-password' });
    const unknown = await login({ username: uniqueUsername('ghost'), password: 'not-the-password' });
    const a = expectProblem(wrong, 401, 'INVALID_CREDENTIALS');
    const b = expectProblem(unknown, 401, 'INVALID_CREDENTIALS');
    expect(a.detail).toBe(b.detail);
    expect(sessionCookie(wrong)).toBeNull();
    expect(await sessionCount(user.id)).toBe(sessionsBefore);
  });

  it.each([
    ['missing username', { password: 'whatever-123' }, 'username'],
    ['missing password', { username: 'kata' }, 'password'],
    ['username is a number', { username: 42, password: 'whatever-123' }, 'username'],
    ['password is an array', { username: 'kata', password: ['a'] }, 'password'],
    ['empty password', { username: 'kata', password: '' }, 'password'],
    ['password of 300 characters', { username: 'kata', password: 'a'.repeat(300) }, 'password'],
    ['unknown field', { username: 'kata', password: 'whatever-123', remember: true }, 'remember'],
  ])('%s: 422 problem+json', async (_, body, path) => {
    expectFieldError(await login(body), path);
  });

  it('malformed JSON: 400 problem+json', async () => {
    const res = await request(api.url).post('/api/auth/login').set('Content-Type', 'application/json').send('{"username":');
    expectProblem(res, 400, 'VALIDATION_FAILED');
  });
});

describe('login throttling', () => {
  it(`per name: after ${PER_USERNAME} failures the name answers 429 with Retry-After, even from other addresses and with the right password`, async () => {
    const { user, password } = await registerUser(api.url);
    for (let i = 0; i < PER_USERNAME; i++) expectProblem(await login({ username: user.username, password: `wrong-${i}-password` }), 401, 'INVALID_CREDENTIALS');

    const limited = await login({ username: user.username, password });
    expectProblem(limited, 429, 'LOGIN_THROTTLED');
    const retryAfter = Number(limited.headers['retry-after']);
    expect(Number.isInteger(retryAfter)).toBe(true);
    expect(retryAfter).toBeGreaterThan(0);
    expect(retryAfter).toBeLessThanOrEqual(WINDOW);
    expect(sessionCookie(limited)).toBeNull();
    // Folded forms of the name share its budget.
    expectProblem(await login({ username: user.username.toUpperCase(), password }), 429, 'LOGIN_THROTTLED');
    // Another person is not affected.
    const other = await registerUser(api.url);
    await login({ username: other.user.username, password: other.password }).expect(200);
  });

  it('per name: a success before the limit clears the count', async () => {
    const { user, password } = await registerUser(api.url);
    for (let round = 0; round < 2; round++) {
      for (let i = 0; i < PER_USERNAME - 1; i++) await login({ username: user.username, password: 'wrong-password-1' }).expect(401);
      await login({ username: user.username, password }).expect(200);
    }
  });

  it(`per address: after ${PER_IP} failures from one address, every login from it answers 429; other addresses still work`, async () => {
    const ip = uniqueIp();
    const { user, password } = await registerUser(api.url);
    for (let i = 0; i < PER_IP; i++) {
      expectProblem(await login({ username: uniqueUsername('spray'), password: 'wrong-password-1' }, ip), 401, 'INVALID_CREDENTIALS');
    }
    const limited = await login({ username: user.username, password }, ip);
    expectProblem(limited, 429, 'LOGIN_THROTTLED');
    expect(Number(limited.headers['retry-after'])).toBeGreaterThan(0);
    await login({ username: user.username, password }, uniqueIp()).expect(200);
  });

  it('a throttled name changes nothing: the password still works once the window has passed', async () => {
    const { user, password } = await registerUser(api.url);
    for (let i = 0; i < PER_USERNAME; i++) await login({ username: user.username, password: 'wrong-password-1' }).expect(401);
    await login({ username: user.username, password }).expect(429);
    // Move the window into the past instead of waiting for it.
    await api.sql(`UPDATE rate_limits SET window_started_at = now() - interval '1 day' WHERE key LIKE 'login:user:%'`);
    await login({ username: user.username, password }).expect(200);
  });
});

describe('POST /api/auth/logout', () => {
  it('ends the session on the server: the old cookie no longer works', async () => {
    const { cookie } = await registerUser(api.url);
    await me(cookie).expect(200);
    const res = await request(api.url).post('/api/auth/logout').set('Cookie', cookie).expect(204);
    const cleared = ([] as string[]).concat(res.headers['set-cookie'] ?? []).find((c) => c.startsWith('sid='));
    expect(cleared).toMatch(/^sid=;|Expires=Thu, 01 Jan 1970/);
    expectProblem(await me(cookie), 401, 'UNAUTHENTICATED');
  });

  it('ends only this session: the same person on another device stays signed in', async () => {
    const { user, password, cookie } = await registerUser(api.url);
    const other = sessionCookie(await login({ username: user.username, password }).expect(200))!;
    await request(api.url).post('/api/auth/logout').set('Cookie', cookie).expect(204);
    await me(other).expect(200);
  });

  it('a visitor may call it (204)', async () => {
    await request(api.url).post('/api/auth/logout').expect(204);
  });
});
