import { randomUUID } from 'node:crypto';
import { type Browser, type Locator, type Page } from 'playwright-core';
import type { TestApi } from '../support/api-server.js';
import { expectAccessible, PHONE, phonePage, startBrowserStack, type BrowserStack } from '../support/browser.js';
import type { TestWeb } from '../support/web-server.js';
import { registerUser, type RegisteredUser } from '../support/users.js';
import { screenshot, t, waitForHydration } from './pages.js';

let stack: BrowserStack;
let api: TestApi;
let web: TestWeb;
let browser: Browser;
let host: RegisteredUser;
/** A reader per language: the page speaks the signed-in person's language. */
const readers: Record<string, RegisteredUser> = {};
let spacePath: string;
const LAST = 'The last word of a long evening';

beforeAll(async () => {
  // One person posts a long evening's worth at once; the per-person send limit would slow that to minutes.
  stack = await startBrowserStack({ env: { CHAT_SEND_LIMIT: '100' } });
  ({ api, web, browser } = stack);
  host = await registerUser(api.url);
  const space = (await host.agent.post('/api/spaces').send({ name: `Night shift ${randomUUID().slice(0, 6)}`, description: 'Peers awake at night', visibility: 'public' }).expect(201)).body;
  spacePath = `/spaces/${space.slug}`;
  for (const lang of ['en', 'hu']) {
    readers[lang] = await registerUser(api.url, { locale: lang });
    await readers[lang].agent.post(`/api/spaces/${space.id}/join`).send({}).expect(200);
  }
  // More messages than a phone screen holds, so the log has to scroll and the newest must still show.
  for (let i = 1; i <= 24; i++) {
    await host.agent.post(`/api/spaces/${space.id}/messages`).send({ clientId: randomUUID(), body: i === 24 ? LAST : `Message number ${i} about the day` }).expect(201);
  }
}, 240_000);

afterAll(() => stack?.stop());

const readerPhone = (lang: string, javaScriptEnabled = true): Promise<Page> => phonePage(browser, web.url, readers[lang].cookie, { lang, javaScriptEnabled });

async function expectInViewport(locator: Locator, what: string) {
  const box = await locator.boundingBox();
  expect({ what, box: box !== null }).toEqual({ what, box: true });
  const { top, bottom } = { top: box!.y, bottom: box!.y + box!.height };
  expect({ what, top: top >= 0, bottom: bottom <= PHONE.height }).toEqual({ what, top: true, bottom: true });
}

describe.each(['en', 'hu'])('the chat on a 360×740 phone (%s)', (lang) => {
  it('shows the newest message and the composer without scrolling, under a thin quick-exit bar', async () => {
    for (const javascript of [true, false]) {
      const p = await readerPhone(lang, javascript);
      await p.goto(`${web.url}${spacePath}`);
      if (javascript) {
        await waitForHydration(p);
        await p.locator('[data-testid="chat-status"][data-status="connected"]').waitFor();
      }
      expect(await p.getAttribute('html', 'lang')).toBe(lang);
      await screenshot(p, `chat-${lang}-${javascript ? 'js' : 'nojs'}`, { fullPage: false });

      const exitBar = await p.locator('.quick-exit').boundingBox();
      expect(exitBar!.height).toBeLessThanOrEqual(48);
      await expectInViewport(p.getByTestId('quick-exit'), 'quick exit');

      await expectInViewport(p.getByTestId('message').filter({ hasText: LAST }), 'last message');
      await expectInViewport(p.getByLabel(t(lang, 'chat', 'composer.label'), { exact: true }), 'composer');
      await expectInViewport(p.getByRole('button', { name: t(lang, 'chat', 'composer.send') }), 'send button');
      // The page itself does not scroll: only the log does.
      expect(await p.evaluate(() => document.scrollingElement!.scrollHeight <= window.innerHeight + 1)).toBe(true);
      // The site's navigation waits behind one menu button.
      await expectInViewport(p.locator('.site-menu > summary'), 'menu button');
      expect(await p.getByRole('button', { name: t(lang, 'common', 'nav.logout') }).count()).toBe(0);
      await p.context().close();
    }
  }, 90_000);

  it('shows no reaction buttons until one is given, one React button and the options in a menu', async () => {
    const page = await readerPhone(lang);
    await page.goto(`${web.url}${spacePath}`);
    await waitForHydration(page);
    await page.locator('[data-testid="chat-status"][data-status="connected"]').waitFor();
    // Each language reacts to a message of its own, so one run's reaction does not meet the other.
    const last = page.getByTestId('message').filter({ hasText: lang === 'en' ? LAST : 'Message number 23 about' });
    expect(await last.locator('[data-reaction]').count()).toBe(0);
    expect(await last.locator('[data-reaction-choice]:visible').count()).toBe(0);

    await last.locator('summary').filter({ hasText: t(lang, 'chat', 'reactions.add') }).click();
    await last.getByRole('button', { name: new RegExp(t(lang, 'chat', 'reactions.hug')) }).click();
    const chip = last.locator('[data-reaction="hug"][aria-pressed="true"]');
    await chip.filter({ hasText: '1' }).waitFor();
    expect(await last.locator('[data-reaction]').count()).toBe(1);

    // Options (reply, edit, delete) stay folded until asked for.
    expect(await last.getByRole('button', { name: t(lang, 'chat', 'menu.reply') }).count()).toBe(0);
    await last.locator('summary').filter({ hasText: t(lang, 'chat', 'menu.open') }).click();
    await last.getByRole('button', { name: t(lang, 'chat', 'menu.reply') }).waitFor();

    await page.locator('.site-menu > summary').click();
    await page.getByRole('button', { name: t(lang, 'common', 'nav.logout') }).waitFor();
    await expectAccessible(page);
    await page.context().close();
  }, 60_000);
});
