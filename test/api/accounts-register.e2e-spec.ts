import request from 'supertest';
import { startApi, type TestApi } from '../support/api-server.js';
import { expectFieldError, expectNoSecrets, expectProblem } from '../support/http.js';
import { sessionCookie, strongPassword, uniqueUsername } from '../support/users.js';

let api: TestApi;
beforeAll(async () => {
  api = await startApi();
});
afterAll(() => api?.stop());

const register = (body: unknown) => request(api.url).post('/api/auth/register').send(body as object);
const userCount = async () => (await api.sql<{ n: number }>('SELECT count(*)::int AS n FROM users'))[0].n;

describe('POST /api/auth/register', () => {
  it('creates the account, answers ten recovery codes and sets an httpOnly SameSite=Lax session cookie', async () => {
    const username = uniqueUsername('reg');
    const password = strongPassword();
    const res = await register({ username, password, displayName: 'Kata K.', locale: 'hu' }).expect(201);

    expect(res.body.user).toEqual({
      id: expect.stringMatching(/^[0-9a-f-]{36}$/),
      username,
      displayName: 'Kata K.',
      locale: 'hu',
      roles: ['member'],
      createdAt: expect.any(String),
    });
    expect(Number.isNaN(Date.parse(res.body.user.createdAt))).toBe(false);
    expect(res.body.recoveryCodes).toHaveLength(10);
    expect(new Set(res.body.recoveryCodes).size).toBe(10);
    for (const code of res.body.recoveryCodes) expect(code).toMatch(/^[A-Z0-9]{4}-[A-Z0-9]{4}-[A-Z0-9]{4}$/);
    expectNoSecrets(res.body, password);

    const setCookie = ([] as string[]).concat(res.headers['set-cookie'] ?? []).find((c) => c.startsWith('sid='))!;
    expect(setCookie).toMatch(/HttpOnly/i);
    expect(setCookie).toMatch(/SameSite=Lax/i);
    expect(setCookie).toMatch(/Path=\//);

    const me = await request(api.url).get('/api/me').set('Cookie', sessionCookie(res)!).expect(200);
    expect(me.body).toEqual(res.body.user);
  });

  it('without a locale, takes the language of the request', async () => {
    const res = await register({ username: uniqueUsername('loc'), password: strongPassword() }).set('Accept-Language', 'fi-FI, en;q=0.5').expect(201);
    expect(res.body.user.locale).toBe('fi');
    const res2 = await register({ username: uniqueUsername('loc'), password: strongPassword() }).set('Accept-Language', 'xx').expect(201);
    expect(res2.body.user.locale).toBe('en');
  });

  it.each(['Ђорђе', 'Åse', 'Päivi', 'Žiga', 'Őrs', 'Катарина', 'Jón.Þór', 'ana-maria_2'])('accepts the name %s as typed', async (name) => {
    const res = await register({ username: name, password: strongPassword() }).expect(201);
    expect(res.body.user.username).toBe(name);
  });

  it('trims surrounding spaces from the name', async () => {
    const name = uniqueUsername('trim');
    const res = await register({ username: `  ${name}  `, password: strongPassword() }).expect(201);
    expect(res.body.user.username).toBe(name);
  });

  describe('refuses names that look like an existing one (409 USERNAME_TAKEN), and creates nothing', () => {
    beforeAll(async () => {
      await register({ username: 'Kata', password: strongPassword() }).expect(201);
      await register({ username: 'fiona', password: strongPassword() }).expect(201);
    });

    it.each([
      ['other case', 'KATA'],
      ['lower case', 'kata'],
      ['full-width letters', 'ＫＡＴＡ'],
      ['full-width, mixed case', 'ｋａｔａ'],
      ['the ﬁ ligature', 'ﬁona'],
      ['upper case with ligature', 'ＦＩＯＮＡ'],
      ['surrounding spaces', '  kata '],
    ])('%s: %s', async (_, name) => {
      const before = await userCount();
      const res = await register({ username: name, password: strongPassword() });
      const body = expectProblem(res, 409, 'USERNAME_TAKEN');
      expect(body.errors?.[0]?.path).toBe('username');
      expect(await userCount()).toBe(before);
    });

    it('treats Cyrillic look-alike letters as a different name (they are distinct letters, not compatibility forms)', async () => {
      // 'Ката' spelled with Cyrillic К, а, т, а: NFKC keeps it distinct from the Latin 'Kata'.
      const res = await register({ username: 'Ката', password: strongPassword() }).expect(201);
      expect(res.body.user.username).toBe('Ката');
      // …and that name is then folded in its own script.
      expectProblem(await register({ username: 'КАТА', password: strongPassword() }), 409, 'USERNAME_TAKEN');
    });

    it('the person who holds the name can log in with any of its folded forms', async () => {
      const password = strongPassword();
      const name = uniqueUsername('Fold');
      await register({ username: name, password }).expect(201);
      const res = await request(api.url).post('/api/auth/login').send({ username: name.toUpperCase(), password }).expect(200);
      expect(res.body.user.username).toBe(name);
    });
  });

  describe('bad input answers 422 problem+json naming the field, and a later valid register of the same name works', () => {
    const long = (n: number, ch = 'a') => ch.repeat(n);
    const cases: [string, (username: string) => unknown, string][] = [
      ['missing username', () => ({ password: strongPassword() }), 'username'],
      ['missing password', (u) => ({ username: u }), 'password'],
      ['username is a number', () => ({ username: 12345, password: strongPassword() }), 'username'],
      ['password is a number', (u) => ({ username: u, password: 12345678 }), 'password'],
      ['username is an object', () => ({ username: { $ne: null }, password: strongPassword() }), 'username'],
      ['username too short', () => ({ username: 'ab', password: strongPassword() }), 'username'],
      ['username of 33 characters', () => ({ username: long(33, 'x'), password: strongPassword() }), 'username'],
      ['username with a space', () => ({ username: 'kata k', password: strongPassword() }), 'username'],
      ['username with an @', () => ({ username: 'kata@example', password: strongPassword() }), 'username'],
      ['username with a zero-width space', (u) => ({ username: `${u}\u200b`, password: strongPassword() }), 'username'],
      ['username with a control character', (u) => ({ username: `${u}\u0007`, password: strongPassword() }), 'username'],
      ['password of 7 characters', (u) => ({ username: u, password: 'abc-123' }), 'password'],
      ['password of 300 characters', (u) => ({ username: u, password: long(300) }), 'password'],
      ['displayName of 65 characters', (u) => ({ username: u, password: strongPassword(), displayName: long(65) }), 'displayName'],
      ['displayName with a bell character', (u) => ({ username: u, password: strongPassword(), displayName: 'Kata\u0007' }), 'displayName'],
      ['displayName with a right-to-left override', (u) => ({ username: u, password: strongPassword(), displayName: 'Kata\u202etxt.exe' }), 'displayName'],
      ['displayName with a newline', (u) => ({ username: u, password: strongPassword(), displayName: 'Ka\nta' }), 'displayName'],
      ['displayName is a number', (u) => ({ username: u, password: strongPassword(), displayName: 7 }), 'displayName'],
      ['unsupported locale', (u) => ({ username: u, password: strongPassword(), locale: 'de' }), 'locale'],
      ['an unknown field', (u) => ({ username: u, password: strongPassword(), email: 'a@b.c' }), 'email'],
      ['a roles field (no self-granted admin)', (u) => ({ username: u, password: strongPassword(), roles: ['admin'] }), 'roles'],
    ];

    it.each(cases)('%s', async (_, build, path) => {
      const username = uniqueUsername('bad');
      const before = await userCount();
      const res = await register(build(username));
      expectFieldError(res, path);
      expect(await userCount()).toBe(before);
      await register({ username, password: strongPassword() }).expect(201);
    });

    it('a 64-character displayName and a 32-character username are fine', async () => {
      const username = `z${uniqueUsername('edge')}`.padEnd(32, 'z');
      const res = await register({ username, password: strongPassword(), displayName: long(64, 'é') }).expect(201);
      expect(res.body.user.username).toHaveLength(32);
      expect(res.body.user.displayName).toBe(long(64, 'é'));
    });

    it.each(['password', 'qwertyuiop', '12345678', 'Password1', 'iloveyou'])('common password %s: 422 PASSWORD_TOO_COMMON', async (password) => {
      const username = uniqueUsername('common');
      const before = await userCount();
      const body = expectProblem(await register({ username, password }), 422, 'PASSWORD_TOO_COMMON');
      expect(body.errors?.[0]?.path).toBe('password');
      expect(await userCount()).toBe(before);
      await register({ username, password: strongPassword() }).expect(201);
    });

    it('malformed JSON: 400 problem+json', async () => {
      const res = await request(api.url).post('/api/auth/register').set('Content-Type', 'application/json').send('{"username": "kat');
      expectProblem(res, 400, 'VALIDATION_FAILED');
    });

    it.each([
      ['an array', '[]'],
      ['null', 'null'],
      ['a string', '"kata"'],
      ['an empty body', ''],
    ])('a body that is %s: 4xx problem+json', async (_, raw) => {
      const res = await request(api.url).post('/api/auth/register').set('Content-Type', 'application/json').send(raw);
      expect([400, 422]).toContain(res.status);
      expectProblem(res, res.status, 'VALIDATION_FAILED');
    });

    it('a body over the size limit: 413 problem+json', async () => {
      const res = await register({ username: 'big', password: strongPassword(), displayName: 'x'.repeat(300_000) });
      expectProblem(res, 413, 'VALIDATION_FAILED');
    });
  });

  it('registering while signed in to another account works and does not hang (regression: PGlite pool deadlock)', async () => {
    const first = await register({ username: uniqueUsername('first'), password: strongPassword() }).expect(201);
    const oldCookie = sessionCookie(first)!;
    const second = await register({ username: uniqueUsername('second'), password: strongPassword() }).set('Cookie', oldCookie).timeout(10_000).expect(201);
    const me = await request(api.url).get('/api/me').set('Cookie', sessionCookie(second)!).expect(200);
    expect(me.body.username).toBe(second.body.user.username);
    // The session the browser carried before is replaced, not left behind.
    expectProblem(await request(api.url).get('/api/me').set('Cookie', oldCookie), 401, 'UNAUTHENTICATED');
    await request(api.url).get('/api/health').expect(200);
  });
});
