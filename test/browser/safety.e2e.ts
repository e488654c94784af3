/**
 * Leaving safely: "Leave quickly" (link, Esc twice, and without JavaScript) ends the session on the
 * server and wipes offline data, so Back shows nothing private; private browsing keeps the site to
 * one history entry, so Back after a quick exit leaves the site; the "cover your tracks" page.
 */
import { type Browser, type BrowserContext, type Page } from 'playwright-core';
import type { TestApi } from '../support/api-server.js';
import { expectAccessible, isolatedContext, startBrowserStack, type BrowserStack } from '../support/browser.js';
import type { TestWeb } from '../support/web-server.js';
import { registerUser, type RegisteredUser } from '../support/users.js';
import { SiteHeader, screenshot, t, waitForHydration } from './pages.js';

const NEUTRAL_HOST = /(^|\.)google\.com$/;
const PHONE = { width: 360, height: 740 };

let stack: BrowserStack;
let api: TestApi;
let web: TestWeb;
let browser: Browser;
const contexts: BrowserContext[] = [];

beforeAll(async () => {
  stack = await startBrowserStack();
  ({ api, web, browser } = stack);
}, 240_000);

afterAll(async () => {
  for (const context of contexts) await context.close().catch(() => undefined);
  await stack?.stop();
});

async function newPage(options: Parameters<Browser['newContext']>[0] = {}): Promise<Page> {
  const context = await isolatedContext(browser, { viewport: PHONE, ...options }, { neutralSite: true });
  contexts.push(context);
  return context.newPage();
}

async function signedIn(person: RegisteredUser, options: Parameters<Browser['newContext']>[0] = {}): Promise<Page> {
  const page = await newPage(options);
  const [name, value] = person.cookie.split('=');
  await page.context().addCookies([{ name, value, domain: new URL(web.url).hostname, path: '/' }]);
  return page;
}

/** The API still honours the session this person's browser had: after a quick exit it must not. */
async function sessionAlive(person: RegisteredUser): Promise<boolean> {
  return (await person.agent.get('/api/me')).status === 200;
}

async function waitForSessionEnd(person: RegisteredUser): Promise<void> {
  for (let i = 0; i < 50 && (await sessionAlive(person)); i++) await new Promise((r) => setTimeout(r, 100));
}

const header = (page: Page) => page.locator('header');

async function leaveQuickly(page: Page) {
  await page.getByTestId('quick-exit').click();
  await page.waitForURL((url) => NEUTRAL_HOST.test(url.hostname));
}

describe('quick exit really leaves', () => {
  it('with JavaScript: the session ends, offline drafts are gone, and Back shows the site signed out', async () => {
    const person = await registerUser(api.url);
    const page = await signedIn(person);
    await page.goto(`${web.url}/stories`);
    await waitForHydration(page);
    const loginLink = header(page).getByRole('link', { name: t('en', 'common', 'nav.login') });
    await expect(loginLink.count()).resolves.toBe(0);
    await page.evaluate(() => localStorage.setItem('sorstars:draft:story', 'where I sleep tonight'));
    // A move inside the site, as in the report: /stories, then another page, then leave.
    await new SiteHeader(page).revealNav(); // on a phone the links sit behind "Menu"
    await header(page).getByRole('link', { name: t('en', 'common', 'nav.spaces') }).click();
    await page.waitForURL(`${web.url}/spaces`);

    await leaveQuickly(page);
    await waitForSessionEnd(person);
    expect(await sessionAlive(person)).toBe(false);

    await page.goBack();
    await page.waitForURL(`${web.url}/stories`);
    await page.waitForLoadState('load');
    await new SiteHeader(page).revealNav();
    await expect(loginLink.count()).resolves.toBe(1);
    expect(await page.evaluate(() => localStorage.getItem('sorstars:draft:story'))).toBeNull();
  });

  it('Escape twice ends the session the same way', async () => {
    const person = await registerUser(api.url);
    const page = await signedIn(person);
    await page.goto(`${web.url}/stories`);
    await waitForHydration(page);
    await page.keyboard.press('Escape');
    await page.keyboard.press('Escape');
    await page.waitForURL((url) => NEUTRAL_HOST.test(url.hostname));
    await waitForSessionEnd(person);
    expect(await sessionAlive(person)).toBe(false);
  });

  it("Escape twice leaves while the page's scripts are still loading (a slow phone)", async () => {
    const person = await registerUser(api.url);
    const page = await signedIn(person, { locale: 'hu-HU' });
    await page.goto(`${web.url}/stories`);
    await page.evaluate(() => localStorage.setItem('sorstars:draft:story', 'ahol ma éjjel alszom'));
    // The next page's scripts do not arrive until the test is over: only what the HTML itself holds runs.
    let release = () => undefined as void;
    const held = new Promise<void>((resolve) => (release = resolve));
    await page.route('**/assets/**', async (route) => {
      await held;
      await route.continue().catch(() => undefined);
    });
    try {
      await page.goto(`${web.url}/spaces`, { waitUntil: 'commit' });
      await page.getByTestId('quick-exit').waitFor();
      await expect(page.evaluate(() => 'sorstarsLeaveQuickly' in window)).resolves.toBe(false);
      await page.keyboard.press('Escape');
      await page.keyboard.press('Escape');
      await page.waitForURL((url) => NEUTRAL_HOST.test(url.hostname));
      await waitForSessionEnd(person);
      expect(await sessionAlive(person)).toBe(false);
    } finally {
      release();
      await page.unrouteAll({ behavior: 'ignoreErrors' });
    }
    await page.goto(`${web.url}/help`);
    expect(await page.evaluate(() => localStorage.getItem('sorstars:draft:story'))).toBeNull();
  });

  it('without JavaScript: the link signs out on the server, then goes to the neutral site', async () => {
    const person = await registerUser(api.url);
    const page = await signedIn(person, { javaScriptEnabled: false });
    await page.goto(`${web.url}/stories`);
    await leaveQuickly(page);
    expect(await sessionAlive(person)).toBe(false);
    expect((await page.context().cookies()).find((c) => c.name === 'sid')).toBeUndefined();
  });
});

describe('private browsing', () => {
  it('offered at sign-in: pages replace each other, so Back after a quick exit leaves the site, signed out', async () => {
    const person = await registerUser(api.url);
    const page = await newPage();
    await page.goto(`${web.url}/login`);
    await waitForHydration(page);
    await page.getByLabel(t('en', 'accounts', 'fields.username'), { exact: true }).fill(person.user.username);
    await page.getByLabel(t('en', 'accounts', 'fields.password'), { exact: true }).fill(person.password);
    await page.getByLabel(t('en', 'accounts', 'privateBrowsing.answerYes')).check();
    await page.getByRole('button', { name: t('en', 'accounts', 'login.submit') }).click();
    await page.waitForURL((url) => url.pathname !== '/login');
    await waitForHydration(page);
    const lengthAfterSignIn = await page.evaluate(() => history.length);

    for (const name of ['nav.stories', 'nav.spaces', 'nav.account']) {
      await new SiteHeader(page).revealNav();
      await header(page).getByRole('link', { name: t('en', 'common', name) }).first().click();
      await page.waitForLoadState('load');
    }
    await page.waitForURL(`${web.url}/account`);
    await expect(page.getByTestId('private-browsing-state').innerText()).resolves.toBe(t('en', 'accounts', 'privateBrowsing.isOn'));
    // Three moves inside the site, and not one more entry in the history.
    expect(await page.evaluate(() => history.length)).toBe(lengthAfterSignIn);

    const sid = (await page.context().cookies()).find((c) => c.name === 'sid');
    expect(sid).toBeDefined();
    await leaveQuickly(page);
    await page.goBack().catch(() => null);
    await page.goBack().catch(() => null);
    expect(page.url().startsWith(web.url)).toBe(false);
    const me = await fetch(`${web.url}/api/me`, { headers: { Cookie: `sid=${sid?.value}` } });
    expect(me.status).toBe(401);
  });

  it('off, the header\'s links and search open in the page, add to the history and mark the page shown', async () => {
    const page = await signedIn(await registerUser(api.url));
    await page.goto(`${web.url}/`);
    await waitForHydration(page);
    // Marks this page: a page load would lose the mark.
    await page.evaluate(() => Object.assign(window, { stayedOnPage: true }));
    const lengthBefore = await page.evaluate(() => history.length);
    const nav = new SiteHeader(page);
    await nav.revealNav();
    await header(page).getByRole('link', { name: t('en', 'common', 'nav.stories') }).first().click();
    await page.waitForURL(`${web.url}/stories`);
    await nav.revealNav();
    const current = header(page).locator('nav a[aria-current="page"]');
    expect(await current.allInnerTexts()).toEqual([t('en', 'common', 'nav.stories'), t('en', 'common', 'nav.stories')]);
    await page.getByTestId('help-now').click();
    await page.waitForURL(`${web.url}/help`);
    // The header's search form is sent in the page too.
    await page.getByTestId('header-search').fill('bread');
    await page.getByTestId('header-search').press('Enter');
    await page.waitForURL(`${web.url}/search?q=bread`);
    expect(await page.evaluate(() => (window as unknown as { stayedOnPage?: boolean }).stayedOnPage)).toBe(true);
    expect(await page.evaluate(() => history.length)).toBe(lengthBefore + 3);
    await page.goBack();
    await page.waitForURL(`${web.url}/help`);
  });

  it('can be turned on and off on the account page, without JavaScript too', async () => {
    const person = await registerUser(api.url);
    const page = await signedIn(person, { javaScriptEnabled: false });
    await page.goto(`${web.url}/account`);
    const state = page.getByTestId('private-browsing-state');
    await expect(state.innerText()).resolves.toBe(t('en', 'accounts', 'privateBrowsing.isOff'));
    await page.getByTestId('private-browsing-toggle').click();
    await page.waitForURL(`${web.url}/account`);
    await expect(state.innerText()).resolves.toBe(t('en', 'accounts', 'privateBrowsing.isOn'));
    expect((await page.context().cookies()).find((c) => c.name === 'private_browsing')?.value).toBe('on');
    await page.getByTestId('private-browsing-toggle').click();
    await expect(state.innerText()).resolves.toBe(t('en', 'accounts', 'privateBrowsing.isOff'));
  });
});

describe('cover your tracks', () => {
  it.each(['en', 'hu'])('is linked from Get help now and readable at 360 px (%s)', async (lang) => {
    const page = await newPage({ locale: lang, extraHTTPHeaders: { 'Accept-Language': lang } });
    await page.goto(`${web.url}/help`);
    // Every line says when it answers; the seeded lines have no hours entered, and say so.
    const lines = page.locator('.crisis-list__item');
    expect(await lines.count()).toBeGreaterThan(0);
    await expect(lines.filter({ hasText: t(lang, 'moderation', 'help.hoursUnknown') }).count()).resolves.toBe(await lines.count());
    await page.getByRole('link', { name: t(lang, 'moderation', 'tracks.link') }).click();
    await page.waitForURL(`${web.url}/help/cover-your-tracks`);
    await page.getByRole('heading', { level: 1, name: t(lang, 'moderation', 'tracks.title') }).waitFor();
    for (const browserName of ['chrome', 'firefox', 'safari', 'samsung']) {
      await expect(page.getByText(t(lang, 'moderation', `tracks.browsers.${browserName}.steps`)).count()).resolves.toBe(1);
    }
    await expectAccessible(page);
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(PHONE.width);
    await screenshot(page, `cover-your-tracks-${lang}`);
  });

  it('the login page with the shared-device question passes axe at 360 px', async () => {
    const page = await newPage();
    await page.goto(`${web.url}/login`);
    await expectAccessible(page);
    await screenshot(page, 'login-shared-device-en');
  });
});
