import fs from 'node:fs';
import path from 'node:path';
import type { Page } from 'playwright-core';
import { ROOT } from '../support/paths.js';

type Tree = { [key: string]: string | Tree };

/** Strings from locales/<lang>/<ns>.json, so the tests follow the translators' wording. */
export function t(lang: string, ns: string, key: string): string {
  const tree = JSON.parse(fs.readFileSync(path.join(ROOT, 'locales', lang, `${ns}.json`), 'utf8')) as Tree;
  const value = key.split('.').reduce<string | Tree | undefined>((n, k) => (n && typeof n === 'object' ? n[k] : undefined), tree);
  if (typeof value !== 'string') throw new Error(`locales/${lang}/${ns}.json has no ${key}`);
  return value;
}

/**
 * Screenshots are for a person to look at (run with SCREENSHOT_DIR=/some/folder and open them);
 * without it none is taken: a full-page PNG costs Chromium real CPU and nobody reads it in CI.
 */
export async function screenshot(page: Page, name: string, { fullPage = true }: { fullPage?: boolean } = {}): Promise<void> {
  const file = reviewFile(`${name}.png`);
  if (file) await page.screenshot({ path: file, fullPage });
}

/** Where a file for a person to look at goes (the folder made), or undefined without SCREENSHOT_DIR. */
export function reviewFile(name: string): string | undefined {
  const dir = process.env.SCREENSHOT_DIR;
  if (!dir) return undefined;
  fs.mkdirSync(dir, { recursive: true });
  return path.join(dir, name);
}

/** Clicks a submit button and asserts the form's POST was answered without a server error. */
export async function submit(page: Page, button: ReturnType<Page['getByRole']>): Promise<void> {
  const [response] = await Promise.all([page.waitForResponse((r) => r.request().method() === 'POST'), button.click()]);
  const context = `${response.request().method()} ${new URL(response.url()).pathname} answered ${response.status()}`;
  expect({ serverError: response.status() >= 500, context }).toEqual({ serverError: false, context });
}

/**
 * Waits for `locator`; if it never shows, fails saying where the page was and what it showed
 * instead (an error notice, an empty list, a sign-in form), so a failure seen once on a loaded CI
 * machine explains itself.
 */
export async function waitToSee(page: Page, locator: ReturnType<Page['locator']>, serverLog?: () => string): Promise<void> {
  try {
    await locator.waitFor();
  } catch (err) {
    const shown = await page
      .locator('main')
      .innerText({ timeout: 2_000 })
      .catch(() => '(no main element)');
    const log = serverLog ? `\n  server said: ${serverLog().slice(-2_000) || '(nothing)'}` : '';
    throw new Error(`${(err as Error).message}\n  page: ${page.url()}\n  it showed: ${shown.replace(/\s+/g, ' ').slice(0, 600)}${log}`);
  }
}

/** React has hydrated the page (client handlers such as the quick exit's are attached). */
export async function waitForHydration(page: Page): Promise<void> {
  await page.waitForFunction(() => {
    const el = document.querySelector('[data-testid="quick-exit"]');
    return !!el && Object.keys(el).some((k) => k.startsWith('__reactProps'));
  });
}

export class RegisterPage {
  constructor(private readonly page: Page, private readonly base: string) {}

  async open() {
    await this.page.goto(`${this.base}/register`);
  }

  async register(username: string, password: string) {
    await this.page.getByLabel(t('en', 'accounts', 'fields.username'), { exact: true }).fill(username);
    await this.page.getByLabel(t('en', 'accounts', 'fields.password'), { exact: true }).fill(password);
    await submit(this.page, this.page.getByRole('button', { name: t('en', 'accounts', 'register.submit') }));
  }

  /** The ten codes shown once after registering. */
  async recoveryCodes(): Promise<string[]> {
    const list = this.page.getByTestId('recovery-codes');
    await list.waitFor();
    // The page streams in: read the codes once all of it has arrived, not the first half of one.
    await this.page.waitForLoadState('load');
    return list.locator('li').allInnerTexts();
  }

  /** "Continue" to the home; `kept` first ticks "I have kept my codes safe". */
  async continue(kept = false) {
    if (kept) await this.page.getByLabel(t('en', 'common', 'myHome.keptCodes')).check();
    await submit(this.page, this.page.getByRole('button', { name: t('en', 'accounts', 'recoveryCodes.continue') }));
    await this.page.getByTestId('my-home').waitFor();
  }
}

export class LoginPage {
  constructor(private readonly page: Page, private readonly base: string) {}

  async open() {
    await this.page.goto(`${this.base}/login`);
  }

  async login(username: string, password: string) {
    await this.page.getByLabel(t('en', 'accounts', 'fields.username'), { exact: true }).fill(username);
    await this.page.getByLabel(t('en', 'accounts', 'fields.password'), { exact: true }).fill(password);
    await submit(this.page, this.page.getByRole('button', { name: t('en', 'accounts', 'login.submit') }));
  }
}

export class SiteHeader {
  constructor(private readonly page: Page) {}

  /** On a phone the navigation sits behind the "Menu" disclosure: open it, as a person would. */
  async revealNav() {
    // A click that navigates may still be loading the next page: judge the menu on that page.
    await this.page.waitForLoadState('load');
    // On a phone the links sit behind "Menu"; on a wide screen, a signed-in person's own links
    // (account, log out, language) behind "You".
    for (const selector of ['details.site-menu', 'details.nav-you']) {
      const menu = this.page.locator(selector).first();
      const summary = menu.locator('> summary');
      if (!(await summary.isVisible())) continue;
      // A form's answer may replace the page meanwhile (signing out takes "You" away): a menu that
      // is gone is not opened; the caller's own check then looks at the page that came.
      // Generous waits: they cost time only when the menu goes while being opened, and with two
      // test files at once, each with its browser, opening "Menu" can take seconds (6.8 s with
      // Chromium's CPU slowed twenty times; the 1 and 2 s these were could leave it shut).
      const open = await menu.evaluate((d: HTMLDetailsElement) => d.open, undefined, { timeout: 5_000 }).catch(() => true);
      if (!open) await summary.click({ timeout: 10_000 }).catch(() => undefined);
    }
  }

  logoutButton(lang = 'en') {
    return this.page.getByRole('button', { name: t(lang, 'common', 'nav.logout') });
  }

  loginLink(lang = 'en') {
    return this.page.getByRole('navigation').getByRole('link', { name: t(lang, 'common', 'nav.login') });
  }

  /**
   * The page may still be the one before signing in or out: open its menus again until `link`
   * shows on the next page (behind "Menu" on a phone, behind "You" on a wide screen).
   */
  private async revealUntilVisible(link: ReturnType<Page['getByRole']>) {
    const deadline = Date.now() + 10_000;
    for (;;) {
      await this.revealNav();
      if (await link.isVisible()) return;
      if (Date.now() > deadline) return link.waitFor({ timeout: 1 });
      await this.page.waitForTimeout(200);
    }
  }

  async expectSignedIn(lang = 'en') {
    await this.revealUntilVisible(this.logoutButton(lang));
  }

  async expectSignedOut(lang = 'en') {
    await this.revealUntilVisible(this.loginLink(lang));
    expect(await this.logoutButton(lang).count()).toBe(0);
  }

  async logout() {
    await this.revealNav();
    await submit(this.page, this.logoutButton());
    await this.expectSignedOut();
  }

  async switchLanguage(lng: string, fromLang = 'en') {
    await this.revealNav();
    await this.page.locator('select[name="lng"]:visible').selectOption(lng);
    await submit(this.page, this.page.getByRole('button', { name: t(fromLang, 'common', 'language.submit') }));
  }
}
