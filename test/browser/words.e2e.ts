/**
 * Words and small things (issue 12): pages say plainly what is going on — a signed-out reader of a
 * members-only story is asked to sign in, only the author sees "published", every notification
 * says what happened — and the frame holds: the footer sits at the bottom of short pages and the
 * signed-in header fits on one line at 1280 px.
 */
import { type Browser, type Page } from 'playwright-core';
import { expectAccessible, isolatedContext, startBrowserStack, type BrowserStack } from '../support/browser.js';
import type { TestApi } from '../support/api-server.js';
import type { TestWeb } from '../support/web-server.js';
import { registerUser, type RegisteredUser } from '../support/users.js';
import { LoginPage, SiteHeader, screenshot, submit, t, waitForHydration } from './pages.js';

let stack: BrowserStack;
let api: TestApi;
let web: TestWeb;
let browser: Browser;
let author: RegisteredUser;

const doc = (text: string) => ({ type: 'doc', content: [{ type: 'paragraph', content: [{ type: 'text', text }] }] });

async function story(visibility: 'public' | 'members', title: string): Promise<string> {
  const res = await author.agent
    .post('/api/stories')
    .send({ title, content: doc('It was cold and quiet.'), contentWarnings: [], visibility, language: 'en', status: 'published' })
    .expect(201);
  return res.body.id as string;
}

async function page(width: number): Promise<Page> {
  const context = await isolatedContext(browser, { viewport: { width, height: 900 } });
  return context.newPage();
}

async function signedIn(width: number, who: RegisteredUser = author): Promise<Page> {
  const p = await page(width);
  const login = new LoginPage(p, web.url);
  await login.open();
  await login.login(who.user.username, who.password);
  // Signed in, the header speaks the person's language.
  await new SiteHeader(p).expectSignedIn(who.user.locale);
  return p;
}

beforeAll(async () => {
  stack = await startBrowserStack();
  ({ api, web, browser } = stack);
  author = await registerUser(api.url, { locale: 'en' });
}, 240_000);

afterAll(() => stack?.stop());

it('asks a signed-out reader of a members-only story to sign in, and brings them back', async () => {
  const id = await story('members', 'Only for members');
  const p = await page(360);
  const response = await p.goto(`${web.url}/stories/${id}`);
  expect(response?.status()).toBe(404);
  await p.getByRole('heading', { level: 1, name: t('en', 'common', 'error.signInTitle') }).waitFor();
  const link = p.getByRole('link', { name: t('en', 'common', 'error.signIn'), exact: true });
  expect(await link.getAttribute('href')).toBe(`/login?${new URLSearchParams({ redirectTo: `/stories/${id}` })}`);
  await expectAccessible(p);
  await screenshot(p, 'sign-in-to-read-360-en');
  await link.click();
  await new LoginPage(p, web.url).login(author.user.username, author.password);
  await p.getByRole('heading', { level: 1, name: 'Only for members' }).waitFor();
  await p.context().close();
}, 60_000);

it('shows "published" to the author only, not to whoever opens the link', async () => {
  const id = await story('public', 'A public story');
  const notice = t('en', 'stories', 'story.publishedNotice');
  const stranger = await page(1280);
  await stranger.goto(`${web.url}/stories/${id}?published=1`);
  await stranger.getByRole('heading', { level: 1, name: 'A public story' }).waitFor();
  expect(await stranger.getByText(notice).count()).toBe(0);
  await stranger.context().close();

  const own = await signedIn(1280);
  await own.goto(`${web.url}/stories/${id}?published=1`);
  await own.getByText(notice).waitFor();
  await own.context().close();
}, 60_000);

it('says what a moderation notification is about, with a link, in the reader\'s language', async () => {
  // Arranged in the database: the notification a moderator's "hide" sends (covered end to end in test/api).
  for (const lang of ['en', 'da'] as const) {
    const reader = await registerUser(api.url, { locale: lang });
    await api.sql(`INSERT INTO notifications (user_id, kind, data) VALUES ($1, 'moderation.hide', $2)`, [
      reader.user.id,
      JSON.stringify({ reason: 'Name-calling', targetType: 'story', until: null }),
    ]);
    const p = await signedIn(lang === 'en' ? 1280 : 360, reader);
    await p.goto(`${web.url}/notifications`);
    const list = p.getByTestId('notifications');
    await list.getByText(t(lang, 'events', 'notifications.kind.moderation.hide')).waitFor();
    await list.getByText(t(lang, 'events', 'notifications.reason').replace('{{reason}}', 'Name-calling')).waitFor();
    expect(await list.getByRole('link', { name: t(lang, 'events', 'notifications.openModeration') }).getAttribute('href')).toBe('/account/moderation');
    await p.getByRole('heading', { level: 1, name: t(lang, 'events', 'notifications.title') }).waitFor();
    await expectAccessible(p);
    await screenshot(p, `notifications-${lang}`);
    await p.context().close();
  }
}, 90_000);

it('keeps the footer at the bottom of a short page and the signed-in header on one line at 1280 px', async () => {
  const p = await signedIn(1280);
  await p.goto(`${web.url}/notifications`);
  const footer = await p.locator('.site-footer').boundingBox();
  expect(footer).not.toBeNull();
  expect(Math.round(footer!.y + footer!.height)).toBeGreaterThanOrEqual(900);
  await screenshot(p, 'header-1280-en');
  // One line: every part of the header (name, each link, the language switcher) shares a band.
  const boxes = await p
    .locator('.site-header__inner > :not(nav), .site-nav li')
    .evaluateAll((els) =>
      els
        // What is not shown has no place in the line: the phone's "Menu" copy of the links (not
        // rendered at this width) and the links inside the closed "You" menu.
        .filter((el) => el.getClientRects().length > 0 && el.checkVisibility())
        .map((el) => ({ top: el.getBoundingClientRect().top, bottom: el.getBoundingClientRect().bottom })),
    );
  expect(boxes.length).toBeGreaterThan(4);
  expect(Math.max(...boxes.map((b) => b.top))).toBeLessThan(Math.min(...boxes.map((b) => b.bottom)));
  await p.context().close();
}, 60_000);

it('names the field in each error on register, and says a taken name once', async () => {
  const p = await page(360);
  await p.goto(`${web.url}/register`);
  await waitForHydration(p);
  await submit(p, p.getByRole('button', { name: t('en', 'accounts', 'register.submit') }));
  const summary = p.getByTestId('error-summary');
  await summary.waitFor();
  const username = t('en', 'accounts', 'fields.username');
  expect(await summary.getByRole('link', { name: new RegExp(`^${username}: \\S`) }).getAttribute('href')).toBe('#username');
  expect(await summary.getByRole('link', { name: new RegExp(`^${t('en', 'accounts', 'fields.password')}: \\S`) }).getAttribute('href')).toBe('#password');
  await expectAccessible(p);
  await screenshot(p, 'register-errors-360-en');

  await p.getByLabel(username, { exact: true }).fill(author.user.username);
  await p.getByLabel(t('en', 'accounts', 'fields.password'), { exact: true }).fill('horse-battery-staple-words');
  await submit(p, p.getByRole('button', { name: t('en', 'accounts', 'register.submit') }));
  await summary.waitFor();
  const lines = await summary.locator('li').allInnerTexts();
  expect(lines.length).toBe(new Set(lines.map((line) => line.replace(`${username}: `, ''))).size);
  await p.context().close();
}, 60_000);
