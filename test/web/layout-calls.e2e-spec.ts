import request from 'supertest';
import { startApi, type TestApi } from '../support/api-server.js';
import { registerUser, type RegisteredUser } from '../support/users.js';
import { startWeb, type TestWeb } from '../support/web-server.js';
import { startRecordingProxy, type RecordingProxy } from '../support/recording-proxy.js';

/**
 * What one signed-in page costs the API: the web asks who is signed in once per page request
 * (not once per loader), and reads the unread-notification count from its own endpoint instead of
 * fetching the whole notification list to count it. A recording proxy between web and API sees
 * every call.
 */
let api: TestApi;
let web: TestWeb;
let proxy: RecordingProxy;
let member: RegisteredUser;
let calls: string[] = [];

beforeAll(async () => {
  api = await startApi();
  proxy = await startRecordingProxy(api.url);
  calls = proxy.calls;
  web = await startWeb(proxy.url);
  member = await registerUser(api.url);
}, 120_000);
afterAll(async () => {
  await web?.stop();
  await proxy?.stop();
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
