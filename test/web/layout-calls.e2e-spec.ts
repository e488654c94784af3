import http from 'node:http';
import type { AddressInfo } from 'node:net';
import request from 'supertest';
import { startApi, type TestApi } from '../support/api-server.js';
import { registerUser, type RegisteredUser } from '../support/users.js';
import { startWeb, type TestWeb } from '../support/web-server.js';

/**
 * What one signed-in page costs the API: the web asks who is signed in once per page request
 * (not once per loader), and reads the unread-notification count from its own endpoint instead of
 * fetching the whole notification list to count it. A recording proxy between web and API sees
 * every call.
 */
let api: TestApi;
let web: TestWeb;
let proxy: http.Server;
let member: RegisteredUser;
const calls: string[] = [];

beforeAll(async () => {
  api = await startApi();
  const target = new URL(api.url);
  proxy = http.createServer((req, res) => {
    calls.push(`${req.method} ${req.url}`);
    const upstream = http.request({ host: target.hostname, port: target.port, path: req.url, method: req.method, headers: req.headers }, (answer) => {
      res.writeHead(answer.statusCode ?? 502, answer.headers);
      answer.pipe(res);
    });
    upstream.on('error', () => res.destroy());
    req.pipe(upstream);
  });
  await new Promise<void>((resolve) => proxy.listen(0, '127.0.0.1', resolve));
  web = await startWeb(`http://127.0.0.1:${(proxy.address() as AddressInfo).port}`);
  member = await registerUser(api.url);
}, 120_000);
afterAll(async () => {
  await web?.stop();
  proxy?.closeAllConnections();
  await new Promise((resolve) => proxy?.close(resolve));
  await api?.stop();
});

const pathOf = (call: string) => call.split(' ')[1].split('?')[0];

describe('the API calls behind one signed-in page', () => {
  it.each(['/', '/stories', '/spaces'])('%s asks /api/me once and reads the unread count, not the notification list', async (page) => {
    calls.length = 0;
    const res = await fetch(`${web.url}${page}`, { headers: { Cookie: member.cookie } });
    expect(res.status).toBe(200);
    await res.text();
    const paths = calls.map(pathOf);
    expect(paths.filter((p) => p === '/api/me')).toHaveLength(1);
    expect(paths.filter((p) => p === '/api/me/notifications/unread-count')).toHaveLength(1);
    expect(paths.filter((p) => p === '/api/me/notifications')).toHaveLength(0);
  });

  it('a signed-out page asks neither', async () => {
    calls.length = 0;
    const res = await fetch(`${web.url}/stories`);
    expect(res.status).toBe(200);
    await res.text();
    expect(calls.map(pathOf).filter((p) => p.startsWith('/api/me'))).toEqual([]);
  });
});

describe('GET /api/me/notifications/unread-count', () => {
  it('is the same number the notification list reports', async () => {
    const count = await member.agent.get('/api/me/notifications/unread-count').expect(200);
    const list = await member.agent.get('/api/me/notifications').expect(200);
    expect(count.body).toEqual({ unread: list.body.unread });
    expect(count.body.unread).toBe(0);
  });

  it('is for signed-in people only', async () => {
    const res = await request(api.url).get('/api/me/notifications/unread-count').expect(401);
    expect(res.headers['content-type']).toMatch(/problem\+json/);
  });

  it('is in the OpenAPI document', async () => {
    const doc = await request(api.url).get('/api/docs.json').expect(200);
    expect(doc.body.paths['/api/me/notifications/unread-count']?.get).toBeDefined();
  });
});
