import { randomUUID } from 'node:crypto';
import { startApi, type TestApi } from '../support/api-server.js';
import { registerUser, type RegisteredUser } from '../support/users.js';
import { startWeb, type TestWeb } from '../support/web-server.js';
import { until } from '../support/sockets.js';

/**
 * The two routes the web's own scripts read with fetch, as JSON: a page of a space's messages
 * (the chat's "load earlier" and its re-read after a reconnect) and the header search's
 * suggestions. They answer only what the person asking may read, and bad input is a 400.
 */
let api: TestApi;
let web: TestWeb;
let member: RegisteredUser;
let outsider: RegisteredUser;
let space: { id: string; slug: string };
const WORD = `szalonna${randomUUID().slice(0, 6)}`;

beforeAll(async () => {
  api = await startApi();
  web = await startWeb(api.url);
  member = await registerUser(api.url);
  outsider = await registerUser(api.url);
  space = (await member.agent.post('/api/spaces').send({ name: `Back room ${randomUUID().slice(0, 6)}`, description: 'Members only.', visibility: 'private' }).expect(201)).body;
  for (const body of ['One', 'Two', `Three, about ${WORD}`]) {
    await member.agent.post(`/api/spaces/${space.id}/messages`).send({ clientId: randomUUID(), body }).expect(201);
  }
}, 120_000);
afterAll(async () => {
  await web?.stop();
  await api?.stop();
});

const get = (path: string, who?: RegisteredUser) => fetch(`${web.url}${path}`, { headers: { Accept: 'application/json', ...(who ? { Cookie: who.cookie } : {}) }, redirect: 'manual' });
const messagesOf = (query: Record<string, string>, who?: RegisteredUser) => get(`/spaces/${space.slug}/messages?${new URLSearchParams(query)}`, who);

describe('a page of messages', () => {
  it('a member gets the newest page, and the one before a message', async () => {
    const newest = await messagesOf({ space: space.id }, member);
    expect(newest.status).toBe(200);
    expect(newest.headers.get('cache-control')).toBe('private, no-store');
    const page = (await newest.json()) as { messages: { id: string; body: string }[]; hasEarlier: boolean };
    expect(page.messages.map((m) => m.body)).toEqual(['One', 'Two', `Three, about ${WORD}`]);
    expect(page.hasEarlier).toBe(false);
    const before = (await (await messagesOf({ space: space.id, before: page.messages[2].id }, member)).json()) as typeof page;
    expect(before.messages.map((m) => m.body)).toEqual(['One', 'Two']);
  });

  it('someone outside the private space gets a 404 and no message; signed out, the way to sign in', async () => {
    const res = await messagesOf({ space: space.id }, outsider);
    expect(res.status).toBe(404);
    expect(await res.text()).not.toContain(WORD);
    const signedOut = await messagesOf({ space: space.id });
    expect(signedOut.status).toBe(302);
    expect(signedOut.headers.get('location')).toMatch(/^\/login\?/);
  });

  it.each([
    ['a space that is not an id', () => ({ space: 'nope' })],
    ['no space', () => ({})],
    ['a "before" that is not an id', () => ({ space: space.id, before: "1' OR '1'='1" })],
  ])('%s is a 400', async (_label, query: () => Record<string, string>) => {
    expect((await messagesOf(query(), member)).status).toBe(400);
  });
});

describe('search suggestions', () => {
  const suggest = async (q: string, who?: RegisteredUser) => {
    const res = await get(`/search/suggest?${new URLSearchParams({ q })}`, who);
    expect(res.status).toBe(200);
    return ((await res.json()) as { suggestions: { type: string; title: string; url: string }[] }).suggestions;
  };

  it('a member finds the private message; someone outside the space and a visitor do not', async () => {
    // The search index may take a moment to take the message in.
    const found = await until(() => suggest(WORD, member), (list) => list.length > 0);
    expect(found).toEqual([expect.objectContaining({ type: 'message', url: expect.stringContaining(`/spaces/${space.slug}`) })]);
    expect(await suggest(WORD, outsider)).toEqual([]);
    expect(await suggest(WORD)).toEqual([]);
  });

  it('fewer than three characters, or only spaces, suggest nothing', async () => {
    expect(await suggest('sz', member)).toEqual([]);
    expect(await suggest('     ', member)).toEqual([]);
  });
});
