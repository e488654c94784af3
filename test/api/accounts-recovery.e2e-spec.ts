import request from 'supertest';
import { startApi, type TestApi } from '../support/api-server.js';
import { expectFieldError, expectNoSecrets, expectProblem, uniqueIp } from '../support/http.js';
import { registerUser, sessionCookie, strongPassword, uniqueUsername } from '../support/users.js';

let api: TestApi;
beforeAll(async () => {
  api = await startApi();
});
afterAll(() => api?.stop());

const recover = (body: unknown) => request(api.url).post('/api/auth/recover').set('X-Forwarded-For', uniqueIp()).send(body as object);
const login = (username: string, password: string) =>
  request(api.url).post('/api/auth/login').set('X-Forwarded-For', uniqueIp()).send({ username, password });
const remaining = async (agent: Awaited<ReturnType<typeof registerUser>>['agent']) => (await agent.get('/api/me/recovery-codes').expect(200)).body.remaining;

describe('POST /api/auth/recover', () => {
  it('sets a new password with a recovery code, signs in, and ends every other session', async () => {
    const { user, password, cookie, recoveryCodes } = await registerUser(api.url);
    const newPassword = strongPassword();
    const res = await recover({ username: user.username, recoveryCode: recoveryCodes[0], newPassword }).expect(200);
    expect(res.body).toEqual({ user, ended: { sessions: 1, tokens: 0, calendarFeed: false } });
    expectNoSecrets(res.body, newPassword, recoveryCodes[0]);

    const fresh = sessionCookie(res)!;
    await request(api.url).get('/api/me').set('Cookie', fresh).expect(200);
    expectProblem(await request(api.url).get('/api/me').set('Cookie', cookie), 401, 'UNAUTHENTICATED');
    expectProblem(await login(user.username, password), 401, 'INVALID_CREDENTIALS');
    await login(user.username, newPassword).expect(200);
  });

  it('each code works once', async () => {
    const { user, recoveryCodes, agent } = await registerUser(api.url);
    await recover({ username: user.username, recoveryCode: recoveryCodes[3], newPassword: strongPassword() }).expect(200);
    const again = await recover({ username: user.username, recoveryCode: recoveryCodes[3], newPassword: strongPassword() });
    expectProblem(again, 401, 'RECOVERY_CODE_INVALID');
    expect(sessionCookie(again)).toBeNull();
    // The first recovery ended the agent's session; sign in with a fresh code to count.
    const next = await recover({ username: user.username, recoveryCode: recoveryCodes[4], newPassword: strongPassword() }).expect(200);
    const count = await request(api.url).get('/api/me/recovery-codes').set('Cookie', sessionCookie(next)!).expect(200);
    expect(count.body).toEqual({ remaining: 8 });
    void agent;
  });

  it('accepts a code typed in lower case, with spaces or without dashes', async () => {
    const { user, recoveryCodes } = await registerUser(api.url);
    const typed = ` ${recoveryCodes[1].toLowerCase().replace(/-/g, ' ')} `;
    await recover({ username: user.username, recoveryCode: typed, newPassword: strongPassword() }).expect(200);
  });

  it('a wrong code, another person’s code, or an unknown name: 401 RECOVERY_CODE_INVALID and nothing changes', async () => {
    const a = await registerUser(api.url);
    const b = await registerUser(api.url);
    for (const body of [
      { username: a.user.username, recoveryCode: 'AAAA-BBBB-CCCC', newPassword: strongPassword() },
      { username: a.user.username, recoveryCode: b.recoveryCodes[0], newPassword: strongPassword() },
      { username: uniqueUsername('ghost'), recoveryCode: a.recoveryCodes[0], newPassword: strongPassword() },
    ]) {
      expectProblem(await recover(body), 401, 'RECOVERY_CODE_INVALID');
    }
    await a.agent.get('/api/me').expect(200);
    await login(a.user.username, a.password).expect(200);
    expect(await remaining(a.agent)).toBe(10);
    expect(await remaining(b.agent)).toBe(10);
  });

  it('a common new password: 422 and the code is not used up', async () => {
    const { user, recoveryCodes, agent, password } = await registerUser(api.url);
    const res = await recover({ username: user.username, recoveryCode: recoveryCodes[0], newPassword: 'password' });
    expectProblem(res, 422, 'PASSWORD_TOO_COMMON');
    expect(await remaining(agent)).toBe(10);
    await login(user.username, password).expect(200);
    await recover({ username: user.username, recoveryCode: recoveryCodes[0], newPassword: strongPassword() }).expect(200);
  });

  it.each([
    ['missing recoveryCode', (u: string) => ({ username: u, newPassword: strongPassword() }), 'recoveryCode'],
    ['missing newPassword', (u: string, c: string) => ({ username: u, recoveryCode: c }), 'newPassword'],
    ['short newPassword', (u: string, c: string) => ({ username: u, recoveryCode: c, newPassword: 'short' }), 'newPassword'],
    ['recoveryCode is a number', (u: string) => ({ username: u, recoveryCode: 1234, newPassword: strongPassword() }), 'recoveryCode'],
    ['recoveryCode of 65 characters', (u: string) => ({ username: u, recoveryCode: 'A'.repeat(65), newPassword: strongPassword() }), 'recoveryCode'],
    ['an unknown field', (u: string, c: string) => ({ username: u, recoveryCode: c, newPassword: strongPassword(), extra: 1 }), 'extra'],
  ])('%s: 422 and the code is not used up', async (_, build, path) => {
    const { user, recoveryCodes, agent } = await registerUser(api.url);
    expectFieldError(await recover(build(user.username, recoveryCodes[0])), path);
    expect(await remaining(agent)).toBe(10);
  });
});

describe('/api/me/recovery-codes', () => {
  it('GET counts the unused codes', async () => {
    const { agent } = await registerUser(api.url);
    expect((await agent.get('/api/me/recovery-codes').expect(200)).body).toEqual({ remaining: 10 });
  });

  it('POST with the password answers ten new codes; the old ones stop working', async () => {
    const { user, agent, password, recoveryCodes } = await registerUser(api.url);
    const res = await agent.post('/api/me/recovery-codes').send({ password }).expect(201);
    expect(res.body.recoveryCodes).toHaveLength(10);
    expect(res.body.recoveryCodes.filter((c: string) => recoveryCodes.includes(c))).toEqual([]);
    expectProblem(await recover({ username: user.username, recoveryCode: recoveryCodes[0], newPassword: strongPassword() }), 401, 'RECOVERY_CODE_INVALID');
    await recover({ username: user.username, recoveryCode: res.body.recoveryCodes[0], newPassword: strongPassword() }).expect(200);
  });

  it('POST with a wrong password: 403 PASSWORD_INCORRECT and the old codes still work', async () => {
    const { user, agent, recoveryCodes } = await registerUser(api.url);
    expectProblem(await agent.post('/api/me/recovery-codes').send({ password: 'not-my-password' }), 403, 'PASSWORD_INCORRECT');
    expectFieldError(await agent.post('/api/me/recovery-codes').send({}), 'password');
    expectFieldError(await agent.post('/api/me/recovery-codes').send({ password: 12345678 }), 'password');
    await recover({ username: user.username, recoveryCode: recoveryCodes[9], newPassword: strongPassword() }).expect(200);
  });

  it('needs a session (401)', async () => {
    expectProblem(await request(api.url).get('/api/me/recovery-codes'), 401, 'UNAUTHENTICATED');
    expectProblem(await request(api.url).post('/api/me/recovery-codes').send({ password: 'x' }), 401, 'UNAUTHENTICATED');
  });
});
