import { type Browser, type BrowserContext, type Page } from 'playwright-core';
import type { TestApi } from '../support/api-server.js';
import { expectAccessible, isolatedContext, PHONE, phonePage, startBrowserStack, type BrowserStack } from '../support/browser.js';
import { createOrganization } from '../support/directory.js';
import type { TestWeb } from '../support/web-server.js';
import { registerUser } from '../support/users.js';
import { screenshot, submit, t } from './pages.js';

/**
 * On a 360 px phone: an editor starts an edition, adds a chapter and two consented stories and
 * moves one up (plain forms, also without JavaScript); the author sees where their story is and
 * takes it out with one button; after publication anyone reads the public page and its downloads
 * without signing in. Every page is checked with axe and for sideways scrolling.
 */
let stack: BrowserStack;
let api: TestApi;
let web: TestWeb;
let browser: Browser;
const contexts: BrowserContext[] = [];
const doc = (text: string) => ({ type: 'doc', content: [{ type: 'paragraph', content: [{ type: 'text', text }] }] });

beforeAll(async () => {
  // The publish sweep every second, as in the API test, so publication follows the moved date at once.
  stack = await startBrowserStack({ env: { HANDBOOK_SWEEP_SECONDS: '1' } });
  ({ api, web, browser } = stack);
}, 240_000);

afterAll(async () => {
  for (const context of contexts) await context.close().catch(() => undefined);
  await stack?.stop();
});

async function phone(cookie: string, lang: string, javaScriptEnabled = true): Promise<Page> {
  const page = await phonePage(browser, web.url, cookie, { lang, javaScriptEnabled });
  contexts.push(page.context());
  return page;
}

async function fits(page: Page) {
  expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(PHONE.width);
}

describe.each([
  ['en', true],
  ['hu', false],
])('the handbook on a 360 px phone (%s, JavaScript %s)', (lang, javaScriptEnabled) => {
  it('an editor assembles an edition, an author takes a story out, anyone reads the published one', async () => {
    const [editor, author, other] = await Promise.all([
      registerUser(api.url, { locale: lang }),
      registerUser(api.url, { locale: lang, displayName: 'Brave Birch' }),
      registerUser(api.url, { locale: lang }),
    ]);
    const org = await createOrganization(editor, `Handbook house ${lang} ${Date.now().toString(36)}`);
    const publish = (who: typeof author, title: string) =>
      who.agent.post('/api/stories').send({ title, content: doc('What helped me.'), contentWarnings: [], visibility: 'public', language: lang, status: 'published', consent: { handbook: true } }).expect(201);
    const mine = (await publish(author, `First nights ${lang}`)).body;
    await publish(other, `A key of my own ${lang}`);

    const page = await phone(editor.cookie, lang, javaScriptEnabled);
    await page.goto(`${web.url}/organizations/${org.slug}/handbook`);
    await page.getByRole('heading', { level: 1, name: t(lang, 'handbook', 'staff.title') }).waitFor();
    await page.getByLabel(t(lang, 'handbook', 'staff.fieldTitle'), { exact: true }).fill(`Peer support ${lang}`);
    await page.getByLabel(t(lang, 'handbook', 'staff.fieldIntroduction'), { exact: true }).fill('Why we wrote this.');
    await submit(page, page.getByRole('button', { name: t(lang, 'handbook', 'staff.create') }));
    await page.getByRole('heading', { level: 1, name: `Peer support ${lang}` }).waitFor();
    await page.locator('#new-chapter').fill('Arriving');
    await submit(page, page.getByRole('button', { name: t(lang, 'handbook', 'edit.addChapter') }));
    await page.getByRole('heading', { level: 3, name: 'Arriving' }).waitFor();
    // One at a time: the next form offers only what is not in the edition yet.
    for (let i = 0; i < 2; i++) {
      await submit(page, page.getByRole('button', { name: t(lang, 'handbook', 'edit.addStoryButton') }));
      await page.locator('ol li').nth(i).waitFor();
    }
    const order = () => page.locator('ol li').allInnerTexts();
    const before = await order();
    // The chapter's own buttons come first; the third "move up" is the second story's.
    await submit(page, page.getByRole('button', { name: t(lang, 'handbook', 'edit.moveUp') }).nth(2));
    await page.locator('ol li').first().getByText(before[1].split('\n')[0]).waitFor();
    await fits(page);
    if (javaScriptEnabled) await expectAccessible(page);

    // The author sees the draft edition and takes their story out with one button.
    const authorPage = await phone(author.cookie, lang, javaScriptEnabled);
    await authorPage.goto(`${web.url}/account/handbook`);
    await authorPage.getByRole('heading', { level: 2, name: mine.title }).waitFor();
    await fits(authorPage);
    if (javaScriptEnabled) await expectAccessible(authorPage);
    await submit(authorPage, authorPage.getByRole('button', { name: t(lang, 'handbook', 'mine.withdraw') }));
    await authorPage.getByText(t(lang, 'handbook', 'mine.withdrawn')).waitFor();

    // Frozen and (its date moved to now) published by the sweep; then public without sign-in.
    const [{ id }] = await api.sql<{ id: string }>('SELECT id FROM handbook_editions WHERE organization_id = $1', [org.id]);
    await editor.agent.post(`/api/handbook/editions/${id}/freeze`).send({ publishAt: new Date(Date.now() + 15 * 86_400_000).toISOString() }).expect(200);
    await api.sql(`UPDATE handbook_editions SET publish_at = now() - interval '1 second' WHERE id = $1`, [id]);
    // No sign-in at all: a fresh context without any cookie.
    const strangerContext = await isolatedContext(browser, { viewport: PHONE, javaScriptEnabled, locale: lang });
    contexts.push(strangerContext);
    const stranger = await strangerContext.newPage();
    for (let tries = 0; tries < 60; tries++) {
      const res = await stranger.goto(`${web.url}/handbook/${id}`);
      if (res?.status() === 200) break;
      await new Promise((r) => setTimeout(r, 500));
    }
    await stranger.getByRole('heading', { level: 1, name: `Peer support ${lang}` }).waitFor();
    await stranger.getByRole('link', { name: t(lang, 'handbook', 'public.epub') }).waitFor();
    expect(await stranger.content()).not.toContain(mine.title);
    await fits(stranger);
    if (javaScriptEnabled) await expectAccessible(stranger);
    await stranger.goto(`${web.url}/handbook`);
    await stranger.getByRole('link', { name: `Peer support ${lang}` }).waitFor();
    await fits(stranger);
    if (javaScriptEnabled) {
      await expectAccessible(stranger);
      await screenshot(stranger, `handbook-${lang}-public`);
    }
  });
});
