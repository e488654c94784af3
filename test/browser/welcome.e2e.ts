import { type Browser } from 'playwright-core';
import { SUPPORTED_LOCALES } from '@sorstars/shared';
import { expectAccessible, isolatedContext, startBrowserStack, type BrowserStack } from '../support/browser.js';
import type { TestWeb } from '../support/web-server.js';
import { strongPassword, uniqueUsername } from '../support/users.js';
import { SiteHeader, submit, t, waitForHydration } from './pages.js';

const PHONE = { width: 360, height: 740 };

let stack: BrowserStack;
let web: TestWeb;
let browser: Browser;

beforeAll(async () => {
  stack = await startBrowserStack();
  ({ web, browser } = stack);
}, 240_000);

afterAll(() => stack?.stop());

/** Registers on a phone in the given language; the answer is the page with the recovery codes. */
async function registerOnPhone(lang: string, javaScriptEnabled: boolean) {
  const context = await isolatedContext(browser, { viewport: PHONE, isMobile: true, hasTouch: true, javaScriptEnabled });
  // Someone browsing in their own language, as a newcomer would after choosing it.
  await context.addCookies([{ name: 'lng', value: lang, domain: new URL(web.url).hostname, path: '/' }]);
  const page = await context.newPage();
  await page.goto(`${web.url}/register`);
  if (javaScriptEnabled) await waitForHydration(page);
  await page.getByLabel(t(lang, 'accounts', 'fields.username'), { exact: true }).fill(uniqueUsername('w'));
  await page.getByLabel(t(lang, 'accounts', 'fields.password'), { exact: true }).fill(strongPassword());
  await page.getByLabel(t(lang, 'accounts', 'fields.locale'), { exact: true }).selectOption(lang);
  await submit(page, page.getByRole('button', { name: t(lang, 'accounts', 'register.submit') }));
  await page.getByTestId('recovery-codes').waitFor();
  return page;
}

describe('the first minutes after registering, on a 360 px phone', () => {
  it.each([...SUPPORTED_LOCALES])('(%s) the codes page is signed in and offers copy, print and download', async (lang) => {
    const page = await registerOnPhone(lang, true);
    expect(await page.getAttribute('html', 'lang')).toBe(lang);
    const codes = await page.getByTestId('recovery-codes').locator('li').allInnerTexts();
    expect(codes).toHaveLength(10);

    // The header belongs to the new account at once: no "Log in · Join".
    const header = new SiteHeader(page);
    await header.expectSignedIn(lang);
    expect(await page.getByRole('link', { name: t(lang, 'common', 'nav.login'), exact: true }).count()).toBe(0);

    const actions = page.getByTestId('recovery-actions');
    await actions.getByRole('button', { name: t(lang, 'accounts', 'recoveryCodes.copy') }).waitFor();
    await actions.getByRole('button', { name: t(lang, 'accounts', 'recoveryCodes.print') }).waitFor();
    const download = actions.getByRole('link', { name: t(lang, 'accounts', 'recoveryCodes.download') });
    expect(await download.getAttribute('download')).toMatch(/\.txt$/);
    const href = (await download.getAttribute('href')) ?? '';
    expect(href.startsWith('data:text/plain;charset=utf-8,')).toBe(true);
    const file = decodeURIComponent(href.slice(href.indexOf(',') + 1));
    for (const code of codes) expect(file).toContain(code);

    // Copy puts exactly the codes on the clipboard.
    await page.context().grantPermissions(['clipboard-read', 'clipboard-write'], { origin: web.url });
    await actions.getByRole('button', { name: t(lang, 'accounts', 'recoveryCodes.copy') }).click();
    await actions.getByText(t(lang, 'accounts', 'recoveryCodes.copied')).waitFor();
    expect(await page.evaluate(() => navigator.clipboard.readText())).toBe(codes.join('\n'));

    await expectAccessible(page);

    // Printed, the page is the title and the codes only.
    await page.emulateMedia({ media: 'print' });
    expect(await page.locator('.site-header').isVisible()).toBe(false);
    expect(await page.getByTestId('quick-exit').isVisible()).toBe(false);
    expect(await actions.isVisible()).toBe(false);
    expect(await page.getByTestId('recovery-codes').isVisible()).toBe(true);
    await page.emulateMedia({ media: 'screen' });

    // "Continue" is a form now (it can record that the codes were kept), leading to the home.
    await page.getByRole('button', { name: t(lang, 'accounts', 'recoveryCodes.continue') }).click();
    await page.waitForURL(`${web.url}/`);
    await header.expectSignedIn(lang);
    await page.context().close();
  }, 60_000);

  it('without JavaScript too, the codes page is signed in and the codes download', async () => {
    const page = await registerOnPhone('en', false);
    await new SiteHeader(page).expectSignedIn();
    expect(await page.getByRole('link', { name: t('en', 'common', 'nav.login'), exact: true }).count()).toBe(0);
    const download = page.getByRole('link', { name: t('en', 'accounts', 'recoveryCodes.download') });
    expect(await download.getAttribute('href')).toMatch(/^data:text\/plain/);
    await page.context().close();
  }, 60_000);
});
