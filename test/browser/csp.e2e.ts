import { randomBytes, randomUUID } from 'node:crypto';
import { type Browser, type BrowserContext, type Page } from 'playwright-core';
import { isolatedContext, startBrowserStack, type BrowserStack } from '../support/browser.js';
import type { TestWeb } from '../support/web-server.js';
import { registerUser, type RegisteredUser } from '../support/users.js';
import { t, waitForHydration } from './pages.js';

/**
 * The Content-Security-Policy in Chromium: the app's own inline scripts (Remix's, the time-zone
 * snippet) carry the nonce and run; the chat's socket, the story editor and the quick exit keep
 * working; and nothing the policy would refuse happens on the way. An inline script without the
 * nonce is refused — the policy is enforced, not only sent.
 */
let stack: BrowserStack;
let web: TestWeb;
let browser: Browser;
let member: RegisteredUser;

beforeAll(async () => {
  stack = await startBrowserStack();
  ({ web, browser } = stack);
  member = await registerUser(stack.api.url);
}, 240_000);
afterAll(() => stack?.stop());

interface Violation {
  directive: string;
  blocked: string;
  page: string;
}

/** A context that reports every CSP violation (event and console) into `violations`. */
async function watchedContext(violations: Violation[]): Promise<BrowserContext> {
  const context = await isolatedContext(browser, {}, { neutralSite: true });
  await context.exposeBinding('__reportCsp', (source, directive: string, blocked: string) => {
    violations.push({ directive, blocked, page: source.page.url() });
  });
  await context.addInitScript(() => {
    document.addEventListener('securitypolicyviolation', (e) => {
      (window as unknown as { __reportCsp: (d: string, b: string) => void }).__reportCsp(e.effectiveDirective, e.blockedURI);
    });
  });
  const sid = member.cookie.slice('sid='.length);
  await context.addCookies([{ name: 'sid', value: sid, url: web.url }]);
  return context;
}

function watchConsole(page: Page, violations: Violation[]) {
  page.on('console', (message) => {
    if (message.type() === 'error' && /Content Security Policy/i.test(message.text())) violations.push({ directive: 'console', blocked: message.text(), page: page.url() });
  });
}

describe('Content-Security-Policy in the browser', () => {
  it('chat, the story editor, the events page and the quick exit work with no violation', async () => {
    const violations: Violation[] = [];
    const context = await watchedContext(violations);
    const page = await context.newPage();
    watchConsole(page, violations);

    // Chat: the socket connects (connect-src) and a message goes out and comes back.
    const name = `CSP tea ${randomBytes(3).toString('hex')}`;
    const created = await fetch(`${stack.api.url}/api/spaces`, {
      method: 'POST',
      headers: { Cookie: member.cookie, 'Content-Type': 'application/json' },
      body: JSON.stringify({ name, description: 'Checking the policy', visibility: 'public' }),
    });
    const space = await created.json();
    await page.goto(`${web.url}/spaces/${space.slug}`);
    await waitForHydration(page);
    await page.locator('[data-testid="chat-status"][data-status="connected"]').waitFor();
    const text = `hello ${randomUUID().slice(0, 8)}`;
    const box = page.getByLabel(t('en', 'chat', 'composer.label'), { exact: true });
    await box.fill(text);
    await box.press('Enter');
    await page.getByTestId('message-list').getByTestId('message').filter({ hasText: text }).waitFor();

    // The story editor (tiptap sets its styles through the DOM, which a policy allows).
    await page.goto(`${web.url}/stories/new`);
    await waitForHydration(page);
    await page.locator('.ProseMirror').first().click();
    await page.keyboard.type('A line typed under the policy');

    // The events page runs the time-zone snippet inline: with the nonce, it sets its cookie.
    await page.goto(`${web.url}/events`);
    await waitForHydration(page);
    expect((await context.cookies()).some((c) => c.name === 'tz')).toBe(true);

    // The quick exit still leaves at once.
    await page.getByTestId('quick-exit').click();
    await page.waitForURL((url) => /(^|\.)google\.com$/.test(url.hostname));

    expect(violations).toEqual([]);
    await context.close();
  });

  it('an inline script without the nonce is refused (the policy is enforced)', async () => {
    const violations: Violation[] = [];
    const context = await watchedContext(violations);
    const page = await context.newPage();
    await page.goto(`${web.url}/`);
    await waitForHydration(page);
    const ran = await page.evaluate(() => {
      const w = window as unknown as { injected?: boolean };
      const script = document.createElement('script');
      script.textContent = 'window.injected = true;';
      document.body.append(script);
      return w.injected === true;
    });
    expect(ran).toBe(false);
    // The report arrives through an event a moment later.
    for (let i = 0; i < 50 && violations.length === 0; i++) await page.waitForTimeout(50);
    expect(violations.map((v) => v.directive)).toContain('script-src-elem');
    await context.close();
  });
});
