import { type Browser, type BrowserContext, type Page, type WebSocket } from 'playwright-core';
import { expectAccessible, isolatedContext, startBrowserStack, type BrowserStack } from '../support/browser.js';
import type { TestWeb } from '../support/web-server.js';
import { SmtpReceiver, verificationToken } from '../support/smtp-receiver.js';
import { registerUser, strongPassword, uniqueUsername } from '../support/users.js';
import { RegisterPage, SiteHeader, screenshot, submit, t, waitForHydration, waitToSee } from './pages.js';

/**
 * Notifications as a person on a 360 px phone meets them: the header's badge counts up live when
 * someone mentions them, the settings page (matrix, quiet hours) saves without JavaScript, the
 * space's bell turns a space to "nothing", an e-mail address is added and confirmed without
 * JavaScript (a real SMTP server receives the link), and every page passes axe, in English,
 * Slovenian and Hungarian. Screenshots go to SCREENSHOT_DIR when it is set.
 */
const PHONE = { width: 360, height: 740 };
let stack: BrowserStack;
let web: TestWeb;
let browser: Browser;
let ctx: BrowserContext;
let page: Page;
let username: string;
const smtp = new SmtpReceiver();

beforeAll(async () => {
  await smtp.start();
  stack = await startBrowserStack({ env: { NOTIFY_INTERVAL_MS: '200', SMTP_URL: smtp.url, PUBLIC_URL: 'https://sorstars.test' } });
  ({ web, browser } = stack);
  ctx = await isolatedContext(browser, { viewport: PHONE });
  page = await ctx.newPage();
  username = uniqueUsername('bell');
  const register = new RegisterPage(page, web.url);
  await register.open();
  await register.register(username, strongPassword());
  await register.recoveryCodes();
}, 240_000);
afterAll(async () => {
  await ctx?.close();
  await stack?.stop();
  await smtp.stop();
});

const ev = (key: string, lang = 'en') => t(lang, 'events', key);
/** What the API and the web last logged (warnings and errors), for a page that came without what a test waits for. */
const serverLog = () => `API: ${stack.api.output().slice(-900)}\n  web: ${web.output().slice(-900)}`;

async function spaceWithMe() {
  const alice = await registerUser(stack.api.url);
  const created = await alice.agent.post('/api/spaces').send({ name: `Helt Hjem Aarhus ${Date.now().toString(36)}`, description: 'Talk.', visibility: 'public' }).expect(201);
  const joined = await page.request.post(`${web.url}/api/spaces/${created.body.id}/join`, { data: { acceptGuidelines: true } });
  expect(joined.status()).toBe(200);
  const third = await registerUser(stack.api.url);
  await third.agent.post(`/api/spaces/${created.body.id}/join`).send({ acceptGuidelines: true }).expect(200);
  return { alice, space: created.body as { id: string; slug: string } };
}

it('the badge in the header counts a mention the moment it happens', async () => {
  const { alice, space } = await spaceWithMe();
  await page.goto(`${web.url}/notifications`);
  await waitForHydration(page);
  const badge = page.locator('details.site-menu > summary .badge');
  expect(await badge.count()).toBe(0);
  await alice.agent.post(`/api/spaces/${space.id}/messages`).send({ clientId: crypto.randomUUID(), body: `Are you coming, @${username}?` }).expect(201);
  await badge.waitFor();
  expect((await badge.locator('[aria-hidden="true"]').textContent())?.trim()).toBe('1');
  await page.reload();
  expect(await page.getByText(ev('notifications.kind.chat.mention').split('{{author}}')[1].split('{{space}}')[0].trim()).count()).toBeGreaterThan(0);
  await expectAccessible(page);
});

it('after the connection drops, the badge catches up on a mention made while away', async () => {
  const { alice, space } = await spaceWithMe();
  // The badge's socket has connected (Socket.IO's CONNECT answer) before the network goes.
  const connected = new Promise<WebSocket>((resolve) => {
    const watch = (ws: WebSocket) =>
      ws.on('framereceived', (frame) => {
        if (!String(frame.payload).startsWith('40')) return;
        page.off('websocket', watch);
        resolve(ws);
      });
    page.on('websocket', watch);
  });
  await page.goto(`${web.url}/spaces`);
  await waitForHydration(page);
  const socket = await connected;
  const before = (await (await page.request.get(`${web.url}/api/me/notifications/unread-count`)).json()).unread as number;
  const badge = page.locator('details.site-menu > summary .badge [aria-hidden="true"]');
  const closed = socket.waitForEvent('close', { timeout: 15_000 });
  await page.context().setOffline(true);
  try {
    await closed;
    await alice.agent.post(`/api/spaces/${space.id}/messages`).send({ clientId: crypto.randomUUID(), body: `Missed you, @${username}` }).expect(201);
    await page.waitForTimeout(1_500); // the notification is made and sent to nobody
    expect(before === 0 ? await badge.count() : Number((await badge.textContent())?.trim())).toBe(before);
  } finally {
    await page.context().setOffline(false);
  }
  // Nothing is replayed on a reconnect: the count is read again.
  await page.waitForFunction(
    ([selector, want]) => document.querySelector(selector)?.textContent?.trim() === want,
    ['details.site-menu > summary .badge [aria-hidden="true"]', String(before + 1)] as const,
    { timeout: 20_000 },
  );
}, 60_000);

it('the settings page saves the matrix and quiet hours without JavaScript', async () => {
  const noJs = await isolatedContext(browser, { viewport: PHONE, javaScriptEnabled: false, storageState: await ctx.storageState() });
  try {
    const p = await noJs.newPage();
    await p.goto(`${web.url}/notifications/settings`);
    await p.getByRole('checkbox', { name: `${ev('notificationSettings.categories.replies')}: ${ev('notificationSettings.push')}` }).uncheck();
    await p.getByLabel(ev('notificationSettings.quietFrom'), { exact: true }).fill('21:30');
    await p.getByLabel(ev('form.fields.timezone'), { exact: true }).selectOption('Europe/Ljubljana');
    await submit(p, p.getByRole('button', { name: ev('notificationSettings.save') }));
    await p.getByRole('status').filter({ hasText: ev('notificationSettings.saved') }).waitFor();
  } finally {
    await noJs.close();
  }
  const prefs = await (await page.request.get(`${web.url}/api/notifications/preferences`)).json();
  // E-mail is on in this stack (SMTP_URL), so its switch is there, off until turned on.
  expect(prefs.channels.replies).toEqual({ inApp: true, push: false, email: false });
  expect(prefs.quietHours).toEqual(expect.objectContaining({ from: '21:30', timezone: 'Europe/Ljubljana' }));
});

it('the settings page at 360 px, in English and Slovenian, passes axe', async () => {
  for (const lang of ['en', 'sl']) {
    if (lang !== 'en') await new SiteHeader(page).switchLanguage(lang);
    await page.goto(`${web.url}/notifications/settings`);
    await waitForHydration(page);
    await page.getByRole('heading', { level: 1, name: ev('notificationSettings.title', lang) }).waitFor();
    await expectAccessible(page);
    await screenshot(page, `notifications-settings-360-${lang}`);
    const width = await page.evaluate(() => document.documentElement.scrollWidth);
    expect(width).toBeLessThanOrEqual(PHONE.width);
  }
  await new SiteHeader(page).switchLanguage('en', 'sl');
});

it("a space's bell turns it to nothing, and nothing more is heard from it", async () => {
  const { alice, space } = await spaceWithMe();
  await page.goto(`${web.url}/spaces/${space.slug}`);
  await waitForHydration(page);
  await page.locator('details.space-bell > summary').click();
  await page.getByLabel(ev('spaceBell.level.none'), { exact: true }).check();
  await submit(page, page.getByRole('button', { name: ev('spaceBell.save') }));
  await page.getByRole('status').filter({ hasText: ev('spaceBell.saved') }).waitFor();
  await expectAccessible(page);
  await screenshot(page, 'notifications-bell-360-en', { fullPage: false });
  const before = (await (await page.request.get(`${web.url}/api/me/notifications/unread-count`)).json()).unread;
  await alice.agent.post(`/api/spaces/${space.id}/messages`).send({ clientId: crypto.randomUUID(), body: `@${username} still there?` }).expect(201);
  await new Promise((r) => setTimeout(r, 1000));
  expect((await (await page.request.get(`${web.url}/api/me/notifications/unread-count`)).json()).unread).toBe(before);
});

it('an e-mail address is added and confirmed without JavaScript; its column then appears; 360 px in English and Hungarian passes axe', async () => {
  const noJs = await isolatedContext(browser, { viewport: PHONE, javaScriptEnabled: false, storageState: await ctx.storageState() });
  const address = `${username}@example.org`;
  try {
    const p = await noJs.newPage();
    await p.goto(`${web.url}/notifications/settings`);
    // No column before an address is confirmed.
    // Failed once on the embedded database under a full run: the page came without the form. Say
    // what the API and the web did with the page's calls if it happens again.
    const addressField = p.getByLabel(ev('emailAddress.label'), { exact: true });
    await waitToSee(p, addressField, serverLog);
    expect(await p.getByRole('columnheader', { name: ev('notificationSettings.email') }).count()).toBe(0);
    await addressField.fill(address);
    await submit(p, p.getByRole('button', { name: ev('emailAddress.add') }));
    await p.getByRole('status').filter({ hasText: ev('emailAddress.sent').split('{{address}}')[0].trim() }).waitFor();
    const [mail] = await smtp.to(address, 1);
    await p.goto(`${web.url}/notifications/email/verify?token=${verificationToken(mail)}`);
    await submit(p, p.getByRole('button', { name: ev('emailVerify.button') }));
    await p.getByRole('status').filter({ hasText: ev('emailVerify.done') }).waitFor();
    await p.goto(`${web.url}/notifications/settings`);
    await p.getByRole('columnheader', { name: ev('notificationSettings.email') }).waitFor();
    await p.getByRole('checkbox', { name: `${ev('notificationSettings.categories.mentions')}: ${ev('notificationSettings.email')}` }).check();
    await submit(p, p.getByRole('button', { name: ev('notificationSettings.save') }));
    await p.getByRole('status').filter({ hasText: ev('notificationSettings.saved') }).waitFor();
  } finally {
    await noJs.close();
  }
  const prefs = await (await page.request.get(`${web.url}/api/notifications/preferences`)).json();
  expect(prefs.channels.mentions).toEqual({ inApp: true, push: true, email: true });
  expect(prefs.channels.replies).toEqual(expect.objectContaining({ email: false }));
  for (const lang of ['en', 'hu']) {
    if (lang !== 'en') await new SiteHeader(page).switchLanguage(lang);
    await page.goto(`${web.url}/notifications/settings`);
    await waitForHydration(page);
    // Seen once on the embedded database under a full run: the heading never came in Hungarian.
    await waitToSee(page, page.getByRole('heading', { level: 2, name: ev('emailAddress.title', lang) }), serverLog);
    await expectAccessible(page);
    await screenshot(page, `notifications-email-360-${lang}`);
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(PHONE.width);
  }
  await new SiteHeader(page).switchLanguage('en', 'hu');
});
