/**
 * The installable app on a 360 px phone in Chromium: the manifest and its icons, one service worker
 * for the whole site, push turned on from the settings page (up to the push service, which headless
 * Chromium cannot reach: PushManager.subscribe is played by the test), the devices list, what the
 * worker shows for a push (the API's own payload, caught by a local push receiver and handed to the
 * worker through CDP's ServiceWorker.deliverPushMessage) and where a tap on it leads, a chat
 * message typed offline that arrives once after reconnecting, quick exit leaving nothing behind,
 * and — last, with the web server stopped — the offline page with the crisis lines, the saved list
 * and the pages read.
 */
import { randomBytes } from 'node:crypto';
import { type Browser, type Page } from 'playwright-core';
import { PushReceiver, awayFromApp } from '../support/push-receiver.js';
import { expectAccessible, isolatedContext, phonePage, PHONE, startBrowserStack, type BrowserStack } from '../support/browser.js';
import { registerUser, type RegisteredUser } from '../support/users.js';
import { submit, t, waitForHydration } from './pages.js';

let stack: BrowserStack;
let browser: Browser;
let webUrl: string;
let reader: RegisteredUser;
/** The push service the API sends to (its certificate trusted by the API), so a test holds the payload a phone would get. */
const receiver = new PushReceiver();

beforeAll(async () => {
  await receiver.start();
  stack = await startBrowserStack({ env: { NODE_EXTRA_CA_CERTS: receiver.certFile, NOTIFY_PUSH_DELAY_MS: '300', NOTIFY_INTERVAL_MS: '200' } });
  ({ browser } = stack);
  webUrl = stack.web.url;
  reader = await registerUser(stack.api.url);
}, 240_000);
afterAll(async () => {
  await stack?.stop();
  await receiver.stop();
});

const ev = (key: string, lang = 'en') => t(lang, 'events', key);
const common = (key: string, lang = 'en') => t(lang, 'common', key);

/** Width and height from a PNG's IHDR chunk. */
function pngSize(bytes: Buffer): { width: number; height: number } {
  expect(bytes.subarray(1, 4).toString('ascii')).toBe('PNG');
  return { width: bytes.readUInt32BE(16), height: bytes.readUInt32BE(20) };
}

/**
 * A phone with no HTTP cache, so what opens offline can only come from the service worker's caches,
 * and whose quick exit finds the neutral site.
 */
const offlinePhone = (cookie: string, options: { javaScriptEnabled?: boolean } = {}) => phonePage(browser, webUrl, cookie, { ...options, httpCache: false, neutralSite: true });

async function controlled(page: Page) {
  await page.waitForFunction(() => navigator.serviceWorker.controller !== null, undefined, { timeout: 15_000 });
}

it('serves a manifest that installs the site: valid JSON, standalone from "/", icons (maskable too) that load at their sizes', async () => {
  const page = await offlinePhone(reader.cookie);
  await page.goto(`${webUrl}/`);
  const href = await page.locator('link[rel="manifest"]').getAttribute('href');
  const answer = await page.request.get(new URL(href ?? '', webUrl).href);
  expect(answer.status()).toBe(200);
  expect(answer.headers()['content-type']).toMatch(/application\/manifest\+json/);
  const manifest = JSON.parse(await answer.text());
  expect(manifest).toEqual(expect.objectContaining({ name: 'Sorstárs', short_name: 'Sorstárs', start_url: '/', scope: '/', display: 'standalone', theme_color: '#0a5c63' }));
  const purposes = new Set<string>();
  for (const icon of manifest.icons as { src: string; sizes: string; type: string; purpose: string }[]) {
    const image = await page.request.get(new URL(icon.src, webUrl).href);
    expect(image.status()).toBe(200);
    expect(image.headers()['content-type']).toBe(icon.type);
    const { width, height } = pngSize(await image.body());
    expect(`${width}x${height}`).toBe(icon.sizes);
    purposes.add(`${icon.purpose} ${icon.sizes}`);
  }
  expect([...purposes].sort()).toEqual(['any 192x192', 'any 512x512', 'maskable 192x192', 'maskable 512x512']);
  await page.context().close();
});

it('registers one service worker for the whole site (scope /)', async () => {
  const page = await offlinePhone(reader.cookie);
  await page.goto(`${webUrl}/`);
  await waitForHydration(page);
  const scope = await page.evaluate(async () => (await navigator.serviceWorker.ready).scope);
  expect(scope).toBe(`${webUrl}/`);
  await controlled(page);
  await page.context().close();
});

describe('notifications on this device', () => {
  it('lists a device subscribed through the API, and removes it with a plain form (no JavaScript)', async () => {
    const person = await registerUser(stack.api.url);
    const created = await person.agent
      .post('/api/push/subscriptions')
      .send({ endpoint: `https://push.example.test/${randomBytes(6).toString('hex')}`, keys: { p256dh: 'B'.repeat(87), auth: 'a'.repeat(22) }, name: 'Kitchen phone' })
      .expect(201);
    const page = await offlinePhone(person.cookie, { javaScriptEnabled: false });
    await page.goto(`${webUrl}/notifications/settings`);
    const device = page.getByTestId('device').filter({ hasText: 'Kitchen phone' });
    await device.waitFor();
    expect(await device.innerText()).toContain(ev('devices.neverUsed'));
    await submit(page, device.getByRole('button', { name: `${ev('devices.remove')} Kitchen phone` }));
    await page.getByRole('status').filter({ hasText: ev('devices.removed') }).waitFor();
    expect(await page.getByTestId('device').count()).toBe(0);
    expect(await stack.api.sql('SELECT 1 FROM push_subscriptions WHERE id = $1', [created.body.id])).toEqual([]);
    await page.context().close();
  }, 60_000);

  it('"Turn on" asks permission only on the tap, subscribes with the VAPID key and lists the device under the name given', async () => {
    const person = await registerUser(stack.api.url);
    const page = await offlinePhone(person.cookie);
    const { publicKey } = (await person.agent.get('/api/push/key').expect(200)).body as { publicKey: string };
    // Headless Chromium has no push service: subscribe() is played here and records the key it was given.
    await page.addInitScript(() => {
      const w = window as unknown as { askedPermission: number; subscribedWith: string | null };
      w.askedPermission = 0;
      w.subscribedWith = null;
      Notification.requestPermission = async () => {
        w.askedPermission += 1;
        return 'granted';
      };
      PushManager.prototype.getSubscription = async () => null;
      PushManager.prototype.subscribe = async function (options?: PushSubscriptionOptionsInit) {
        const key = new Uint8Array(options?.applicationServerKey as ArrayBuffer);
        w.subscribedWith = btoa(String.fromCharCode(...key)).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
        const json = { endpoint: 'https://push.example.test/device-1', expirationTime: null, keys: { p256dh: 'B'.repeat(87), auth: 'a'.repeat(22) } };
        return { endpoint: json.endpoint, toJSON: () => json } as unknown as PushSubscription;
      };
    });
    await page.goto(`${webUrl}/notifications/settings`);
    await waitForHydration(page);
    const name = page.getByLabel(ev('devices.nameLabel'), { exact: true });
    expect(await name.inputValue()).toBe('Chrome · Linux');
    expect(await page.evaluate(() => (window as unknown as { askedPermission: number }).askedPermission)).toBe(0);
    await expectAccessible(page);
    await name.fill('My phone');
    await page.getByRole('button', { name: ev('devices.turnOn') }).click();
    await page.getByTestId('push-outcome').filter({ hasText: ev('devices.on') }).waitFor();
    expect(await page.evaluate(() => (window as unknown as { askedPermission: number }).askedPermission)).toBe(1);
    expect(await page.evaluate(() => (window as unknown as { subscribedWith: string }).subscribedWith)).toBe(publicKey);
    await page.getByTestId('device').filter({ hasText: 'My phone' }).waitFor();
    await expectAccessible(page);
    const rows = await stack.api.sql<{ name: string; endpoint: string }>('SELECT name, endpoint FROM push_subscriptions WHERE user_id = $1', [person.user.id]);
    expect(rows).toEqual([{ name: 'My phone', endpoint: 'https://push.example.test/device-1' }]);
    await page.context().close();
  }, 60_000);

  it('"Turn on" without a network says it needs one and keeps the page (da); with the network back it works', async () => {
    const person = await registerUser(stack.api.url);
    await stack.api.sql('UPDATE users SET locale = $2 WHERE id = $1', [person.user.id, 'da']);
    const page = await offlinePhone(person.cookie);
    // The browser already holds a subscription (so nothing before the request needs the network).
    await page.addInitScript(() => {
      Notification.requestPermission = async () => 'granted';
      const json = { endpoint: 'https://push.example.test/device-2', expirationTime: null, keys: { p256dh: 'B'.repeat(87), auth: 'a'.repeat(22) } };
      PushManager.prototype.getSubscription = async () => ({ endpoint: json.endpoint, toJSON: () => json }) as unknown as PushSubscription;
    });
    await page.goto(`${webUrl}/notifications/settings`);
    await waitForHydration(page);
    await controlled(page); // the service worker a device subscribes through is installed
    const turnOn = page.getByRole('button', { name: ev('devices.turnOn', 'da') });
    await page.context().setOffline(true);
    try {
      await turnOn.click();
      await page.getByTestId('push-outcome').filter({ hasText: t('da', 'chat', 'actions.offline') }).waitFor();
      // Still the settings page, not "something went wrong".
      expect(await turnOn.isVisible()).toBe(true);
    } finally {
      await page.context().setOffline(false);
    }
    await turnOn.click();
    await page.getByTestId('push-outcome').filter({ hasText: ev('devices.on', 'da') }).waitFor();
    const rows = await stack.api.sql<{ endpoint: string }>('SELECT endpoint FROM push_subscriptions WHERE user_id = $1', [person.user.id]);
    expect(rows).toEqual([{ endpoint: 'https://push.example.test/device-2' }]);
    await page.context().close();
  }, 60_000);

  /** What the worker shows now, as the page sees it (registration.getNotifications), waiting up to a few seconds for `count`. */
  async function shown(page: Page, count: number, tag?: string) {
    const read = () =>
      page.evaluate(async (t) => {
        const registration = await navigator.serviceWorker.ready;
        return (await registration.getNotifications(t ? { tag: t } : undefined)).map((n) => ({ title: n.title, body: n.body, tag: n.tag, data: n.data as unknown }));
      }, tag);
    // Returns as soon as the count is reached; on a loaded machine (CI ran two suites at once) the
    // worker took over 5 s to show three pushes in a row.
    const end = Date.now() + 15_000;
    let got = await read();
    while (got.length !== count && Date.now() < end) {
      await new Promise((r) => setTimeout(r, 100));
      got = await read();
    }
    return got;
  }

  /** A phone signed in as `who`, notifications allowed, controlled by the worker; `push(data)` hands the worker a push as the push service would. */
  async function deviceOf(who: RegisteredUser) {
    const page = await offlinePhone(who.cookie);
    const origin = new URL(webUrl).origin;
    await page.context().grantPermissions(['notifications'], { origin });
    await page.goto(`${webUrl}/`);
    await waitForHydration(page);
    await controlled(page);
    const cdp = await page.context().newCDPSession(page);
    const registrations: { registrationId: string; scopeURL: string; isDeleted: boolean }[] = [];
    cdp.on('ServiceWorker.workerRegistrationUpdated', (e) => registrations.push(...e.registrations));
    await cdp.send('ServiceWorker.enable');
    const ours = () => registrations.find((r) => r.scopeURL === `${origin}/` && !r.isDeleted);
    for (const end = Date.now() + 5000; !ours() && Date.now() < end; ) await new Promise((r) => setTimeout(r, 50));
    const { registrationId } = ours()!;
    return { page, push: (data: string) => cdp.send('ServiceWorker.deliverPushMessage', { origin, registrationId, data }) };
  }

  it('a direct message pushed by the API shows with no words of it, under its tag; a tap opens the conversation', async () => {
    const [alice, bob] = await Promise.all([registerUser(stack.api.url), registerUser(stack.api.url)]);
    // They share a space, so the conversation opens at once (no message request).
    const space = await alice.agent.post('/api/spaces').send({ name: `Hand in hand ${randomBytes(3).toString('hex')}`, description: 'Talk.', visibility: 'public' }).expect(201);
    await bob.agent.post(`/api/spaces/${space.body.id}/join`).send({ acceptGuidelines: true }).expect(200);
    const conversation = (await alice.agent.post('/api/conversations').send({ userId: bob.user.id }).expect(200)).body as { id: string; spaceId: string };
    const phone = await receiver.subscribe(bob);
    await awayFromApp(stack.api, bob);
    await alice.agent.post(`/api/spaces/${conversation.spaceId}/messages`).send({ clientId: crypto.randomUUID(), body: 'my new address is Kossuth utca 5' }).expect(201);
    const [arrived] = await receiver.arrivals(phone.path, 1);
    expect(arrived).toBeDefined();
    const payload = phone.read(arrived);

    const { page, push } = await deviceOf(bob);
    await push(JSON.stringify(payload));
    const [notification, ...more] = await shown(page, 1, payload.tag);
    expect(more).toEqual([]);
    expect(notification).toEqual({ title: 'Sorstárs', body: ev('push.private'), tag: payload.tag, data: { url: `/messages/${conversation.id}` } });
    expect(JSON.stringify(notification)).not.toMatch(/Kossuth|Hand in hand|alice/i);

    // The tap: the worker's own notificationclick handler, given the notification it showed.
    const worker = page.context().serviceWorkers().find((w) => new URL(w.url()).pathname === '/sw.js') ?? (await page.context().waitForEvent('serviceworker'));
    await worker.evaluate(async (tag) => {
      const sw = self as unknown as { registration: ServiceWorkerRegistration; dispatchEvent(e: Event): boolean };
      const [tapped] = await sw.registration.getNotifications({ tag });
      const NotificationEventOf = (self as unknown as { NotificationEvent: new (type: string, init: { notification: Notification }) => Event }).NotificationEvent;
      sw.dispatchEvent(new NotificationEventOf('notificationclick', { notification: tapped }));
    }, payload.tag);
    await page.waitForURL(`${webUrl}/messages/${conversation.id}`);
    expect(await shown(page, 0, payload.tag)).toEqual([]);
    await page.context().close();
  }, 60_000);

  it('a malformed push shows a plain notification leading to the notifications page, and the worker goes on showing the next one', async () => {
    const { page, push } = await deviceOf(reader);
    // One at a time, each shown before the next arrives, as a push service delivers them: three
    // handed over at once lost one of them inside headless Chromium on a loaded machine.
    const malformed = [
      '{"title": "unfinished',
      'null',
      // JSON, but nothing of the right type, and a link off the site: never followed.
      JSON.stringify({ title: 42, body: { html: '<b>x</b>' }, url: 'https://elsewhere.example/login', tag: ['x'] }),
    ];
    let plain: Awaited<ReturnType<typeof shown>> = [];
    for (const [i, data] of malformed.entries()) {
      await push(data);
      plain = await shown(page, i + 1);
    }
    expect(plain).toEqual(Array.from({ length: 3 }, () => ({ title: 'Sorstárs', body: '', tag: '', data: { url: '/notifications' } })));
    await push(JSON.stringify({ title: 'Sorstárs', body: 'A reminder', url: '/events', tag: 'next' }));
    expect(await shown(page, 1, 'next')).toEqual([{ title: 'Sorstárs', body: 'A reminder', tag: 'next', data: { url: '/events' } }]);
    await page.context().close();
  }, 60_000);

  it('on an iPhone outside the home screen, shows how to add it there instead of the button; in six languages, axe-clean at 360 px', async () => {
    const person = await registerUser(stack.api.url);
    for (const lang of ['en', 'hu', 'sr', 'da', 'fi', 'sl']) {
      // A signed-in person's pages follow their account's language.
      await stack.api.sql('UPDATE users SET locale = $2 WHERE id = $1', [person.user.id, lang]);
      const context = await isolatedContext(browser, {
        viewport: PHONE,
        isMobile: true,
        hasTouch: true,
        userAgent: 'Mozilla/5.0 (iPhone; CPU iPhone OS 18_1 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/18.1 Mobile/15E148 Safari/604.1',
      });
      const [cookieName, value] = person.cookie.split('=');
      const { hostname } = new URL(webUrl);
      await context.addCookies([
        { name: cookieName, value, domain: hostname, path: '/' },
        { name: 'lng', value: lang, domain: hostname, path: '/' },
      ]);
      const page = await context.newPage();
      await page.goto(`${webUrl}/notifications/settings`);
      await waitForHydration(page);
      const guide = page.getByTestId('ios-install-guide');
      await guide.waitFor();
      expect(await guide.innerText()).toContain(ev('devices.iosStep2', lang));
      expect(await page.getByRole('button', { name: ev('devices.turnOn', lang) }).count()).toBe(0);
      await expectAccessible(page);
      const widths = await page.evaluate(() => ({ page: document.documentElement.scrollWidth, screen: window.innerWidth }));
      expect(widths.page).toBeLessThanOrEqual(widths.screen);
      await context.close();
    }
  }, 120_000);
});

/** A space of the reader's open on a phone, connected; then the network goes and a message is typed. */
async function typeOffline(spaceName: string, text: string): Promise<Page> {
  const created = await reader.agent.post('/api/spaces').send({ name: `${spaceName} ${randomBytes(3).toString('hex')}`, description: 'Talk.', visibility: 'public' }).expect(201);
  const page = await offlinePhone(reader.cookie);
  await page.goto(`${webUrl}/spaces/${created.body.slug}`);
  await waitForHydration(page);
  await page.locator('[data-testid="chat-status"][data-status="connected"]').waitFor();
  await page.context().setOffline(true);
  await page.locator('[data-testid="chat-status"][data-status="reconnecting"]').waitFor();
  const box = page.getByLabel(t('en', 'chat', 'composer.label'), { exact: true });
  await box.fill(text);
  await box.press('Enter');
  await page.getByTestId('pending-message').filter({ hasText: text }).getByTestId('pending-state').filter({ hasText: t('en', 'chat', 'composer.queued') }).waitFor();
  return page;
}

it('a chat message typed offline waits ("will send when you are back online"), survives a reload, and arrives exactly once after reconnecting', async () => {
  const text = `Typed on the bus ${randomBytes(3).toString('hex')}`;
  const page = await typeOffline('Offline tea', text);
  // Reloaded while still offline (the offline page, or no page at all), then back online on the chat.
  const spaceUrl = page.url();
  await page.reload().catch(() => undefined);
  await page.context().setOffline(false);
  await page.goto(spaceUrl);
  await waitForHydration(page);
  await page.getByTestId('message-list').getByTestId('message').filter({ hasText: text }).waitFor({ timeout: 15_000 });
  await page.locator('[data-testid="chat-status"][data-status="connected"]').waitFor();
  expect(await page.getByTestId('pending-message').count()).toBe(0);
  expect(await page.getByTestId('message-list').getByTestId('message').filter({ hasText: text }).count()).toBe(1);
  const stored = await stack.api.sql<{ n: number }>('SELECT count(*)::int AS n FROM messages WHERE body = $1', [text]);
  expect(stored).toEqual([{ n: 1 }]);
  expect(await page.evaluate(() => Object.keys(sessionStorage).filter((key) => key.startsWith('sorstars:queue:')))).toEqual([]);
  await page.context().close();
}, 90_000);

it('a chat message typed offline goes once the same page is back online', async () => {
  const text = `In the tunnel ${randomBytes(3).toString('hex')}`;
  const page = await typeOffline('Offline walk', text);
  await page.context().setOffline(false);
  await page.getByTestId('message-list').getByTestId('message').filter({ hasText: text }).waitFor({ timeout: 15_000 });
  expect(await page.getByTestId('pending-message').count()).toBe(0);
  expect(await stack.api.sql<{ n: number }>('SELECT count(*)::int AS n FROM messages WHERE body = $1', [text])).toEqual([{ n: 1 }]);
  await page.context().close();
}, 90_000);

it('quick exit leaves no caches, no IndexedDB data and no queued messages', async () => {
  const page = await offlinePhone(reader.cookie);
  await page.goto(`${webUrl}/help`);
  await waitForHydration(page);
  await controlled(page);
  await page.evaluate(async () => {
    sessionStorage.setItem('sorstars:queue:x', '[]');
    await new Promise<void>((resolve, reject) => {
      const open = indexedDB.open('sorstars-test', 1);
      open.onupgradeneeded = () => open.result.createObjectStore('kept');
      open.onsuccess = () => {
        open.result.close();
        resolve();
      };
      open.onerror = () => reject(open.error);
    });
  });
  await page.waitForFunction(async () => (await caches.keys()).length > 0);
  expect((await page.evaluate(() => indexedDB.databases())).length).toBeGreaterThan(0);

  await page.getByTestId('quick-exit').click();
  await page.waitForURL((url) => !url.href.startsWith(webUrl));
  // Our origin again, on an address no worker keeps and no page script runs on.
  await page.goto(`${webUrl}/api/push/key`);
  await page.waitForFunction(async () => (await caches.keys()).length === 0 && (await indexedDB.databases()).length === 0, undefined, { timeout: 10_000 });
  expect(await page.evaluate(() => caches.keys())).toEqual([]);
  expect(await page.evaluate(() => indexedDB.databases())).toEqual([]);
  expect(await page.evaluate(() => sessionStorage.length)).toBe(0);
  await page.context().close();
}, 60_000);

// Last: it stops the web server.
it('offline, the app opens its offline page: the crisis lines, the saved list and the pages read, each "saved at" a time', async () => {
  const staff = await registerUser(stack.api.url);
  const org = await staff.agent.post('/api/organizations').send({ name: `Streets ${randomBytes(3).toString('hex')}`, description: 'We help.' }).expect(201);
  const shelter = `Night shelter ${randomBytes(3).toString('hex')}`;
  const resource = await staff.agent
    .post('/api/resources')
    .send({
      organizationId: org.body.id,
      name: shelter,
      description: 'Beds for the night.',
      categories: ['emergency-shelter'],
      languages: ['hu'],
      phone: '+36 1 555 0100',
      locations: [{ address: 'Dankó utca 16', city: 'Budapest', postalCode: '1086', country: 'HU', lat: 47.4953, lng: 19.0792, timezone: 'Europe/Budapest', hours: [] }],
    })
    .expect(201);
  const page = await offlinePhone(staff.cookie);
  await page.goto(`${webUrl}/resources/${resource.body.id}`);
  await waitForHydration(page);
  await controlled(page);
  await page.getByTestId('save-to-list').click();
  await page.goto(`${webUrl}/resources/my-list`);
  await page.waitForURL(/\/resources\/my-list\?ids=/);
  await page.getByTestId('my-list-item').filter({ hasText: shelter }).waitFor();
  // The list page, at the address with the saved ids, is kept whole for the offline page to read.
  await page.waitForFunction(async () => (await (await caches.open('sorstars-list-v1')).keys()).some((request) => request.url.includes('?ids=')), undefined, { timeout: 10_000 });
  await page.goto(`${webUrl}/help/cover-your-tracks`);
  await waitForHydration(page);
  const trackTitle = await page.title();
  // The worker notes the page read (and that it is kept) in its own time.
  await page.waitForFunction(
    async (path) => {
      const index = await (await caches.open('sorstars-shell-v1')).match('/__offline/read.json');
      return Boolean(index && ((await index.json()) as { url: string }[]).some((entry) => entry.url === path));
    },
    '/help/cover-your-tracks',
    { timeout: 10_000 },
  );
  // A private page is never kept, and the offline page was kept without the person's cookies.
  await page.goto(`${webUrl}/notifications`);
  expect(await page.evaluate(async () => Boolean(await caches.match('/notifications')))).toBe(false);
  const shellCopy = await page.evaluate(async () => (await (await caches.open('sorstars-shell-v1')).match('/offline'))?.text());
  expect(shellCopy).toBeTruthy();
  expect(shellCopy).not.toContain(staff.user.username);

  await page.context().setOffline(true);
  await stack.web.stop();

  // A page that is not kept (the notifications) opens the offline page instead.
  await page.goto(`${webUrl}/notifications`);
  await page.waitForURL(`${webUrl}/offline`);
  await waitForHydration(page);
  await page.getByRole('heading', { level: 1, name: common('offline.title') }).waitFor();
  expect(await page.getByTestId('offline-saved-at').innerText()).toContain(common('offline.lead').split('{{date}}')[0].trim());
  expect(await page.getByTestId('crisis-resources').first().innerText()).toContain('112');
  const saved = page.getByTestId('offline-saved');
  await saved.getByRole('link', { name: shelter }).waitFor();
  expect(await saved.getByRole('link', { name: '+36 1 555 0100' }).count()).toBeGreaterThan(0);
  const read = page.getByTestId('offline-read').locator('li').filter({ hasText: trackTitle });
  await read.waitFor();
  expect(await read.innerText()).toContain(common('offline.savedAt').split('{{date}}')[0].trim());
  await expectAccessible(page);
  const widths = await page.evaluate(() => ({ page: document.documentElement.scrollWidth, screen: window.innerWidth }));
  expect(widths.page).toBeLessThanOrEqual(widths.screen);

  // The page read opens from this phone.
  await read.getByRole('link').click();
  await page.waitForURL(`${webUrl}/help/cover-your-tracks`);
  expect(await page.title()).toBe(trackTitle);
}, 120_000);
