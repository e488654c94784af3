/**
 * The first hour on a phone: register at 360×740, see the recovery codes with the header already
 * signed in, "Continue" to a home that shows three first steps, join a space and find that step
 * done. The home passes axe at 360 px (English, Danish) and 1280 px; screenshots go to
 * SCREENSHOT_DIR when it is set.
 */
import { randomUUID } from 'node:crypto';
import { type Browser, type Page } from 'playwright-core';
import type { TestApi } from '../support/api-server.js';
import { expectAccessible, isolatedContext, startBrowserStack, type BrowserStack } from '../support/browser.js';
import type { TestWeb } from '../support/web-server.js';
import { registerUser, strongPassword, uniqueUsername, type RegisteredUser } from '../support/users.js';
import { RegisterPage, SiteHeader, screenshot, submit, t, waitForHydration } from './pages.js';

const PHONE = { width: 360, height: 740 };
const DESKTOP = { width: 1280, height: 900 };

let stack: BrowserStack;
let api: TestApi;
let web: TestWeb;
let browser: Browser;
let host: RegisteredUser;
let space: { id: string; slug: string; name: string };

beforeAll(async () => {
  stack = await startBrowserStack();
  ({ api, web, browser } = stack);
  host = await registerUser(api.url);
  space = (await host.agent.post('/api/spaces').send({ name: `Odense evenings ${randomUUID().slice(0, 6)}`, description: 'Peers in Odense', visibility: 'public' }).expect(201)).body;
}, 240_000);

afterAll(() => stack?.stop());

const step = (page: Page, name: string) => page.getByTestId(`step-${name}`);
const stepsDone = async (page: Page) =>
  Object.fromEntries(
    await Promise.all(['joinSpace', 'contentNotes', 'recoveryCodes'].map(async (s) => [s, await step(page, s).getAttribute('data-done')])),
  );

async function signedInPage(who: RegisteredUser, lang: string, viewport: { width: number; height: number }): Promise<Page> {
  const context = await isolatedContext(browser, { viewport, hasTouch: viewport === PHONE, isMobile: viewport === PHONE });
  const [name, value] = who.cookie.split('=');
  const { hostname } = new URL(web.url);
  await context.addCookies([
    { name, value, domain: hostname, path: '/' },
    { name: 'lng', value: lang, domain: hostname, path: '/' },
  ]);
  return context.newPage();
}

describe('a home that knows you', () => {
  it('register on a phone → recovery codes (signed in) → Continue → three first steps; joining a space marks that step done', async () => {
    const context = await isolatedContext(browser, { viewport: PHONE, hasTouch: true, isMobile: true });
    const page = await context.newPage();
    const header = new SiteHeader(page);
    const register = new RegisterPage(page, web.url);
    await register.open();
    await register.register(uniqueUsername('home'), strongPassword());
    expect(await register.recoveryCodes()).toHaveLength(10);
    // The codes page already belongs to the new account: the header shows it signed in.
    await header.expectSignedIn();
    expect(await header.loginLink().count()).toBe(0);

    await register.continue();
    expect(new URL(page.url()).pathname).toBe('/');
    await page.getByRole('heading', { level: 2, name: t('en', 'common', 'myHome.steps.title') }).waitFor();
    expect(await stepsDone(page)).toEqual({ joinSpace: 'false', contentNotes: 'false', recoveryCodes: 'false' });
    for (const key of ['joinSpace', 'contentNotes', 'recoveryCodes']) {
      expect(await step(page, key).innerText()).toContain(t('en', 'common', `myHome.steps.${key}`));
    }
    expect(await page.getByTestId('home-spaces').innerText()).toContain(t('en', 'common', 'myHome.spaces.empty'));
    await waitForHydration(page);
    await expectAccessible(page);
    await screenshot(page, 'home-new-360-en');

    // Join a space near you: the step's link leads to the spaces, and joining is one button.
    await step(page, 'joinSpace').getByRole('link', { name: t('en', 'common', 'myHome.steps.joinSpaceLink') }).click();
    await page.waitForURL(`${web.url}/spaces`);
    await page.goto(`${web.url}/spaces/${space.slug}`);
    await submit(page, page.getByRole('button', { name: t('en', 'spaces', 'join.submit') }));
    await page.getByText(t('en', 'spaces', 'space.joined')).waitFor();

    await page.goto(`${web.url}/`);
    expect(await stepsDone(page)).toEqual({ joinSpace: 'true', contentNotes: 'false', recoveryCodes: 'false' });
    expect(await step(page, 'joinSpace').innerText()).toContain(t('en', 'common', 'myHome.steps.done'));
    await page.getByTestId('home-spaces').getByRole('link', { name: space.name }).waitFor();
    await waitForHydration(page);
    await expectAccessible(page);
    await context.close();
  });

  it('without JavaScript: ticking "I have kept my codes safe" before Continue marks that step done', async () => {
    const context = await isolatedContext(browser, { viewport: PHONE, hasTouch: true, isMobile: true, javaScriptEnabled: false });
    const page = await context.newPage();
    const register = new RegisterPage(page, web.url);
    await register.open();
    await register.register(uniqueUsername('nojs'), strongPassword());
    await register.recoveryCodes();
    await register.continue(true);
    expect(await stepsDone(page)).toEqual({ joinSpace: 'false', contentNotes: 'false', recoveryCodes: 'true' });
    await context.close();
  });

  it('a busy home reads well and passes axe at 360 px in English and Danish and at 1280 px', async () => {
    const people: Record<string, RegisteredUser> = {};
    for (const lang of ['en', 'da']) {
      const who = await registerUser(api.url, { locale: lang, displayName: lang === 'da' ? 'Mette' : 'Sam' });
      people[lang] = who;
      await who.agent.post(`/api/spaces/${space.id}/join`).send({}).expect(200);
      await who.agent.put('/api/me/content-notes').send({ notes: {} }).expect(200);
    }
    await api.sql(`UPDATE users SET roles = '{member,org_staff}' WHERE id = $1`, [host.user.id]);
    const start = new Date(Date.now() + 2 * 86_400_000);
    const ev = (await host.agent.post('/api/events').send({
      title: 'Soup and a film', kind: 'community', startsAt: start.toISOString(), endsAt: new Date(start.getTime() + 2 * 3_600_000).toISOString(),
      timezone: 'Europe/Copenhagen', spaceId: space.id, location: { name: 'Library, 2nd floor' },
    }).expect(201)).body;
    const doc = { type: 'doc', content: [{ type: 'paragraph', content: [{ type: 'text', text: 'The first night in my own room.' }] }] };
    await host.agent.post('/api/stories').send({ title: 'A key of my own', content: doc, contentWarnings: [], visibility: 'space', spaceId: space.id, language: 'en', status: 'published' }).expect(201);
    await host.agent.post('/api/stories').send({ title: 'Winter at the shelter', content: doc, contentWarnings: ['violence'], visibility: 'members', language: 'en', status: 'published' }).expect(201);
    for (const lang of ['en', 'da']) {
      await people[lang].agent.post(`/api/events/${ev.id}/rsvp`).send({ status: 'going' }).expect(200);
    }
    await host.agent.patch(`/api/events/${ev.id}`).send({ title: 'Soup and a film (new room)' }).expect(200);
    await host.agent.post(`/api/spaces/${space.id}/messages`).send({ clientId: randomUUID(), body: 'Who is coming on Thursday?' }).expect(201);

    for (const [lang, viewport, name] of [['en', PHONE, 'home-360-en'], ['da', PHONE, 'home-360-da'], ['en', DESKTOP, 'home-1280-en']] as const) {
      const page = await signedInPage(people[lang], lang, viewport);
      await page.goto(`${web.url}/`);
      await waitForHydration(page);
      expect(await page.getAttribute('html', 'lang')).toBe(lang);
      await page.getByTestId('home-events').getByRole('link', { name: 'Soup and a film (new room)' }).waitFor();
      // In the event's own zone, named in the reader's language.
      expect(await page.getByTestId('home-events').innerText()).toContain(t(lang, 'events', 'zoneTime.copenhagen'));
      await page.getByTestId('home-stories').getByRole('link', { name: 'A key of my own' }).waitFor();
      await page.getByTestId('home-unread').first().waitFor();
      expect(await page.getByTestId('home-notifications').innerText()).toContain('Soup and a film (new room)');
      // Nothing sticks out sideways on a phone.
      expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(viewport.width);
      await expectAccessible(page);
      await screenshot(page, name);
      await page.context().close();
    }
  });
});
