import { randomBytes } from 'node:crypto';
import { type Browser, type BrowserContext, type Locator, type Page } from 'playwright-core';
import type { TestApi } from '../support/api-server.js';
import { expectAccessible, isolatedContext, startBrowserStack, type BrowserStack } from '../support/browser.js';
import type { TestWeb } from '../support/web-server.js';
import { registerUser, strongPassword, uniqueUsername } from '../support/users.js';
import { RegisterPage, submit, t, waitForHydration } from './pages.js';

let stack: BrowserStack;
let api: TestApi;
let web: TestWeb;
let browser: Browser;

beforeAll(async () => {
  stack = await startBrowserStack();
  ({ api, web, browser } = stack);
}, 240_000);

afterAll(() => stack?.stop());

const newContext = (options: Parameters<Browser['newContext']>[0] = {}) => isolatedContext(browser, options);

const chatText = (key: string) => t('en', 'chat', key);
const spacesText = (key: string) => t('en', 'spaces', key);

/** The chat on a space page, as someone using it sees it. */
class ChatPage {
  constructor(readonly page: Page) {}

  messages(): Locator {
    return this.page.getByTestId('message-list').getByTestId('message');
  }

  message(text: string): Locator {
    return this.messages().filter({ hasText: text });
  }

  async waitConnected() {
    await this.page.locator('[data-testid="chat-status"][data-status="connected"]').waitFor();
  }

  async send(text: string) {
    const box = this.page.getByLabel(chatText('composer.label'), { exact: true });
    await box.fill(text);
    await box.press('Enter');
    // Sent once the server has it: the "sending…" placeholder is gone and the message is listed.
    await this.message(text).waitFor();
  }
}

async function registerInBrowser(context: BrowserContext): Promise<{ page: Page; username: string }> {
  const page = await context.newPage();
  const username = uniqueUsername('chat');
  const register = new RegisterPage(page, web.url);
  await register.open();
  await register.register(username, strongPassword());
  await register.recoveryCodes();
  return { page, username };
}

/** A reply quoting someone the reader blocked keeps its place, with neither their words nor their name. */
async function expectQuoteOfBlocked(reply: Locator, name: string) {
  await reply.locator('.message__quote').filter({ hasText: chatText('replyToBlocked') }).waitFor();
  const text = await reply.innerText();
  expect(text).not.toContain('Hello from the host');
  expect(text).not.toContain(name);
}

async function openSpace(page: Page, path: string): Promise<ChatPage> {
  await page.goto(`${web.url}${path}`);
  await waitForHydration(page);
  const chat = new ChatPage(page);
  await chat.waitConnected();
  return chat;
}

describe('spaces and chat in the browser', () => {
  let spacePath: string;
  let ctxA: BrowserContext;
  let ctxB: BrowserContext;
  let a: ChatPage;
  let b: ChatPage;
  const spaceName = `Tea on Tuesdays ${randomBytes(3).toString('hex')}`;

  afterAll(async () => {
    await ctxA?.close();
    await ctxB?.close();
  });

  it('one person starts a public space with guidelines; another finds it and joins after agreeing', async () => {
    ctxA = await newContext();
    ctxB = await newContext({ viewport: { width: 320, height: 720 } });
    const [{ page: pageA }, { page: pageB }] = await Promise.all([registerInBrowser(ctxA), registerInBrowser(ctxB)]);

    await pageA.goto(`${web.url}/spaces/new`);
    await pageA.getByLabel(spacesText('fields.name'), { exact: true }).fill(spaceName);
    await pageA.getByLabel(spacesText('fields.description'), { exact: true }).fill('A calm place to talk over a cup of tea.');
    await pageA.getByLabel(spacesText('fields.guidelines'), { exact: true }).fill('Be kind.\n\nWhat is said here stays here.');
    await submit(pageA, pageA.getByRole('button', { name: spacesText('create.submit') }));
    await pageA.getByRole('heading', { level: 1, name: spaceName }).waitFor();
    spacePath = new URL(pageA.url()).pathname;
    expect(spacePath).toMatch(/^\/spaces\/tea-on-tuesdays-/);

    // The second person finds it in the directory by searching its name.
    await pageB.goto(`${web.url}/spaces`);
    await pageB.getByLabel(spacesText('directory.searchField')).fill(spaceName);
    await pageB.getByRole('button', { name: spacesText('directory.searchSubmit') }).click();
    await pageB.getByRole('link', { name: spaceName }).click();
    await pageB.getByRole('heading', { name: spacesText('guidelines.title') }).waitFor();
    expect(await pageB.getByText('What is said here stays here.').count()).toBe(1);

    // Joining without agreeing is refused kindly, next to the checkbox.
    await submit(pageB, pageB.getByRole('button', { name: spacesText('join.submit') }));
    await pageB.getByTestId('error-summary').waitFor();
    await pageB.getByLabel(spacesText('join.accept')).check();
    await submit(pageB, pageB.getByRole('button', { name: spacesText('join.submit') }));
    await pageB.getByText(spacesText('space.joined')).waitFor();
  }, 60_000);

  it('messages arrive live in both directions', async () => {
    a = await openSpace(ctxA.pages()[0], spacePath);
    b = await openSpace(ctxB.pages()[0], spacePath);

    await a.send('Hello from the host');
    await b.message('Hello from the host').waitFor();
    await b.send('Hi! Glad to be here.');
    await a.message('Hi! Glad to be here.').waitFor();
    expect(await a.message('Hello from the host').count()).toBe(1);
    expect(await b.message('Hi! Glad to be here.').count()).toBe(1);
  }, 60_000);

  it('after going offline, a reconnect brings every missed message exactly once, in order', async () => {
    const before = await a.messages().count();
    await ctxA.setOffline(true);
    await a.page.getByTestId('chat-status').filter({ hasText: chatText('status.reconnecting').split('…')[0] }).waitFor();

    const missed = ['Missed one', 'Missed two', 'Missed three'];
    for (const text of missed) await b.send(text);

    await ctxA.setOffline(false);
    await a.waitConnected();
    await a.message('Missed three').waitFor();
    expect(await a.messages().count()).toBe(before + 3);
    const texts = await a.messages().locator('.message__body').allInnerTexts();
    expect(texts.slice(-3)).toEqual(missed);
    for (const text of missed) expect(await a.message(text).count()).toBe(1);
  }, 60_000);

  it('a reply and a reaction show up for the other person', async () => {
    // B replies to the host's first message through its options menu.
    const original = b.message('Hello from the host');
    await original.locator('summary').filter({ hasText: chatText('menu.open') }).click();
    await original.getByRole('button', { name: chatText('menu.reply') }).click();
    await b.send('Replying to you, host');
    const reply = a.message('Replying to you, host');
    await reply.waitFor();
    await reply.locator('.message__quote').filter({ hasText: 'Hello from the host' }).waitFor();

    // A gives B's message a hug; B sees the count, A sees the button pressed.
    // The five choices wait behind one "React" button; only given reactions show as chips.
    await a.message('Hi! Glad to be here.').locator('summary').filter({ hasText: chatText('reactions.add') }).click();
    const hugA = a.message('Hi! Glad to be here.').getByRole('button', { name: new RegExp(chatText('reactions.hug')) });
    await hugA.click();
    await a.page.waitForFunction(
      (text) => [...document.querySelectorAll('[data-testid="message"]')].some((m) => m.textContent?.includes(text) && m.querySelector('[data-reaction="hug"][aria-pressed="true"]')),
      'Hi! Glad to be here.',
    );
    const hugB = b.message('Hi! Glad to be here.').locator('[data-reaction="hug"]');
    await hugB.filter({ hasText: '1' }).waitFor();
    expect(await hugB.getAttribute('aria-pressed')).toBe('false');
  }, 60_000);

  it('the directory and the space page have no axe violations (WCAG 2.2 AA)', async () => {
    const page = a.page;
    await page.goto(`${web.url}/spaces`);
    await waitForHydration(page);
    await expectAccessible(page);
    await openSpace(page, spacePath);
    await expectAccessible(page);
  }, 60_000);

  it('shows the space page in Hungarian to a Hungarian speaker', async () => {
    const person = await registerUser(api.url, { locale: 'hu' });
    const context = await newContext();
    const [name, value] = person.cookie.split('=');
    const url = new URL(web.url);
    await context.addCookies([
      { name, value, domain: url.hostname, path: '/' },
      { name: 'lng', value: 'hu', domain: url.hostname, path: '/' },
    ]);
    const page = await context.newPage();
    await page.goto(`${web.url}${spacePath}`);
    expect(await page.getAttribute('html', 'lang')).toBe('hu');
    await page.getByRole('heading', { name: t('hu', 'spaces', 'join.title') }).waitFor();
    await page.getByLabel(t('hu', 'spaces', 'join.accept')).check();
    await submit(page, page.getByRole('button', { name: t('hu', 'spaces', 'join.submit') }));
    await waitForHydration(page);
    await page.getByLabel(t('hu', 'chat', 'composer.label'), { exact: true }).waitFor();
    await page.locator('[data-testid="chat-status"][data-status="connected"]').waitFor();
    expect(await page.getByTestId('chat-status').innerText()).toBe(t('hu', 'chat', 'status.connected'));
    expect(await page.getByRole('button', { name: t('hu', 'chat', 'composer.send') }).count()).toBe(1);
    await context.close();
  }, 60_000);

  it('blocking someone from a message\'s menu hides their messages without reloading the page, and stays so', async () => {
    // The host's own message, not B's reply that quotes it.
    const hostMessage = () => b.messages().filter({ has: b.page.locator('.message__body', { hasText: /^Hello from the host$/ }) });
    // Marks this page: a page load would lose the mark.
    await b.page.evaluate(() => Object.assign(window, { stayedOnPage: true }));
    // The same person has the space open in a second tab too.
    const otherTab = await openSpace(await ctxB.newPage(), spacePath);
    const hostInOtherTab = otherTab.messages().filter({ has: otherTab.page.locator('.message__body', { hasText: /^Hello from the host$/ }) });
    await hostInOtherTab.waitFor();
    const from = hostMessage();
    // Once JavaScript runs the options open in place (no link to their page), built when opened.
    expect(await b.page.getByTestId('message-options-link').count()).toBe(0);
    expect(await from.locator('.message__menu-body').count()).toBe(0);
    // A reply to the host is begun first: blocking them takes their words out of the composer too.
    await from.locator('summary').filter({ hasText: chatText('menu.open') }).click();
    await from.getByRole('button', { name: chatText('menu.reply') }).click();
    const composerQuote = b.page.locator('.composer__reply');
    await composerQuote.waitFor();
    await from.locator('summary').filter({ hasText: chatText('menu.open') }).click();
    const host = await from.locator('.message__author').innerText();
    await from.locator('.message__block > summary').filter({ hasText: chatText('menu.block').replace('{{name}}', host) }).click();
    await from.getByRole('button', { name: chatText('menu.blockConfirm').replace('{{name}}', host), exact: true }).click();
    await from.waitFor({ state: 'detached' });
    await composerQuote.waitFor({ state: 'detached' });

    expect(await b.message('Replying to you, host').count()).toBe(1);
    expect(await b.page.evaluate(() => (window as unknown as { stayedOnPage?: boolean }).stayedOnPage)).toBe(true);
    expect(new URL(b.page.url()).pathname).toBe(spacePath);
    // B's reply stays, but the host's words and name leave its quote at once.
    await expectQuoteOfBlocked(b.message('Replying to you, host'), host);
    // The other tab follows at once, with no reload.
    await hostInOtherTab.waitFor({ state: 'detached' });
    await expectQuoteOfBlocked(otherTab.message('Replying to you, host'), host);
    await otherTab.page.close();

    // The block is the server's: a fresh load of the page leaves the host's messages out too.
    await openSpace(b.page, spacePath);
    await b.message('Replying to you, host').waitFor();
    expect(await hostMessage().count()).toBe(0);
    await expectQuoteOfBlocked(b.message('Replying to you, host'), host);
  }, 60_000);

  it('without JavaScript, a message\'s options open on a page of their own, whose block form brings the space back without their messages', async () => {
    const person = await registerUser(api.url);
    const context = await newContext({ javaScriptEnabled: false });
    const [name, value] = person.cookie.split('=');
    await context.addCookies([{ name, value, domain: new URL(web.url).hostname, path: '/' }]);
    const page = await context.newPage();
    await page.goto(`${web.url}${spacePath}`);
    await page.getByLabel(spacesText('join.accept')).check();
    await submit(page, page.getByRole('button', { name: spacesText('join.submit') }));
    const chat = new ChatPage(page);
    const from = chat.messages().filter({ has: page.locator('.message__body', { hasText: /^Hello from the host$/ }) });
    await from.waitFor();

    // Forty menus, each with its block form, were a third of the page: the options are one link away.
    expect(await page.locator('.message__block').count()).toBe(0);
    const host = await from.locator('.message__author').innerText();
    await from.getByRole('link', { name: `${chatText('menu.open')} ${chatText('menu.forMessageFrom').replace('{{name}}', host)}` }).click();
    await page.getByRole('heading', { level: 1, name: chatText('menu.pageHeading').replace('{{name}}', host) }).waitFor();
    expect(await page.locator('blockquote').innerText()).toBe('Hello from the host');
    await page.getByRole('link', { name: t('en', 'moderation', 'reportLink.message') }).waitFor();
    // axe runs script in the page, so it checks the same page in a context with JavaScript.
    const withScript = await newContext();
    await withScript.addCookies([{ name, value, domain: new URL(web.url).hostname, path: '/' }]);
    const checked = await withScript.newPage();
    await checked.goto(page.url());
    await waitForHydration(checked);
    await expectAccessible(checked);
    await withScript.close();
    await submit(page, page.getByRole('button', { name: chatText('menu.blockConfirm').replace('{{name}}', host), exact: true }));
    // The space's page answers the block; the reply that quotes them stays, without their words.
    await chat.message('Replying to you, host').waitFor();
    expect(await from.count()).toBe(0);
    expect(new URL(page.url()).pathname).toBe(spacePath);
    await expectQuoteOfBlocked(chat.message('Replying to you, host'), host);
    await context.close();
  }, 60_000);
});
