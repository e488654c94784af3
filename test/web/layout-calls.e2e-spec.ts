import zlib from 'node:zlib';
import request from 'supertest';
import type { TestApi } from '../support/api-server.js';
import { rawRequest } from '../support/http.js';
import { t } from '../browser/pages.js';
import { registerUser, type RegisteredUser } from '../support/users.js';
import type { TestWeb } from '../support/web-server.js';
import { startWebBehindProxy, type WebBehindProxy } from '../support/recording-proxy.js';

/**
 * What one signed-in page costs the API: the page's frame — who is signed in, the
 * unread-notification count (a count, not the list), the emergency banner — comes along with the
 * page's own call (`X-Include-Layout`), or else from one GET /api/layout per page request (not once
 * per loader, nor once per part). A recording proxy between web and API sees every call.
 *
 * And the pages it does not cost: signed-out pages are rendered once a second at most, not once per
 * visitor (web/page-cache.js): the same page goes to the next signed-out visitor of the same URL
 * and language without asking the API again, carrying that visitor's own CSP nonce. Signed-in
 * pages are never shared, and a page a second old is rendered afresh.
 */
let stack: WebBehindProxy;
let api: TestApi;
let web: TestWeb;
let member: RegisteredUser;
let calls: string[] = [];

beforeAll(async () => {
  stack = await startWebBehindProxy();
  ({ api, web } = stack);
  calls = stack.proxy.calls;
  member = await registerUser(api.url);
}, 120_000);
afterAll(() => stack?.stop());

const pathOf = (call: string) => call.split(' ')[1].split('?')[0];

describe('the API calls behind one signed-in page', () => {
  it.each([
    ['/', ['/api/me/home']],
    ['/stories', ['/api/stories']],
    ['/spaces', ['/api/spaces']],
    ['/resources', ['/api/resources']],
    ['/notifications', ['/api/notifications']],
    ['/messages', ['/api/conversations', '/api/conversations']],
  ])('%s asks only for its own data, its frame (who, unread count, banner) carried along, and never the notification list', async (page, own) => {
    await api.sql(`INSERT INTO notifications (user_id, kind, data) VALUES ($1, 'mention', '{}'), ($1, 'mention', '{}')`, [member.user.id]);
    try {
      calls.length = 0;
      const res = await fetch(`${web.url}${page}`, { headers: { Cookie: member.cookie } });
      expect(res.status).toBe(200);
      const html = await res.text();
      expect(html).toContain(member.user.username);
      expect(html).toMatch(/data-testid="unread-notifications"><span aria-hidden="true">2<\/span>/);
      expect(calls.map(pathOf).filter((p) => p !== '/api/health')).toEqual(own);
    } finally {
      await api.sql(`DELETE FROM notifications WHERE user_id = $1`, [member.user.id]);
    }
  });

  it('a story asks for the story with its frame along, then its comments', async () => {
    const doc = { type: 'doc', content: [{ type: 'paragraph', content: [{ type: 'text', text: 'How I found a home.' }] }] };
    const story = (
      await member.agent.post('/api/stories').send({ title: 'My way home', content: doc, contentWarnings: [], visibility: 'public', language: 'en', status: 'published' }).expect(201)
    ).body;
    calls.length = 0;
    const res = await fetch(`${web.url}/stories/${story.id}`, { headers: { Cookie: member.cookie } });
    expect(res.status).toBe(200);
    expect(await res.text()).toContain(member.user.username);
    expect(calls.map(pathOf).filter((p) => p !== '/api/health')).toEqual([`/api/stories/${story.id}`, `/api/stories/${story.id}/comments`]);
  });

  it('/events asks for its events with the frame along, with the reader’s zone known or not', async () => {
    calls.length = 0;
    const zoned = await fetch(`${web.url}/events`, { headers: { Cookie: `${member.cookie}; tz=Europe%2FBudapest` } });
    expect(zoned.status).toBe(200);
    expect(await zoned.text()).toContain(member.user.username);
    expect(calls.map(pathOf).filter((p) => p !== '/api/health')).toEqual(['/api/events']);
    // Without the zone cookie the period is cut in the zone usual for the person's language, guessed
    // from the browser's: an English account on an English browser is guessed right.
    calls.length = 0;
    const unzoned = await fetch(`${web.url}/events`, { headers: { Cookie: member.cookie, 'Accept-Language': 'en' } });
    expect(unzoned.status).toBe(200);
    expect(await unzoned.text()).toContain(member.user.username);
    expect(calls.map(pathOf).filter((p) => p !== '/api/health')).toEqual(['/api/events']);
  });

  it('/events asks again, in turn, when the guessed zone cut other days (a Finnish account on an English browser)', async () => {
    const finn = await registerUser(api.url, { locale: 'fi' });
    // A given first day, so the two zones agree on its date whatever the hour (today's date moves to
    // tomorrow an hour earlier in Helsinki).
    const start = new Date(Date.now() + 7 * 86_400_000).toISOString().slice(0, 10);
    calls.length = 0;
    const res = await fetch(`${web.url}/events?start=${start}`, { headers: { Cookie: finn.cookie, 'Accept-Language': 'en' } });
    expect(res.status).toBe(200);
    expect(await res.text()).toContain(finn.user.username);
    const asked = calls.map((call) => call.split(' ')[1]).filter((p) => !p.startsWith('/api/health'));
    expect(asked.map((p) => p.split('?')[0])).toEqual(['/api/events', '/api/events']);
    // Midnight in Copenhagen first, then midnight in Helsinki, an hour earlier.
    const [guessed, right] = asked.map((p) => new Date(new URL(p, 'http://x').searchParams.get('from')!).getTime());
    expect(guessed - right).toBe(60 * 60 * 1000);
  });

  it('/events?mine=true with a stale session asks again for everyone’s events, and shows them to a visitor', async () => {
    calls.length = 0;
    const res = await fetch(`${web.url}/events?mine=true`, { headers: { Cookie: 'sid=not-a-session' } });
    expect(res.status).toBe(200);
    expect(await res.text()).toContain(t('en', 'events', 'list.loginForMore'));
    const asked = calls.map((call) => call.split(' ')[1]).filter((p) => !p.startsWith('/api/health'));
    expect(asked.filter((p) => p.startsWith('/api/events')).map((p) => new URL(p, 'http://x').searchParams.get('mine'))).toEqual(['true', null]);
  });

  it('asks for the frame on its own when the page’s call brings none back (an answer that failed)', async () => {
    calls.length = 0;
    const res = await fetch(`${web.url}/stories?cursor=not-a-cursor`, { headers: { Cookie: member.cookie } });
    expect(res.status).toBe(200);
    const html = await res.text();
    expect(html).toContain(member.user.username);
    // A cursor the API cannot read shows the first page again, not an error.
    expect(html).not.toContain(t('en', 'stories', 'list.couldNotLoad'));
    const paths = calls.map(pathOf).filter((p) => p !== '/api/health');
    expect(paths.filter((p) => p === '/api/layout')).toHaveLength(1);
    expect(paths.filter((p) => p === '/api/stories')).toHaveLength(2);
  });

  it('a space page asks for the space, its messages and its frame in one call', async () => {
    const space = (await member.agent.post('/api/spaces').send({ name: `Soup ${Date.now()}`, description: 'Peers', visibility: 'public' }).expect(201)).body;
    const sent = (await member.agent.post(`/api/spaces/${space.id}/messages`).send({ clientId: crypto.randomUUID(), body: 'Soup on Sunday' }).expect(201)).body.message;
    calls.length = 0;
    const res = await fetch(`${web.url}/spaces/${space.slug}`, { headers: { Cookie: member.cookie } });
    expect(res.status).toBe(200);
    expect(await res.text()).toContain('Soup on Sunday');
    // (The web server's own health check of the API may come in between.)
    expect(calls.map(pathOf).filter((p) => p !== '/api/health')).toEqual([`/api/spaces/${space.slug}/view`]);

    // A search result for a message since deleted still opens the space, saying its history could not be loaded.
    await api.sql(`DELETE FROM messages WHERE id = $1`, [sent.id]);
    calls.length = 0;
    const gone = await fetch(`${web.url}/spaces/${space.slug}?message=${sent.id}`, { headers: { Cookie: member.cookie, 'Accept-Language': 'en' } });
    expect(gone.status).toBe(200);
    const html = await gone.text();
    expect(html).toContain(space.name);
    expect(html).toContain(t('en', 'spaces', 'space.historyFailed'));
    expect(calls.map(pathOf).filter((p) => p !== '/api/health').sort()).toEqual(['/api/layout', `/api/spaces/${space.slug}`, `/api/spaces/${space.slug}/view`]);
  });

  it('a signed-out page gets its frame (the banner) with its own call, nothing about a person', async () => {
    calls.length = 0;
    const res = await fetch(`${web.url}/stories`);
    expect(res.status).toBe(200);
    await res.text();
    expect(calls.map(pathOf).filter((p) => p !== '/api/health')).toEqual(['/api/stories']);
  });

  it.each(['/spaces', '/notifications', '/spaces/no-such-space'])('%s, for members, sends a stale session to sign in, whatever the API said to the page', async (page) => {
    const res = await fetch(`${web.url}${page}`, { headers: { Cookie: 'sid=not-a-session' }, redirect: 'manual' });
    expect(res.status).toBe(302);
    expect(res.headers.get('location')).toBe(`/login?${new URLSearchParams({ redirectTo: page })}`);
  });

  it('/stories?mine=true for a visitor lists everyone’s stories in one call, and for an ended session in two', async () => {
    calls.length = 0;
    const visitor = await fetch(`${web.url}/stories?mine=true&visitor=1`, { headers: { 'Accept-Language': 'en' } });
    expect(visitor.status).toBe(200);
    expect(await visitor.text()).not.toContain(t('en', 'stories', 'list.couldNotLoad'));
    expect(calls.map((call) => call.split(' ')[1]).filter((p) => !p.startsWith('/api/health'))).toEqual([expect.not.stringContaining('mine=')]);
    calls.length = 0;
    const ended = await fetch(`${web.url}/stories?mine=true`, { headers: { Cookie: 'sid=ended', 'Accept-Language': 'en' } });
    expect(ended.status).toBe(200);
    expect(await ended.text()).not.toContain(t('en', 'stories', 'list.couldNotLoad'));
    const asked = calls.map((call) => call.split(' ')[1]).filter((p) => !p.startsWith('/api/health'));
    expect(asked.filter((p) => p.startsWith('/api/stories'))).toEqual([expect.stringContaining('mine=true'), expect.not.stringContaining('mine=')]);
  });

  it('a page with no call of its own asks for its frame alone', async () => {
    calls.length = 0;
    const res = await fetch(`${web.url}/help/cover-your-tracks?alone=1`, { headers: { Cookie: member.cookie } });
    expect(res.status).toBe(200);
    expect(await res.text()).toContain(member.user.username);
    expect(calls.map(pathOf).filter((p) => p !== '/api/health')).toEqual(['/api/layout']);
  });
});

describe('GET /api/layout', () => {
  it('answers who is signed in as /api/me does, their unread count as the count endpoint does, and the banner', async () => {
    const [layout, me, count, banner] = await Promise.all(
      ['/api/layout', '/api/me', '/api/me/notifications/unread-count', '/api/banner'].map((path) => member.agent.get(path).expect(200)),
    );
    expect(layout.body).toEqual({ user: me.body, unreadNotifications: count.body.unread, banner: banner.body.banner });
  });

  it('answers a visitor with no one, no count, and the banner in the language they ask for', async () => {
    const [{ id }] = await api.sql<{ id: string }>(
      `INSERT INTO emergency_banners (message, url, starts_at, ends_at) VALUES ($1, 'https://example.org/cold', now() - interval '1 hour', now() + interval '1 hour') RETURNING id`,
      [{ en: 'Cold night: warm rooms are open', hu: 'Hideg éjszaka: a melegedők nyitva vannak' }],
    );
    try {
      const visitor = await request(api.url).get('/api/layout').set('Accept-Language', 'hu').expect(200);
      const banner = await request(api.url).get('/api/banner').set('Accept-Language', 'hu').expect(200);
      expect(banner.body.banner).toEqual(expect.objectContaining({ id, message: 'Hideg éjszaka: a melegedők nyitva vannak', url: 'https://example.org/cold' }));
      expect(visitor.body).toEqual({ user: null, unreadNotifications: 0, banner: banner.body.banner });
      // A signed-in person reads it in their own language, as /api/banner answers them.
      const [signedIn, theirs] = await Promise.all(['/api/layout', '/api/banner'].map((path) => member.agent.get(path).set('Accept-Language', 'hu').expect(200)));
      expect(signedIn.body.banner).toEqual(expect.objectContaining({ id, message: 'Cold night: warm rooms are open' }));
      expect(signedIn.body.banner).toEqual(theirs.body.banner);
    } finally {
      await api.sql(`DELETE FROM emergency_banners WHERE id = $1`, [id]);
    }
    expect((await request(api.url).get('/api/layout').expect(200)).body.banner).toBeNull();
  });

  it('still says who is signed in, and their count, when the banner cannot be read, so no page signs them out', async () => {
    await api.sql(`INSERT INTO notifications (user_id, kind, data) VALUES ($1, 'mention', '{}')`, [member.user.id]);
    await api.sql(`ALTER TABLE emergency_banners RENAME TO emergency_banners_away`);
    try {
      const layout = await member.agent.get('/api/layout').expect(200);
      expect(layout.body).toEqual({ user: expect.objectContaining({ id: member.user.id }), unreadNotifications: 1, banner: null });
      const page = await fetch(`${web.url}/spaces`, { headers: { Cookie: member.cookie }, redirect: 'manual' });
      expect(page.status).toBe(200);
      expect(await page.text()).toContain(member.user.username);
    } finally {
      await api.sql(`ALTER TABLE emergency_banners_away RENAME TO emergency_banners`);
      await api.sql(`DELETE FROM notifications WHERE user_id = $1`, [member.user.id]);
    }
    expect((await member.agent.get('/api/layout').expect(200)).body.user.id).toBe(member.user.id);
  });

  it('still shows the banner when the count cannot be read: a crisis banner never goes with it', async () => {
    const [{ id }] = await api.sql<{ id: string }>(
      `INSERT INTO emergency_banners (message, starts_at, ends_at) VALUES ($1, now() - interval '1 hour', now() + interval '1 hour') RETURNING id`,
      [{ en: 'Storm tonight: the day centre stays open' }],
    );
    await api.sql(`ALTER TABLE notifications RENAME TO notifications_away`);
    try {
      const layout = await member.agent.get('/api/layout').expect(200);
      expect(layout.body).toEqual({
        user: expect.objectContaining({ id: member.user.id }),
        unreadNotifications: 0,
        banner: expect.objectContaining({ id, message: 'Storm tonight: the day centre stays open' }),
      });
    } finally {
      await api.sql(`ALTER TABLE notifications_away RENAME TO notifications`);
      await api.sql(`DELETE FROM emergency_banners WHERE id = $1`, [id]);
    }
  });

  it('is in the OpenAPI document', async () => {
    const doc = await request(api.url).get('/api/docs.json').expect(200);
    expect(doc.body.paths['/api/layout']?.get).toBeDefined();
  });
});

describe('the frame carried along (X-Include-Layout: 1)', () => {
  const carried = (res: { headers: Record<string, string> }) =>
    res.headers['x-layout'] === undefined ? undefined : JSON.parse(Buffer.from(res.headers['x-layout'], 'base64').toString('utf8'));

  it('comes with a read that checked who is asking, as GET /api/layout answers that person or visitor', async () => {
    const [{ id }] = await api.sql<{ id: string }>(
      `INSERT INTO emergency_banners (message, starts_at, ends_at) VALUES ($1, now() - interval '1 hour', now() + interval '1 hour') RETURNING id`,
      [{ en: 'Warm rooms open tonight', hu: 'Ma éjjel nyitva vannak a melegedők' }],
    );
    try {
      const signedIn = await member.agent.get('/api/stories?limit=1').set('X-Include-Layout', '1').expect(200);
      expect(carried(signedIn)).toEqual((await member.agent.get('/api/layout').expect(200)).body);
      expect(carried(signedIn).user.id).toBe(member.user.id);
      const visitor = await request(api.url).get('/api/stories?limit=1').set('X-Include-Layout', '1').set('Accept-Language', 'hu').expect(200);
      expect(carried(visitor)).toEqual({ user: null, unreadNotifications: 0, banner: expect.objectContaining({ id, message: 'Ma éjjel nyitva vannak a melegedők' }) });
    } finally {
      await api.sql(`DELETE FROM emergency_banners WHERE id = $1`, [id]);
    }
  });

  it('is not carried unasked, by a write, by a failed answer, or where no one’s credentials were read', async () => {
    expect(carried(await member.agent.get('/api/stories?limit=1').expect(200))).toBeUndefined();
    expect(carried(await member.agent.get('/api/stories?cursor=nonsense').set('X-Include-Layout', '1').expect(422))).toBeUndefined();
    expect(carried(await member.agent.get('/api/spaces/no-such-space/view').set('X-Include-Layout', '1').expect(404))).toBeUndefined();
    expect(carried(await request(api.url).get('/api/spaces').set('X-Include-Layout', '1').expect(401))).toBeUndefined();
    // The health check reads no credentials: who is asking is not known there, so no frame is.
    expect(carried(await request(api.url).get('/api/health').set('Cookie', member.cookie).set('X-Include-Layout', '1').expect(200))).toBeUndefined();
    const posted = await member.agent.post('/api/me/recovery-codes/kept').set('X-Include-Layout', '1');
    expect(posted.status).toBeLessThan(300);
    expect(carried(posted)).toBeUndefined();
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

const nonceOf = (res: Response) => res.headers.get('content-security-policy')?.match(/'nonce-([^']+)'/)?.[1] ?? '';

async function page(path: string, headers: Record<string, string> = {}) {
  calls.length = 0;
  const res = await fetch(`${web.url}${path}`, { headers: { 'Accept-Language': 'en', ...headers } });
  const html = await res.text();
  return { res, html, nonce: nonceOf(res), apiCalls: [...calls] };
}

describe('the page cache: signed-out pages', () => {
  it('go to the next visitor without asking the API again, with that visitor’s own nonce on every script', async () => {
    const first = await page('/stories');
    const second = await page('/stories');
    expect(first.res.status).toBe(200);
    expect(second.res.status).toBe(200);
    expect(first.apiCalls.length).toBeGreaterThan(0);
    expect(second.apiCalls).toEqual([]);
    expect(second.nonce).toMatch(/^[A-Za-z0-9+/=]{16,}$/);
    expect(second.nonce).not.toBe(first.nonce);
    const scripts = second.html.match(/<script\b[^>]*>/g) ?? [];
    expect(scripts.length).toBeGreaterThan(0);
    for (const tag of scripts) expect(tag).toContain(`nonce="${second.nonce}"`);
    expect(second.html).not.toContain(first.nonce);
    // The same page, but for the new nonce.
    expect(second.html.replaceAll(second.nonce, first.nonce)).toBe(first.html);
    expect(second.res.headers.get('cache-control')).toBe('no-store');
  });

  it('are kept apart by language and by URL', async () => {
    await page('/events');
    const hungarian = await page('/events', { 'Accept-Language': 'hu' });
    expect(hungarian.apiCalls.length).toBeGreaterThan(0);
    expect(hungarian.html).toContain('<html lang="hu"');
    const other = await page('/events?past=1');
    expect(other.apiCalls.length).toBeGreaterThan(0);
  });

  it('are rendered afresh after a write through the web, so its result shows at once', async () => {
    await page('/events');
    expect((await page('/events')).apiCalls).toEqual([]);
    const login = await fetch(`${web.url}/login`, {
      method: 'POST',
      body: new URLSearchParams({ username: 'nobody-here', password: 'not the password' }),
      redirect: 'manual',
    });
    await login.text();
    const after = await page('/events');
    expect(after.res.status).toBe(200);
    expect(after.apiCalls.length).toBeGreaterThan(0);
  });

  it('are rendered once for visitors who arrive together, each with their own nonce', async () => {
    const alone = await page('/stories?together=alone');
    expect(alone.apiCalls.length).toBeGreaterThan(0);
    calls.length = 0;
    const together = await Promise.all(
      Array.from({ length: 12 }, () => fetch(`${web.url}/stories?together=1`, { headers: { 'Accept-Language': 'en' } }).then(async (res) => ({ res, html: await res.text() }))),
    );
    // One render's worth of API calls, not twelve.
    expect(calls).toHaveLength(alone.apiCalls.length);
    const nonces = together.map(({ res }) => nonceOf(res));
    expect(new Set(nonces).size).toBe(12);
    for (const [i, { res, html }] of together.entries()) {
      expect(res.status).toBe(200);
      expect(html).toContain(`nonce="${nonces[i]}"`);
      expect(html.replaceAll(nonces[i], nonces[0])).toBe(together[0].html);
    }
  });

  it('once expired, are rendered by one visitor while those arriving with them get the copy just expired', async () => {
    const first = await page('/help/cover-your-tracks?expiring=1');
    await new Promise((resolve) => setTimeout(resolve, 1_100));
    calls.length = 0;
    const [renderer, ...others] = await Promise.all(
      Array.from({ length: 8 }, () => fetch(`${web.url}/help/cover-your-tracks?expiring=1`, { headers: { 'Accept-Language': 'en' } }).then(async (res) => ({ res, html: await res.text() }))),
    );
    expect(calls).toHaveLength(first.apiCalls.length);
    for (const { res, html } of [renderer, ...others]) {
      expect(res.status).toBe(200);
      expect(html.replaceAll(nonceOf(res), first.nonce)).toBe(first.html);
    }
  });

  it('include the sign-in redirect of a page for members, which is the same for every visitor', async () => {
    const first = await fetch(`${web.url}/spaces?redirected=1`, { headers: { 'Accept-Language': 'en' }, redirect: 'manual' });
    calls.length = 0;
    const second = await fetch(`${web.url}/spaces?redirected=1`, { headers: { 'Accept-Language': 'en' }, redirect: 'manual' });
    expect(first.status).toBe(302);
    expect(second.status).toBe(302);
    expect(second.headers.get('location')).toBe(first.headers.get('location'));
    expect(second.headers.get('location')).toMatch(/^\/login\?redirectTo=/);
    expect(calls).toEqual([]);
  });

  it('are rendered afresh once a second has passed', async () => {
    await page('/');
    await new Promise((resolve) => setTimeout(resolve, 1_100));
    const later = await page('/');
    expect(later.res.status).toBe(200);
    expect(later.apiCalls.length).toBeGreaterThan(0);
  });
});

describe('the page cache: signed-in pages', () => {
  it('are never shared: each asks the API who is signed in', async () => {
    const first = await page('/help/cover-your-tracks', { Cookie: member.cookie });
    const second = await page('/help/cover-your-tracks', { Cookie: member.cookie });
    for (const answer of [first, second]) {
      expect(answer.res.status).toBe(200);
      expect(answer.apiCalls.map((c) => c.split(' ')[1].split('?')[0])).toContain('/api/layout');
    }
  });

  it('do not come from a signed-out visitor’s copy', async () => {
    const signedOut = await page('/spaces');
    const signedIn = await page('/spaces', { Cookie: member.cookie });
    expect(signedIn.apiCalls.length).toBeGreaterThan(0);
    expect(signedIn.html).not.toBe(signedOut.html.replaceAll(signedOut.nonce, signedIn.nonce));
  });
});

/** A page as it travels, body still compressed. */
const compressedPage = (path: string, headers: Record<string, string> = {}) =>
  rawRequest(`${web.url}${path}`, { headers: { 'Accept-Encoding': 'gzip, deflate, br', 'Accept-Language': 'en', ...headers } });

describe('pages travel compressed in one piece (web/whole-answer-compression.js)', () => {
  it.each([
    ['a signed-out page, rendered and then from the cache', false],
    ['a signed-in page', true],
  ])('%s: brotli with its length known, and each copy with its own nonce', async (_, signedIn) => {
    const headers: Record<string, string> = signedIn ? { Cookie: member.cookie } : {};
    const nonces: string[] = [];
    // A URL no visitor asked for yet: the first copy is rendered, not a copy about to expire.
    const url = `/stories?compressed=${Date.now()}`;
    for (let copy = 0; copy < 2; copy++) {
      calls.length = 0;
      const answer = await compressedPage(url, headers);
      // The second signed-out copy comes from the page cache; a signed-in one never does.
      if (copy === 1) expect(calls.length === 0).toBe(!signedIn);
      expect(answer.headers['content-encoding']).toBe('br');
      expect(answer.headers['content-length']).toBe(String(answer.body.length));
      expect(answer.headers.vary).toMatch(/accept-encoding/i);
      const html = zlib.brotliDecompressSync(answer.body).toString('utf8');
      const nonce = String(answer.headers['content-security-policy']).match(/'nonce-([^']+)'/)?.[1] ?? '';
      expect(html).toContain('</html>');
      expect(html).toContain(`nonce="${nonce}"`);
      if (signedIn) expect(html).toContain(member.user.username);
      nonces.push(nonce);
    }
    expect(nonces[0]).not.toBe(nonces[1]);
  });
});
