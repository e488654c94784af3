import { startApi, type TestApi } from '../support/api-server.js';
import { registerUser } from '../support/users.js';
import { startWeb, type TestWeb } from '../support/web-server.js';

/**
 * /quick-exit over plain HTTP: the no-JavaScript link and the keepalive POST both end the session on
 * the API and tell the browser to drop what the site stored; other sites cannot POST to it.
 */
let api: TestApi;
let web: TestWeb;

beforeAll(async () => {
  api = await startApi();
  web = await startWeb(api.url);
}, 120_000);
afterAll(async () => {
  await web?.stop();
  await api?.stop();
});

const alive = async (cookie: string) => (await fetch(`${api.url}/api/me`, { headers: { Cookie: cookie } })).status === 200;

it('the link (GET) signs out, clears site data and goes to the neutral site', async () => {
  const person = await registerUser(api.url);
  const res = await fetch(`${web.url}/quick-exit`, { redirect: 'manual', headers: { Cookie: person.cookie } });
  expect(res.status).toBe(302);
  expect(new URL(res.headers.get('location') ?? '').hostname).toBe('www.google.com');
  expect(res.headers.get('clear-site-data')).toBe('"storage"');
  expect(res.headers.get('cache-control')).toBe('no-store');
  expect(res.headers.get('set-cookie')).toMatch(/sid=;/);
  expect(await alive(person.cookie)).toBe(false);
});

it('the keepalive POST from this site signs out; the same POST from another site is refused and changes nothing', async () => {
  const person = await registerUser(api.url);
  const hostile = await fetch(`${web.url}/quick-exit`, { method: 'POST', headers: { Cookie: person.cookie, Origin: 'https://evil.example' } });
  expect(hostile.status).toBe(403);
  expect(await alive(person.cookie)).toBe(true);

  const own = await fetch(`${web.url}/quick-exit`, { method: 'POST', headers: { Cookie: person.cookie, Origin: web.url } });
  expect(own.status).toBe(204);
  expect(await alive(person.cookie)).toBe(false);
});

it('signed out, the link still just leaves', async () => {
  const res = await fetch(`${web.url}/quick-exit`, { redirect: 'manual' });
  expect(res.status).toBe(302);
  expect(new URL(res.headers.get('location') ?? '').hostname).toBe('www.google.com');
});
