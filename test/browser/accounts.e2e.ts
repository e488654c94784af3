import { type Browser } from 'playwright-core';
import { expectAccessible, isolatedContext, startBrowserStack, type BrowserStack } from '../support/browser.js';
import type { TestWeb } from '../support/web-server.js';
import { strongPassword, uniqueUsername } from '../support/users.js';
import { LoginPage, RegisterPage, SiteHeader, t, waitForHydration } from './pages.js';

const NEUTRAL_HOST = /(^|\.)google\.com$/;

let stack: BrowserStack;
let web: TestWeb;
let browser: Browser;

beforeAll(async () => {
  stack = await startBrowserStack();
  ({ web, browser } = stack);
}, 240_000);

afterAll(() => stack?.stop());

const newContext = (options: Parameters<Browser['newContext']>[0] = {}) => isolatedContext(browser, options);
/** For the quick exit: the neutral site it leaves for answers with a tiny page. */
const leavingContext = () => isolatedContext(browser, {}, { neutralSite: true });

describe('accounts in the browser', () => {
  it('home, register and login pages have no axe violations (WCAG 2.2 AA)', async () => {
    const context = await newContext();
    const page = await context.newPage();
    for (const path of ['/', '/register', '/login']) {
      await page.goto(`${web.url}${path}`);
      await waitForHydration(page);
      await expectAccessible(page);
    }
    await context.close();
  });

  it('register, keep the ten recovery codes, log out, log in, switch to Hungarian', async () => {
    const context = await newContext();
    const page = await context.newPage();
    const header = new SiteHeader(page);
    const username = uniqueUsername('web');
    const password = strongPassword();

    const register = new RegisterPage(page, web.url);
    await register.open();
    await register.register(username, password);
    const codes = await register.recoveryCodes();
    expect(codes).toHaveLength(10);
    for (const code of codes) expect(code.trim()).toMatch(/^[A-Z0-9]{4}-[A-Z0-9]{4}-[A-Z0-9]{4}$/);
    await expectAccessible(page);
    await register.continue();
    await header.expectSignedIn();

    await header.logout();
    // The session really ended: the account page no longer shows the person.
    const cookies = await context.cookies();
    expect(cookies.find((c) => c.name === 'sid')).toBeUndefined();

    const login = new LoginPage(page, web.url);
    await login.open();
    await login.login(username, password);
    await header.expectSignedIn();
    const sid = (await context.cookies()).find((c) => c.name === 'sid');
    expect(sid).toMatchObject({ httpOnly: true, sameSite: 'Lax' });

    await header.switchLanguage('hu');
    await page.waitForFunction(() => document.documentElement.lang === 'hu');
    await header.expectSignedIn('hu');
    await expect(page.getByRole('navigation').getByRole('link', { name: t('hu', 'common', 'nav.home') }).count()).resolves.toBe(1);
    expect(await page.getByTestId('quick-exit').innerText()).toBe(t('hu', 'common', 'quickExit.label'));
    // Saved to the account, so the API now answers this person in Hungarian too.
    const me = await page.request.get(`${web.url}/api/me`);
    expect((await me.json()).locale).toBe('hu');
    await context.close();
  });

  it('quick exit replaces the page with a neutral site: Back does not return to Sorstárs', async () => {
    const context = await leavingContext();
    const page = await context.newPage();
    await page.goto(`${web.url}/login`);
    await waitForHydration(page);
    const lengthBefore = await page.evaluate(() => history.length);

    await page.getByTestId('quick-exit').click();
    await page.waitForURL((url) => NEUTRAL_HOST.test(url.hostname));
    expect(await page.evaluate(() => history.length)).toBe(lengthBefore);
    // Back leads to whatever was before Sorstárs (here the blank start page), never to Sorstárs.
    await page.goBack().catch(() => null);
    expect(page.url()).not.toContain(web.url);
    await context.close();
  });

  it('pressing Escape twice leaves the same way', async () => {
    const context = await leavingContext();
    const page = await context.newPage();
    await page.goto(`${web.url}/register`);
    await waitForHydration(page);
    await page.getByLabel(t('en', 'accounts', 'fields.username'), { exact: true }).fill('half-typed');
    const lengthBefore = await page.evaluate(() => history.length);

    await page.keyboard.press('Escape');
    await page.keyboard.press('Escape');
    await page.waitForURL((url) => NEUTRAL_HOST.test(url.hostname));
    expect(await page.evaluate(() => history.length)).toBe(lengthBefore);
    // Back leads to whatever was before Sorstárs (here the blank start page), never to Sorstárs.
    await page.goBack().catch(() => null);
    expect(page.url()).not.toContain(web.url);
    await context.close();
  });

  it('without JavaScript: register shows the codes, and login works', async () => {
    const context = await newContext({ javaScriptEnabled: false });
    const page = await context.newPage();
    const header = new SiteHeader(page);
    const username = uniqueUsername('nojs');
    const password = strongPassword();

    const register = new RegisterPage(page, web.url);
    await register.open();
    await register.register(username, password);
    expect(await register.recoveryCodes()).toHaveLength(10);
    await register.continue();
    await header.expectSignedIn();
    await header.logout();

    const login = new LoginPage(page, web.url);
    await login.open();
    await login.login(username, password);
    await header.expectSignedIn();

    // A wrong password answers with a readable error on the page, still without JavaScript.
    await header.logout();
    await login.open();
    await login.login(username, 'not-the-password');
    await page.getByText(t('en', 'errors', 'INVALID_CREDENTIALS')).first().waitFor();
    await context.close();
  });
});

describe('the test browser', () => {
  it('reaches no site but the test servers: an outside address does not resolve unless a test answers it', async () => {
    const plain = await newContext();
    const page0 = await plain.newPage();
    await expect(page0.goto('https://www.google.com/search?q=weather')).rejects.toThrow(/ERR_NAME_NOT_RESOLVED/);
    // A name Chromium would otherwise answer itself (any *.localhost is this machine): refused too,
    // so this fails if the browser's own resolver rule is missing, even on a machine with no DNS.
    await expect(page0.goto(`http://sorstars.localhost:${web.port}/`)).rejects.toThrow(/ERR_NAME_NOT_RESOLVED/);
    await plain.close();
    const leaving = await leavingContext();
    const page = await leaving.newPage();
    expect((await page.goto('https://www.google.com/search?q=weather'))?.status()).toBe(200);
    expect(await page.title()).toBe('Weather');
    await leaving.close();
  });
});
