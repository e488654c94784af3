import request from 'supertest';
import { startApi, type TestApi } from '../support/api-server.js';
import { expectFieldError, expectNoSecrets, expectProblem, uniqueIp } from '../support/http.js';
import { registerUser, sessionCookie, strongPassword } from '../support/users.js';

let api: TestApi;
beforeAll(async () => {
  api = await startApi();
});
afterAll(() => api?.stop());

const login = (username: string, password: string) =>
  request(api.url).post('/api/auth/login').set('X-Forwarded-For', uniqueIp()).send({ username, password });

describe('GET /api/me', () => {
  it('answers the signed-in person without secrets', async () => {
    const { user, cookie, password } = await registerUser(api.url, { displayName: 'Őrs' });
    const res = await request(api.url).get('/api/me').set('Cookie', cookie).expect(200);
    expect(res.body).toEqual({ id: user.id, username: user.username, displayName: 'Őrs', locale: 'en', roles: ['member'], createdAt: user.createdAt });
    expectNoSecrets(res.body, password);
  });

  it.each([
    ['no credentials', {}],
    ['an unknown cookie', { Cookie: 'sid=abcdefghijklmnopqrstuvwxyz0123456789' }],
    ['a malformed cookie', { Cookie: 'sid=x' }],
    ['a bearer token that does not exist', { Authorization: 'Bearer sst_doesnotexistdoesnotexistdoesnotexist' }],
    ['a malformed Authorization header', { Authorization: 'Basic a2F0YTpwYXNz' }],
  ])('%s: 401 UNAUTHENTICATED', async (_, headers) => {
    expectProblem(await request(api.url).get('/api/me').set(headers), 401, 'UNAUTHENTICATED');
  });
});

describe('PATCH /api/me', () => {
  it('changes the display name and the language', async () => {
    const { agent } = await registerUser(api.url);
    const res = await agent.patch('/api/me').send({ displayName: 'Žiga Ž.', locale: 'sl' }).expect(200);
    expect(res.body).toMatchObject({ displayName: 'Žiga Ž.', locale: 'sl' });
    expect((await agent.get('/api/me').expect(200)).body).toMatchObject({ displayName: 'Žiga Ž.', locale: 'sl' });
    // An empty display name clears it.
    expect((await agent.patch('/api/me').send({ displayName: '' }).expect(200)).body.displayName).toBeNull();
  });

  it.each([
    ['an empty body', {}, '(body)'],
    ['displayName of 65 characters', { displayName: 'x'.repeat(65) }, 'displayName'],
    ['displayName with a control character', { displayName: 'a\u0000b' }, 'displayName'],
    ['displayName with a zero-width joiner', { displayName: 'a\u200db' }, 'displayName'],
    ['displayName is a number', { displayName: 3 }, 'displayName'],
    ['unsupported locale', { locale: 'klingon' }, 'locale'],
    ['an unknown field', { username: 'renamed' }, 'username'],
    ['roles (no self-promotion)', { roles: ['admin'] }, 'roles'],
  ])('%s: 422 and nothing changes', async (_, body, path) => {
    const { agent } = await registerUser(api.url, { displayName: 'Before' });
    const before = (await agent.get('/api/me')).body;
    expectFieldError(await agent.patch('/api/me').send(body), path);
    expect((await agent.get('/api/me')).body).toEqual(before);
  });

  it('needs a session (401)', async () => {
    expectProblem(await request(api.url).patch('/api/me').send({ displayName: 'x' }), 401, 'UNAUTHENTICATED');
  });
});

describe('POST /api/me/password', () => {
  it('changes the password, keeps this session and ends every other one', async () => {
    const { user, password, cookie } = await registerUser(api.url);
    const other = sessionCookie(await login(user.username, password).expect(200))!;
    const newPassword = strongPassword();

    const changed = await request(api.url).post('/api/me/password').set('Cookie', cookie).send({ currentPassword: password, newPassword }).expect(200);
    expect(changed.body).toEqual({ ended: { sessions: 1, tokens: 0, calendarFeed: false } });

    await request(api.url).get('/api/me').set('Cookie', cookie).expect(200);
    expectProblem(await request(api.url).get('/api/me').set('Cookie', other), 401, 'UNAUTHENTICATED');
    expectProblem(await login(user.username, password), 401, 'INVALID_CREDENTIALS');
    await login(user.username, newPassword).expect(200);
  });

  it('wrong current password: 403 PASSWORD_INCORRECT and nothing changes', async () => {
    const { user, password, cookie } = await registerUser(api.url);
    const other = sessionCookie(await login(user.username, password).expect(200))!;
    const res = await request(api.url).post('/api/me/password').set('Cookie', cookie).send({ currentPassword: 'not-my-password', newPassword: strongPassword() });
    expect(expectProblem(res, 403, 'PASSWORD_INCORRECT').errors?.[0]?.path).toBe('currentPassword');
    await request(api.url).get('/api/me').set('Cookie', other).expect(200);
    await login(user.username, password).expect(200);
  });

  it('a common new password: 422 PASSWORD_TOO_COMMON and nothing changes', async () => {
    const { user, password, cookie } = await registerUser(api.url);
    const res = await request(api.url).post('/api/me/password').set('Cookie', cookie).send({ currentPassword: password, newPassword: 'qwertyuiop' });
    expect(expectProblem(res, 422, 'PASSWORD_TOO_COMMON').errors?.[0]?.path).toBe('newPassword');
    await login(user.username, password).expect(200);
  });

  it.each([
    ['missing newPassword', (p: string) => ({ currentPassword: p }), 'newPassword'],
    ['short newPassword', (p: string) => ({ currentPassword: p, newPassword: 'short' }), 'newPassword'],
    ['300-character newPassword', (p: string) => ({ currentPassword: p, newPassword: 'a'.repeat(300) }), 'newPassword'],
    ['currentPassword is a number', () => ({ currentPassword: 1, newPassword: strongPassword() }), 'currentPassword'],
    ['an unknown field', (p: string) => ({ currentPassword: p, newPassword: strongPassword(), confirm: 'x' }), 'confirm'],
  ])('%s: 422 and the old password still works', async (_, build, path) => {
    const { user, password, cookie } = await registerUser(api.url);
    expectFieldError(await request(api.url).post('/api/me/password').set('Cookie', cookie).send(build(password)), path);
    await login(user.username, password).expect(200);
  });

  it('needs a session (401)', async () => {
    expectProblem(await request(api.url).post('/api/me/password').send({ currentPassword: 'a', newPassword: strongPassword() }), 401, 'UNAUTHENTICATED');
  });
});
