import request from 'supertest';
import { startApi, type TestApi } from '../support/api-server.js';
import { registerUser, type RegisteredUser } from '../support/users.js';
import { startWeb, type TestWeb } from '../support/web-server.js';

/**
 * On a shared computer in a shelter or a library, what one person read must not wait in the
 * browser's cache for the next. Pages were never kept (`no-store`); a page's data fetched as
 * someone moves between pages (`.data`) and the API's answers (through the web or straight, errors
 * included) are not kept either. Two kinds of answer are fetched again and again by tools that
 * keep them and ask whether they changed, and still may: the HSDS open data, and subscribed
 * calendar feeds (only by the person's own calendar app, never a shared cache).
 */
let api: TestApi;
let web: TestWeb;
let person: RegisteredUser;

beforeAll(async () => {
  api = await startApi();
  web = await startWeb(api.url);
  person = await registerUser(api.url);
}, 120_000);
afterAll(async () => {
  await web?.stop();
  await api?.stop();
});

const get = (url: string, cookie?: string) => fetch(url, { redirect: 'manual', headers: cookie ? { Cookie: cookie } : {} });

it("a page's data for the browser is never kept, signed in or out", async () => {
  const mine = await get(`${web.url}/spaces.data`, person.cookie);
  expect(mine.status).toBe(200);
  expect(await mine.text()).toContain(person.user.username);
  expect(mine.headers.get('cache-control')).toBe('no-store');

  const open = await get(`${web.url}/stories.data`);
  expect(open.status).toBe(200);
  expect(open.headers.get('cache-control')).toBe('no-store');
});

it("a page's data that redirects (signed out, to the sign-in page) is not kept either", async () => {
  const res = await get(`${web.url}/spaces.data`);
  expect(res.status).toBe(202);
  expect(await res.text()).toContain('/login');
  expect(res.headers.get('cache-control')).toBe('no-store');
});

it("the API's answers are never kept, through the web and straight, errors included", async () => {
  for (const base of [web.url, api.url]) {
    const me = await get(`${base}/api/me`, person.cookie);
    expect(me.status).toBe(200);
    expect(((await me.json()) as { username: string }).username).toBe(person.user.username);
    expect(me.headers.get('cache-control')).toBe('no-store');
  }
  const problem = await get(`${api.url}/api/spaces/no-such-space`, person.cookie);
  expect(problem.status).toBe(404);
  expect(problem.headers.get('content-type')).toMatch(/problem\+json/);
  expect(problem.headers.get('cache-control')).toBe('no-store');
  // Refused by the body parser, before any route runs.
  const unreadable = await fetch(`${api.url}/api/auth/login`, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: '{"username":' });
  expect(unreadable.status).toBe(400);
  expect(unreadable.headers.get('cache-control')).toBe('no-store');
});

it('open data and a subscribed calendar feed may be kept and asked again with their ETag', async () => {
  const feed = (await person.agent.post('/api/me/calendar-feed').expect(201)).body as { path: string };
  for (const [path, cacheControl] of [
    ['/api/hsds/services', 'no-cache'],
    [feed.path, 'private, no-cache'],
  ]) {
    const first = await request(api.url).get(path).expect(200);
    expect(first.headers['cache-control']).toBe(cacheControl);
    expect(first.headers.etag).toMatch(/^W\/"/);
    // node:http, not fetch: fetch adds `Cache-Control: no-cache` to a request with If-None-Match,
    // which tells the server not to answer from what the client kept.
    await request(api.url).get(path).set('If-None-Match', first.headers.etag).expect(304);
  }
});

it('assets the pages load are still kept (they never change under their names)', async () => {
  const page = await (await get(`${web.url}/stories`)).text();
  const script = /"(\/assets\/[^"]+\.js)"/.exec(page)?.[1];
  expect(script).toBeDefined();
  const asset = await get(`${web.url}${script}`);
  expect(asset.status).toBe(200);
  expect(asset.headers.get('cache-control')).toMatch(/max-age=\d{6,}/);
});
