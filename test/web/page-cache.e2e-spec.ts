import { startApi, type TestApi } from '../support/api-server.js';
import { registerUser, type RegisteredUser } from '../support/users.js';
import { startWeb, type TestWeb } from '../support/web-server.js';
import { startRecordingProxy, type RecordingProxy } from '../support/recording-proxy.js';

/**
 * Signed-out pages are rendered once a second at most, not once per visitor (web/page-cache.js):
 * the same page goes to the next signed-out visitor of the same URL and language without asking
 * the API again, carrying that visitor's own CSP nonce. Signed-in pages are never shared, and a
 * page a second old is rendered afresh. A recording proxy between web and API sees every call.
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

const nonceOf = (res: Response) => res.headers.get('content-security-policy')?.match(/'nonce-([^']+)'/)?.[1] ?? '';

async function page(path: string, headers: Record<string, string> = {}) {
  calls.length = 0;
  const res = await fetch(`${web.url}${path}`, { headers: { 'Accept-Language': 'en', ...headers } });
  const html = await res.text();
  return { res, html, nonce: nonceOf(res), apiCalls: [...calls] };
}

describe('signed-out pages', () => {
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

  it('are rendered afresh once a second has passed', async () => {
    await page('/');
    await new Promise((resolve) => setTimeout(resolve, 1_100));
    const later = await page('/');
    expect(later.res.status).toBe(200);
    expect(later.apiCalls.length).toBeGreaterThan(0);
  });
});

describe('signed-in pages', () => {
  it('are never shared: each asks the API who is signed in', async () => {
    const first = await page('/stories', { Cookie: member.cookie });
    const second = await page('/stories', { Cookie: member.cookie });
    for (const answer of [first, second]) {
      expect(answer.res.status).toBe(200);
      expect(answer.apiCalls.map((c) => c.split(' ')[1].split('?')[0])).toContain('/api/me');
    }
  });

  it('do not come from a signed-out visitor’s copy', async () => {
    const signedOut = await page('/spaces');
    const signedIn = await page('/spaces', { Cookie: member.cookie });
    expect(signedIn.apiCalls.length).toBeGreaterThan(0);
    expect(signedIn.html).not.toBe(signedOut.html.replaceAll(signedOut.nonce, signedIn.nonce));
  });
});
