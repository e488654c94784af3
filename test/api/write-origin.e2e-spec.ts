import request from 'supertest';
import { startApi, type TestApi } from '../support/api-server.js';
import { expectProblem } from '../support/http.js';
import { registerUser, sessionCookie, type RegisteredUser } from '../support/users.js';

/**
 * Login CSRF and friends: a state-changing request carries JSON (415 otherwise) and, when a browser
 * sends it, comes from this site or CORS_ORIGIN (403 otherwise). Another site's form could sign a
 * visitor into an attacker's account through /api/auth/login; now it cannot.
 */
const PARTNER = 'https://partner.example';
const EVIL = 'https://evil.example';

let api: TestApi;
let member: RegisteredUser;

beforeAll(async () => {
  api = await startApi({ env: { CORS_ORIGIN: PARTNER } });
  member = await registerUser(api.url);
});
afterAll(() => api?.stop());

const storyCount = async () => Number((await api.sql<{ n: string }>(`SELECT count(*) AS n FROM stories`))[0].n);
const sessionCount = async () => Number((await api.sql<{ n: string }>(`SELECT count(*) AS n FROM sessions`))[0].n);
const draft = { title: 'Draft', content: { type: 'doc', content: [{ type: 'paragraph', content: [{ type: 'text', text: 'Hi' }] }] }, contentWarnings: [], visibility: 'public', language: 'en', status: 'draft' };
const ownOrigin = () => api.url;

describe('writes take JSON only', () => {
  it.each([
    ['a form body', 'application/x-www-form-urlencoded', (u: string, p: string) => `username=${u}&password=${p}`],
    ['a text/plain body (what a cross-site fetch may send without asking)', 'text/plain', (u: string, p: string) => JSON.stringify({ username: u, password: p })],
    ['a multipart body', 'multipart/form-data; boundary=x', (u: string, p: string) => `--x\r\nContent-Disposition: form-data; name="username"\r\n\r\n${u}\r\n--x\r\nContent-Disposition: form-data; name="password"\r\n\r\n${p}\r\n--x--\r\n`],
  ])('login with %s: 415 problem+json, no session', async (_, type, body) => {
    const sessions = await sessionCount();
    const res = await request(api.url).post('/api/auth/login').set('Content-Type', type).send(body(member.user.username, member.password));
    expectProblem(res, 415, 'UNSUPPORTED_MEDIA_TYPE');
    expect(sessionCookie(res)).toBeNull();
    expect(await sessionCount()).toBe(sessions);
  });

  it('a signed-in write with a form body: 415, nothing stored', async () => {
    const before = await storyCount();
    expectProblem(await member.agent.post('/api/stories').set('Content-Type', 'application/x-www-form-urlencoded').send('title=Draft'), 415, 'UNSUPPORTED_MEDIA_TYPE');
    expect(await storyCount()).toBe(before);
  });

  it('JSON (with a charset) still works, and a POST without a body needs no content type', async () => {
    await request(api.url).post('/api/auth/login').set('Content-Type', 'application/json; charset=utf-8').send(JSON.stringify({ username: member.user.username, password: member.password })).expect(200);
    const other = await registerUser(api.url);
    await request(api.url).post('/api/auth/logout').set('Cookie', other.cookie).expect(204);
  });
});

describe('browsers may write only from this site or CORS_ORIGIN', () => {
  it('a cross-site login is refused: 403 CROSS_SITE_REQUEST and no cookie (login CSRF)', async () => {
    const sessions = await sessionCount();
    const res = await request(api.url).post('/api/auth/login').set('Origin', EVIL).send({ username: member.user.username, password: member.password });
    expectProblem(res, 403, 'CROSS_SITE_REQUEST');
    expect(sessionCookie(res)).toBeNull();
    expect(await sessionCount()).toBe(sessions);
  });

  it.each([
    ['another origin', { Origin: EVIL }],
    ['Origin: null (a sandboxed frame)', { Origin: 'null' }],
    ['a sibling subdomain', { Origin: 'https://sub.127.0.0.1.example' }],
    ['no Origin but Sec-Fetch-Site: cross-site', { 'Sec-Fetch-Site': 'cross-site' }],
    ['no Origin but Sec-Fetch-Site: same-site', { 'Sec-Fetch-Site': 'same-site' }],
  ])('a cookie-authenticated write from %s: 403, nothing stored', async (_, headers) => {
    const before = await storyCount();
    expectProblem(await member.agent.post('/api/stories').set(headers).send(draft), 403, 'CROSS_SITE_REQUEST');
    expect(await storyCount()).toBe(before);
  });

  it('a cross-site logout does not end the session', async () => {
    expectProblem(await member.agent.post('/api/auth/logout').set('Origin', EVIL), 403, 'CROSS_SITE_REQUEST');
    await member.agent.get('/api/me').expect(200);
  });

  it.each([
    ['its own origin (the web proxies with the browser’s Host)', () => ({ Origin: ownOrigin() })],
    ['its own origin via X-Forwarded-Host from the trusted proxy', () => ({ Origin: 'http://forum.example', 'X-Forwarded-Host': 'forum.example' })],
    ['CORS_ORIGIN', () => ({ Origin: PARTNER })],
    ['Sec-Fetch-Site: same-origin', () => ({ 'Sec-Fetch-Site': 'same-origin' })],
    ['no browser headers at all (scripts, the web’s loaders)', () => ({})],
  ])('a write from %s is allowed', async (_, headers) => {
    await member.agent.post('/api/stories').set(headers()).send(draft).expect(201);
  });

  it('an access token is not a browser credential: a write with one is allowed from anywhere', async () => {
    const { token } = (await member.agent.post('/api/auth/tokens').send({ name: 'script' }).expect(201)).body;
    await request(api.url).post('/api/stories').set('Authorization', `Bearer ${token}`).set('Origin', EVIL).send(draft).expect(201);
  });

  it('reads from another site are not writes: GET answers as before', async () => {
    await member.agent.get('/api/me').set('Origin', EVIL).set('Sec-Fetch-Site', 'cross-site').expect(200);
  });
});
