import { type Browser, type BrowserContext, type Page } from 'playwright-core';
import { expectAccessible, isolatedContext, startBrowserStack, type BrowserStack } from '../support/browser.js';
import type { TestWeb } from '../support/web-server.js';
import { strongPassword, uniqueUsername } from '../support/users.js';
import { RegisterPage, t, waitForHydration } from './pages.js';

const HOSTILE_TITLE = 'First night <img src=x onerror=alert(1)>';
const BOLD_WORD = 'Brave';

let stack: BrowserStack;
let web: TestWeb;
let browser: Browser;

beforeAll(async () => {
  stack = await startBrowserStack();
  ({ web, browser } = stack);
}, 240_000);

afterAll(() => stack?.stop());

const s = (key: string) => t('en', 'stories', key);

/** A context where nothing leaves the test servers, and any alert() fails the test. */
async function newContext(options: Parameters<Browser['newContext']>[0] = {}): Promise<{ context: BrowserContext; page: Page; alerts: string[] }> {
  const context = await isolatedContext(browser, options);
  const page = await context.newPage();
  const alerts: string[] = [];
  page.on('dialog', (dialog) => {
    alerts.push(dialog.message());
    void dialog.dismiss();
  });
  return { context, page, alerts };
}

async function register(page: Page, prefix: string) {
  const registerPage = new RegisterPage(page, web.url);
  await registerPage.open();
  await registerPage.register(uniqueUsername(prefix), strongPassword());
  await registerPage.recoveryCodes();
  await registerPage.continue();
}

/** The story editor page, driven the way a person would: toolbar buttons, typing, check boxes. */
class StoryEditorPage {
  constructor(private readonly page: Page) {}

  async open() {
    await this.page.goto(`${web.url}/stories/new`);
    await waitForHydration(this.page);
    await this.editor().waitFor();
  }

  editor() {
    return this.page.getByRole('textbox', { name: s('form.body') });
  }

  toolbarButton(key: string) {
    return this.page.getByRole('toolbar').getByRole('button', { name: s(key), exact: true });
  }

  async write() {
    await this.page.getByLabel(s('form.title'), { exact: true }).fill(HOSTILE_TITLE);
    await this.editor().click();
    await this.page.keyboard.type('The first night');
    await this.toolbarButton('editor.heading2').click();
    await expect(this.toolbarButton('editor.heading2').getAttribute('aria-pressed')).resolves.toBe('true');
    await this.page.keyboard.press('End');
    await this.page.keyboard.press('Enter');
    await this.page.keyboard.type('It was cold and quiet. ');
    await this.toolbarButton('editor.bold').click();
    await expect(this.toolbarButton('editor.bold').getAttribute('aria-pressed')).resolves.toBe('true');
    await this.page.keyboard.type(BOLD_WORD);
    await this.toolbarButton('editor.bold').click();
    await this.page.keyboard.type(' is the word I would use.');
    await this.page.getByLabel(t('en', 'stories', 'notes.eviction'), { exact: true }).check();
  }

  async tryLink(href: string) {
    await this.editor().click();
    await this.page.keyboard.press('End');
    await this.toolbarButton('editor.link').click();
    const input = this.page.getByLabel(s('editor.linkLabel'), { exact: true });
    await input.fill(href);
    await this.page.getByRole('button', { name: s('editor.linkApply'), exact: true }).click();
  }
}

describe('stories in the browser', () => {
  it('a writer publishes with the editor; a reader sees it covered, reveals it, and it stays revealed', async () => {
    // ---- the writer ----
    const writer = await newContext();
    await register(writer.page, 'writer');
    const editorPage = new StoryEditorPage(writer.page);
    await editorPage.open();
    await expectAccessible(writer.page);
    await editorPage.write();

    // A javascript: link is refused with a message, and nothing is linked.
    await editorPage.tryLink('javascript:alert(1)');
    await writer.page.getByText(s('editor.linkRefused')).waitFor();
    expect(await editorPage.editor().locator('a').count()).toBe(0);
    await writer.page.getByRole('button', { name: s('editor.linkCancel'), exact: true }).click();

    // The draft saves itself, calmly.
    await writer.page.getByTestId('save-status').filter({ hasText: /^Saved at / }).waitFor({ timeout: 15_000 });
    expect(writer.page.url()).toMatch(/\/stories\/[0-9a-f-]{36}\/edit$/);
    expect(await writer.page.evaluate(() => Object.keys(sessionStorage).filter((k) => k.startsWith('sorstars:story-draft:')).length)).toBe(1);
    await expectAccessible(writer.page);

    await writer.page.getByRole('button', { name: s('form.publish'), exact: true }).click();
    await writer.page.waitForURL(/\/stories\/[0-9a-f-]{36}\?published=1$/);
    await writer.page.getByText(s('story.publishedNotice')).waitFor();
    const storyUrl = writer.page.url().replace(/\?.*$/, '');
    // The title is text, never markup.
    await expect(writer.page.getByRole('heading', { level: 1 }).innerText()).resolves.toBe(HOSTILE_TITLE);
    expect(await writer.page.locator('main img').count()).toBe(0);
    await expect(writer.page.locator('#story-body strong').innerText()).resolves.toBe(BOLD_WORD);
    await expect(writer.page.locator('#story-body h2').innerText()).resolves.toBe('The first night');
    expect(writer.alerts).toEqual([]);
    await writer.context.close();

    // ---- a reader with the default setting (blur) ----
    const reader = await newContext();
    await register(reader.page, 'reader');
    await reader.page.goto(storyUrl);
    await waitForHydration(reader.page);
    await expect(reader.page.getByRole('heading', { level: 1 }).innerText()).resolves.toBe(HOSTILE_TITLE);
    await reader.page.getByTestId('covered').waitFor();
    await expect(reader.page.locator('#story-notes').innerText()).resolves.toContain(t('en', 'stories', 'notes.eviction'));
    expect(await reader.page.locator('#story-body').count()).toBe(0);
    expect(await reader.page.locator('main').innerText()).not.toContain(BOLD_WORD);
    expect(await reader.page.locator('main img').count()).toBe(0);
    await expectAccessible(reader.page);

    await reader.page.getByRole('link', { name: s('story.reveal') }).click();
    await reader.page.locator('#story-body strong').waitFor();
    await expect(reader.page.locator('#story-body strong').innerText()).resolves.toBe(BOLD_WORD);
    await waitForHydration(reader.page);
    await expectAccessible(reader.page);

    // Remembered: the plain address, reloaded, still shows the story.
    expect(reader.page.url()).not.toContain('reveal');
    await reader.page.reload();
    await expect(reader.page.locator('#story-body strong').innerText()).resolves.toBe(BOLD_WORD);
    expect(await reader.page.getByTestId('covered').count()).toBe(0);

    // Supportive reactions toggle, and readers never see counts.
    const relate = reader.page.getByRole('button', { name: s('reactions.relate') });
    await expect(relate.getAttribute('aria-pressed')).resolves.toBe('false');
    await relate.click();
    await reader.page.waitForFunction(
      (name) => [...document.querySelectorAll('button[aria-pressed]')].some((b) => b.textContent === name && b.getAttribute('aria-pressed') === 'true'),
      s('reactions.relate'),
    );
    expect(await reader.page.locator('.reaction__count').count()).toBe(0);
    expect(reader.alerts).toEqual([]);
    await reader.context.close();
  }, 120_000);

  it('offline, the draft says it is not saved yet, keeps the editor, and saves itself when the network is back', async () => {
    const writer = await newContext();
    await register(writer.page, 'offline');
    const editorPage = new StoryEditorPage(writer.page);
    await editorPage.open();
    await writer.page.getByLabel(s('form.title'), { exact: true }).fill('On the night bus');
    await editorPage.editor().click();
    await writer.page.keyboard.type('The first line.');
    const saved = writer.page.getByTestId('save-status').filter({ hasText: /^Saved at / });
    await saved.waitFor({ timeout: 15_000 });

    await writer.context.setOffline(true);
    await writer.page.keyboard.type(' Written on the bus, with no signal.');
    await writer.page.getByTestId('save-status').filter({ hasText: s('form.statusFailed') }).waitFor({ timeout: 15_000 });
    expect(await writer.page.getByText(t('en', 'common', 'error.title')).count()).toBe(0);
    await expect(editorPage.editor().innerText()).resolves.toContain('with no signal');

    await writer.context.setOffline(false);
    await saved.waitFor({ timeout: 30_000 });
    // What the server has, not this tab's own copy: open the draft again with that copy gone.
    await writer.page.evaluate(() => sessionStorage.clear());
    await writer.page.reload();
    await waitForHydration(writer.page);
    await expect(editorPage.editor().innerText()).resolves.toContain('The first line. Written on the bus, with no signal.');
    expect(writer.alerts).toEqual([]);
    await writer.context.close();
  }, 90_000);

  it('without JavaScript: write and publish with the plain form; a visitor reads it behind its note and reveals it', async () => {
    const writer = await newContext({ javaScriptEnabled: false });
    await register(writer.page, 'nojs');
    await writer.page.goto(`${web.url}/stories/new`);
    await writer.page.getByLabel(s('form.title'), { exact: true }).fill('Getting my papers sorted');
    await writer.page.getByLabel(s('form.body'), { exact: true }).fill('First paragraph.\n\nSecond paragraph, <b>not bold</b>.');
    await writer.page.getByLabel(t('en', 'stories', 'notes.eviction'), { exact: true }).check();
    await writer.page.getByLabel(s('form.visibilityPublic'), { exact: true }).check();
    await writer.page.getByRole('button', { name: s('form.publish'), exact: true }).click();
    await writer.page.waitForURL(/\/stories\/[0-9a-f-]{36}\?published=1$/);
    expect(await writer.page.locator('#story-body p').allInnerTexts()).toEqual(['First paragraph.', 'Second paragraph, <b>not bold</b>.']);
    expect(await writer.page.locator('#story-body b').count()).toBe(0);
    await writer.context.close();

    const visitor = await newContext({ javaScriptEnabled: false });
    await visitor.page.goto(`${web.url}/stories`);
    await visitor.page.getByRole('heading', { level: 1, name: s('list.title') }).waitFor();
    await visitor.page.getByRole('link', { name: s('list.coveredLink') }).first().click();
    await visitor.page.getByTestId('covered').waitFor();
    expect(await visitor.page.locator('#story-body').count()).toBe(0);
    await visitor.page.getByRole('link', { name: s('story.reveal') }).click();
    await expect(visitor.page.locator('#story-body p').first().innerText()).resolves.toBe('First paragraph.');
    await visitor.context.close();
  });
});
