/**
 * The resource directory as its people use it, in Chromium: an NGO worker registers their
 * organisation, a platform admin verifies it, the worker posts a night shelter open across
 * midnight, and someone on a 360 px phone finds it "open" at 02:00, saves it to their list and
 * still reads it with the network switched off. Each new page passes axe; 360 px screenshots in
 * English and Hungarian are written to $SCREENSHOT_DIR when it is set.
 */
import fs from 'node:fs';
import request from 'supertest';
import { randomBytes } from 'node:crypto';
import { type Browser, type BrowserContext, type Page } from 'playwright-core';
import type { TestApi } from '../support/api-server.js';
import { expectAccessible, isolatedContext, startBrowserStack, type BrowserStack, type ContextChoices } from '../support/browser.js';
import type { TestWeb } from '../support/web-server.js';
import { registerUser, strongPassword, uniqueUsername } from '../support/users.js';
import { expectValidHsds } from '../support/hsds.js';
import { RegisterPage, SiteHeader, reviewFile, screenshot, submit, t, waitForHydration } from './pages.js';

const res = (key: string, lang = 'en') => t(lang, 'resources', key);
const org = (key: string, lang = 'en') => t(lang, 'organizations', key);
const fill = (text: string, values: Record<string, string>) => text.replace(/\{\{(\w+)\}\}/g, (_, name: string) => values[name] ?? '');

const PHONE = { width: 360, height: 740 };

/** A Wednesday in winter (CET, UTC+1): 02:00, 07:20 and 14:00 in Budapest. */
const AT_2AM = '2026-12-02T01:00:00.000Z';
const AT_7_20 = '2026-12-02T06:20:00.000Z';
const AT_2PM = '2026-12-02T13:00:00.000Z';

let stack: BrowserStack;
let api: TestApi;
let web: TestWeb;
let browser: Browser;
const contexts: BrowserContext[] = [];

beforeAll(async () => {
  stack = await startBrowserStack();
  ({ api, web, browser } = stack);
}, 240_000);

afterAll(async () => {
  for (const context of contexts) await context.close().catch(() => undefined);
  await stack?.stop();
});

async function newContext(options: Parameters<Browser['newContext']>[0] = {}, choices: ContextChoices = {}): Promise<BrowserContext> {
  const context = await isolatedContext(browser, options, choices);
  contexts.push(context);
  return context;
}

async function withLanguage(context: BrowserContext, lng: string) {
  await context.addCookies([{ name: 'lng', value: lng, domain: new URL(web.url).hostname, path: '/' }]);
}

/** Nothing sticks out sideways on a 360 px screen. */
async function expectNoSidewaysScroll(page: Page) {
  const widths = await page.evaluate(() => ({ page: document.documentElement.scrollWidth, screen: window.innerWidth }));
  expect({ url: page.url(), ...widths, fits: widths.page <= widths.screen }).toEqual({ url: page.url(), ...widths, fits: true });
}

/** A signed-in person's pages follow their account's language (as the language switcher sets it). */
async function setLocale(username: string, locale: string) {
  await api.sql(`UPDATE users SET locale = $2 WHERE username = $1`, [username, locale]);
}

/** How many pages the service worker keeps for offline reading, and whether a list is saved. */
function keptOffline(page: Page) {
  return page.evaluate(async () => {
    let pages = 0;
    for (const name of ['sorstars-pages-v1', 'sorstars-list-v1']) if (await caches.has(name)) pages += (await (await caches.open(name)).keys()).length;
    return { pages, list: window.localStorage.getItem('sorstars:my-list') };
  });
}

/** Waits until nothing is kept for offline reading and no list is saved (quick exit, signing out). */
async function forgotten(page: Page, alsoTheList: boolean) {
  await page.waitForFunction(
    async (list) => {
      for (const name of ['sorstars-pages-v1', 'sorstars-list-v1']) if ((await caches.has(name)) && (await (await caches.open(name)).keys()).length > 0) return false;
      return !list || window.localStorage.getItem('sorstars:my-list') === null;
    },
    alsoTheList,
    { timeout: 10_000 },
  );
  expect((await keptOffline(page)).pages).toBe(0);
}

describe('the resource directory in the browser', () => {
  let worker: Page;
  let orgPath: string;
  let resourcePath: string;
  const orgName = `Streets to Homes ${randomBytes(3).toString('hex')}`;
  const shelterName = `Night shelter Dankó ${randomBytes(3).toString('hex')}`;
  const workerName = uniqueUsername('ngo');
  const workerPassword = strongPassword();

  it('an NGO worker registers their organisation and becomes its admin', async () => {
    const context = await newContext({ viewport: PHONE });
    worker = await context.newPage();
    const register = new RegisterPage(worker, web.url);
    await register.open();
    await register.register(workerName, workerPassword);
    await register.recoveryCodes();

    await worker.goto(`${web.url}/organizations/new`);
    await waitForHydration(worker);
    await expectAccessible(worker);
    await worker.getByLabel(org('fields.name'), { exact: true }).fill(orgName);
    await worker.getByLabel(org('fields.description'), { exact: true }).fill('We help people from the street into a home of their own.');
    await worker.getByLabel(org('fields.phone'), { exact: true }).fill('+36 1 234 5678');
    await submit(worker, worker.getByRole('button', { name: org('new.submit') }));
    await worker.getByRole('heading', { level: 1, name: orgName }).waitFor();
    orgPath = new URL(worker.url()).pathname;
    expect(orgPath).toMatch(/^\/organizations\/[a-z0-9-]+$/);
    await worker.getByText(org('page.registered')).waitFor();
    expect(await worker.getByTestId('verified-mark').innerText()).toBe(org('mark.notVerified'));
    // The registering person manages the staff.
    await worker.getByRole('heading', { name: org('staff.title') }).waitFor();
    expect(await worker.getByTestId('staff-list').locator('li').count()).toBe(1);
    await expectAccessible(worker);
  }, 90_000);

  it('a platform admin verifies it, and the mark changes for everyone', async () => {
    const admin = await registerUser(api.url);
    await api.sql(`UPDATE users SET roles = '{member,admin}' WHERE id = $1`, [admin.user.id]);
    const context = await newContext();
    const [name, value] = admin.cookie.split('=');
    await context.addCookies([{ name, value, domain: new URL(web.url).hostname, path: '/' }]);
    const page = await context.newPage();
    // The admin page lists the organisations waiting to be verified, each linking to its page.
    await page.goto(`${web.url}/admin`);
    await page.getByTestId('organizations-waiting').getByRole('link', { name: orgName }).click();
    await page.waitForURL(`${web.url}${orgPath}`);
    await waitForHydration(page);
    await submit(page, page.getByRole('button', { name: org('verify.button') }));
    await page.getByTestId('verified-mark').filter({ hasText: org('mark.verified') }).waitFor();
    expect(await page.getByRole('button', { name: org('verify.button') }).count()).toBe(0);
    await page.goto(`${web.url}/admin`);
    expect(await page.getByTestId('organizations-waiting').getByRole('link', { name: orgName }).count()).toBe(0);

    await worker.reload();
    expect(await worker.getByTestId('verified-mark').innerText()).toContain(org('mark.verified'));
  }, 60_000);

  it('the worker posts a night shelter open from 20:00 to 08:00, adding a row without losing what was typed', async () => {
    await worker.getByRole('link', { name: org('page.addResource') }).click();
    await worker.getByRole('heading', { level: 1, name: res('form.newTitle') }).waitFor();
    await waitForHydration(worker);
    await expectAccessible(worker);
    await worker.getByLabel(res('form.name'), { exact: true }).fill(shelterName);
    await worker.getByLabel(res('form.description'), { exact: true }).fill('Beds, a shower and tea for the night. Walk in.');
    await worker.locator('#categories-emergency-shelter').check();
    await worker.locator('#attributes-walk-in').check();
    await worker.getByLabel(res('form.phone'), { exact: true }).fill('+36 1 555 0100');
    await worker.getByLabel(res('form.address'), { exact: true }).fill('Dankó utca 16');
    await worker.getByLabel(res('form.postalCode'), { exact: true }).fill('1086');
    await worker.getByLabel(res('form.city'), { exact: true }).fill('Budapest');
    await worker.getByLabel(res('form.country'), { exact: true }).selectOption('HU');
    await worker.getByLabel(res('form.lat'), { exact: true }).fill('47.4953');
    await worker.getByLabel(res('form.lng'), { exact: true }).fill('19.0792');
    // The time zone is left as "the country's own": Europe/Budapest.
    const firstRow = worker.getByTestId('hours-row').first();
    for (const day of await firstRow.locator('input[type="checkbox"]').all()) await day.check();
    await firstRow.getByLabel(res('form.opens'), { exact: true }).fill('20:00');
    await firstRow.getByLabel(res('form.closes'), { exact: true }).fill('08:00');

    // "Add opening times" is a submit button: the form comes back with one more row and the same values.
    await submit(worker, worker.getByRole('button', { name: res('form.addHours') }));
    await worker.getByTestId('hours-row').nth(1).waitFor();
    expect(await worker.getByTestId('hours-row').count()).toBe(2);
    expect(await worker.getByLabel(res('form.name'), { exact: true }).inputValue()).toBe(shelterName);
    expect(await worker.getByTestId('hours-row').first().getByLabel(res('form.closes'), { exact: true }).inputValue()).toBe('08:00');
    // An untouched extra row is left out, not refused.
    await Promise.all([worker.waitForURL(/\/resources\/[0-9a-f-]{36}\?saved=1/), worker.getByRole('button', { name: res('form.submitNew') }).click()]);
    await worker.getByRole('heading', { level: 1, name: shelterName }).waitFor();
    resourcePath = new URL(worker.url()).pathname;
    await worker.getByText(res('form.saved')).waitFor();
    // Overnight hours read as such.
    expect(await worker.getByTestId('hours').innerText()).toContain(fill(res('details.overnight'), { opens: '20:00', closes: '08:00' }));
  }, 90_000);

  it('the organisation admin adds a colleague as staff by username, and removes them again', async () => {
    const colleague = await registerUser(api.url);
    await worker.goto(`${web.url}${orgPath}`);
    await waitForHydration(worker);
    await worker.getByLabel(org('staff.username'), { exact: true }).fill(colleague.user.username);
    await submit(worker, worker.getByRole('button', { name: org('staff.add'), exact: true }));
    await worker.getByText(org('staff.added')).waitFor();
    const staff = worker.getByTestId('staff-list').locator('li');
    await staff.filter({ hasText: `@${colleague.user.username}` }).waitFor();
    expect(await staff.count()).toBe(2);
    await worker.getByRole('heading', { name: org('staff.title') }).scrollIntoViewIfNeeded();
    await screenshot(worker, 'organization-staff-en');
    await setLocale(workerName, 'hu');
    await worker.reload();
    await worker.getByRole('heading', { name: org('staff.title', 'hu') }).waitFor();
    await expectAccessible(worker);
    await expectNoSidewaysScroll(worker);
    await screenshot(worker, 'organization-staff-hu');
    await setLocale(workerName, 'en');
    await worker.reload();
    await waitForHydration(worker);
    await submit(worker, staff.filter({ hasText: `@${colleague.user.username}` }).getByRole('button', { name: new RegExp(org('staff.remove')) }));
    await worker.waitForFunction((name) => !document.querySelector('[data-testid="staff-list"]')?.textContent?.includes(`@${name}`), colleague.user.username);
    expect(await staff.count()).toBe(1);
    // Someone who is not an admin of it sees no staff controls.
    const stranger = await (await newContext()).newPage();
    await stranger.goto(`${web.url}${orgPath}`);
    expect(await stranger.getByTestId('staff-list').count()).toBe(0);
  }, 60_000);

  it('the worker updates tonight\'s free beds in the editor; the page shows them with when they were updated', async () => {
    await worker.goto(`${web.url}${resourcePath}`);
    await worker.getByRole('link', { name: res('details.edit') }).click();
    await worker.getByRole('heading', { level: 1, name: fill(res('form.editTitle'), { name: shelterName }) }).waitFor();
    await waitForHydration(worker);
    await expectAccessible(worker);
    // The hours come back as they were saved.
    expect(await worker.getByTestId('hours-row').first().getByLabel(res('form.opens'), { exact: true }).inputValue()).toBe('20:00');
    await worker.getByLabel(res('form.capacityUnit'), { exact: true }).fill('Beds tonight');
    await worker.getByLabel(res('form.capacityAvailable'), { exact: true }).fill('4');
    await worker.getByLabel(res('form.capacityMaximum'), { exact: true }).fill('20');
    await Promise.all([worker.waitForURL(/\?saved=1/), worker.getByRole('button', { name: res('form.submitEdit') }).click()]);
    expect(await worker.getByTestId('capacity').innerText()).toContain(fill(res('capacity.ofMaximum'), { unit: 'Beds tonight', available: '4', maximum: '20' }));
  }, 60_000);

  it('signing out forgets the pages kept for offline reading (they show who was signed in)', async () => {
    await worker.goto(`${web.url}${resourcePath}`);
    await waitForHydration(worker);
    await worker.waitForFunction(() => navigator.serviceWorker.controller !== null, undefined, { timeout: 15_000 });
    await worker.reload();
    await waitForHydration(worker);
    expect((await keptOffline(worker)).pages).toBeGreaterThan(0);
    await new SiteHeader(worker).revealNav(); // on a phone the links sit behind "Menu"
    await submit(worker, worker.getByRole('button', { name: t('en', 'common', 'nav.logout') }));
    await new SiteHeader(worker).revealNav();
    await worker.getByRole('navigation').getByRole('link', { name: t('en', 'common', 'nav.login') }).waitFor();
    await forgotten(worker, false);
  }, 60_000);

  it('a refuge keeps its address confidential: the page offers a contact route; only its own staff see and change the address in the editor', async () => {
    const staff = await registerUser(api.url);
    const created = await staff.agent.post('/api/organizations').send({ name: `Safe House ${randomBytes(3).toString('hex')}`, description: 'A refuge for women.' });
    expect(created.status).toBe(201);
    const refuge = await staff.agent.post('/api/resources').send({
      organizationId: created.body.id,
      name: `Refuge ${randomBytes(3).toString('hex')}`,
      description: 'Safe rooms for women and their children.',
      categories: ['safety'],
      languages: ['hu'],
      phone: '+36 80 505 101',
      locations: [{ address: 'Secret utca 1', city: 'Budapest', postalCode: '1111', country: 'HU', lat: 47.5, lng: 19.05, confidential: true, timezone: 'Europe/Budapest', hours: [] }],
    });
    expect(refuge.status).toBe(201);
    const context = await newContext({ viewport: PHONE });
    const [name, value] = staff.cookie.split('=');
    await context.addCookies([{ name, value, domain: new URL(web.url).hostname, path: '/' }]);
    const page = await context.newPage();
    await page.goto(`${web.url}/resources/${refuge.body.id}`);
    await page.getByTestId('confidential').filter({ hasText: res('details.confidential') }).waitFor();
    expect(await page.getByTestId('confidential').innerText()).toContain(fill(res('details.contactByPhone'), { phone: '+36 80 505 101' }));
    expect(await page.content()).not.toContain('Secret utca');
    expect(await page.getByRole('link', { name: res('details.openInMapApp') }).count()).toBe(0);

    // Its own staff edit the place, address included; the page is never cached.
    const editor = await page.goto(`${web.url}/resources/${refuge.body.id}/edit`);
    expect(editor?.headers()['cache-control']).toBe('no-store');
    await waitForHydration(page);
    expect(await page.getByTestId('locations-locked').count()).toBe(0);
    expect(await page.getByLabel(res('form.address'), { exact: true }).inputValue()).toBe('Secret utca 1');
    await expectAccessible(page);
    await page.getByLabel(res('form.name'), { exact: true }).fill('Refuge, renamed');
    await page.getByLabel(res('form.address'), { exact: true }).fill('Secret utca 2');
    await Promise.all([page.waitForURL(/\?saved=1/), page.getByRole('button', { name: res('form.submitEdit') }).click()]);
    await page.getByRole('heading', { level: 1, name: 'Refuge, renamed' }).waitFor();
    // The page as served (not the editor this browser had open before) still never carries it.
    await page.goto(`${web.url}/resources/${refuge.body.id}`);
    expect(await page.content()).not.toContain('Secret utca');
    const stored = await api.sql<{ address: string; confidential: boolean }>('SELECT address, confidential FROM resource_locations WHERE resource_id = $1', [refuge.body.id]);
    expect(stored).toEqual([{ address: 'Secret utca 2', confidential: true }]);

    // A platform admin outside the organisation manages the rest, but never sees where it is.
    const admin = await registerUser(api.url);
    await api.sql(`UPDATE users SET roles = '{member,admin}' WHERE id = $1`, [admin.user.id]);
    const adminContext = await newContext({ viewport: PHONE });
    const [adminCookie, adminValue] = admin.cookie.split('=');
    await adminContext.addCookies([{ name: adminCookie, value: adminValue, domain: new URL(web.url).hostname, path: '/' }]);
    const adminPage = await adminContext.newPage();
    await adminPage.goto(`${web.url}/resources/${refuge.body.id}/edit`);
    await waitForHydration(adminPage);
    await adminPage.getByTestId('locations-locked').waitFor();
    expect(await adminPage.content()).not.toContain('Secret utca');
    await adminPage.getByLabel(res('form.name'), { exact: true }).fill('Refuge');
    await Promise.all([adminPage.waitForURL(/\?saved=1/), adminPage.getByRole('button', { name: res('form.submitEdit') }).click()]);
    // The place is still there, still confidential, with its address kept on the server.
    const kept = await api.sql<{ address: string }>('SELECT address FROM resource_locations WHERE resource_id = $1', [refuge.body.id]);
    expect(kept.map((row) => row.address)).toEqual(['Secret utca 2']);
  }, 90_000);

  it('the worker adds the shelter\'s name and description in Hungarian; a Hungarian reader gets them', async () => {
    const context = await newContext({ viewport: PHONE });
    // The worker signed out above: a fresh session of theirs, in the editor.
    const again = await worker.context().cookies();
    expect(again.find((c) => c.name === 'sid')).toBeUndefined();
    const login = await request(api.url).post('/api/auth/login').send({ username: workerName, password: workerPassword }).expect(200);
    const sid = String(login.headers['set-cookie']).match(/sid=([^;]+)/)![1]!;
    await context.addCookies([{ name: 'sid', value: sid, domain: new URL(web.url).hostname, path: '/' }]);
    const page = await context.newPage();
    await page.goto(`${web.url}${resourcePath}/edit`);
    await waitForHydration(page);
    const hungarian = page.getByTestId('translation-hu');
    await hungarian.locator('summary').click();
    // Each translated field's label names its language, so the form's own fields stay unambiguous.
    // (It keeps the shelter's name in it, so the Hungarian pages below still find it by that.)
    await hungarian.getByLabel(`${res('form.name')} (`).fill(`${shelterName} – éjjeli menedékhely`);
    await hungarian.getByLabel(`${res('form.description')} (`).fill('Ágy, zuhany és tea éjszakára. Előzetes bejelentkezés nélkül.');
    await expectAccessible(page);
    await screenshot(page, 'resource-editor-translations-en');
    await Promise.all([page.waitForURL(/\?saved=1/), page.getByRole('button', { name: res('form.submitEdit') }).click()]);
    // The editor shows the texts as written, not the reader's translation (the worker reads Hungarian now).
    await setLocale(workerName, 'hu');
    await page.goto(`${web.url}${resourcePath}/edit`);
    await waitForHydration(page);
    expect(await page.getByLabel(res('form.name', 'hu'), { exact: true }).first().inputValue()).toBe(shelterName);
    expect(await page.getByTestId('translation-hu').getAttribute('open')).not.toBeNull();
    await page.getByTestId('translation-hu').scrollIntoViewIfNeeded();
    await screenshot(page, 'resource-editor-translations-hu');
    await page.goto(`${web.url}${resourcePath}`);
    await page.getByRole('heading', { level: 1, name: `${shelterName} – éjjeli menedékhely` }).waitFor();
    await setLocale(workerName, 'en');
  }, 60_000);

  it('the worker posts a public event for the organisation, picked from "my organisations"; its page shows the organisation as verified', async () => {
    const context = await newContext({ viewport: PHONE });
    const login = await request(api.url).post('/api/auth/login').send({ username: workerName, password: workerPassword }).expect(200);
    const sid = String(login.headers['set-cookie']).match(/sid=([^;]+)/)![1]!;
    await context.addCookies([{ name: 'sid', value: sid, domain: new URL(web.url).hostname, path: '/' }]);
    const page = await context.newPage();
    const ev = (key: string, lang = 'en') => t(lang, 'events', key);
    for (const lang of ['hu', 'en']) {
      await setLocale(workerName, lang);
      await page.goto(`${web.url}/events/new`);
      await waitForHydration(page);
      // No space of theirs: a public event, for their (only) organisation.
      expect(await page.getByLabel(ev('form.fields.space', lang), { exact: true }).inputValue()).toBe('public');
      const picker = page.getByLabel(ev('form.fields.organization', lang), { exact: true });
      expect(await picker.locator('option').allInnerTexts()).toEqual([orgName]);
      await expectAccessible(page);
      await expectNoSidewaysScroll(page);
      await picker.scrollIntoViewIfNeeded();
      await screenshot(page, `event-form-organisation-${lang}`);
    }
    await page.getByLabel(ev('form.fields.title'), { exact: true }).fill('Open evening at the shelter');
    await Promise.all([page.waitForURL(/\/events\/[0-9a-f-]{36}\?saved=1/), page.getByRole('button', { name: ev('form.submitNew') }).click()]);
    const organizer = page.locator('.event__organizer');
    expect(await organizer.innerText()).toContain(fill(ev('details.organizer'), { name: orgName }));
    expect(await organizer.getByTestId('verified-mark').innerText()).toContain(org('mark.verified'));
    await expectAccessible(page);
  }, 90_000);

  describe('someone looking for a bed, on a 360 px phone', () => {
    let context: BrowserContext;
    let page: Page;

    beforeAll(async () => {
      // No HTTP cache: what opens offline below must come from the service worker.
      context = await newContext({ viewport: PHONE, timezoneId: 'Europe/Budapest' }, { httpCache: false });
      page = await context.newPage();
    });

    it('finds it open at 02:00 with the open-now filter, and closed at 14:00', async () => {
      const search = (at: string) => `${web.url}/resources?${new URLSearchParams({ category: 'emergency-shelter', openNow: 'true', q: shelterName, at })}`;
      await page.goto(search(AT_2AM));
      await waitForHydration(page);
      const card = page.getByTestId('resource-card').filter({ hasText: shelterName });
      await card.waitFor();
      const badge = card.getByTestId('open-now');
      expect(await badge.getAttribute('data-state')).toBe('open');
      expect(await badge.innerText()).toBe(fill(res('badge.openUntil'), { time: '08:00' }));
      expect(await card.getByTestId('verified-mark').innerText()).toContain(org('mark.verified'));
      await expectAccessible(page);
      await expectNoSidewaysScroll(page);
      await screenshot(page, 'resources-list-en');

      // Forty minutes before closing, the minutes count.
      await page.goto(search(AT_7_20));
      expect(await page.getByTestId('resource-card').filter({ hasText: shelterName }).getByTestId('open-now').innerText()).toBe(
        fill(res('badge.closesIn_other'), { count: '40' }),
      );

      // The filter and the badge agree: at 14:00 it is not among the open ones…
      await page.goto(search(AT_2PM));
      await page.getByText(res('list.empty')).waitFor();
      // …and without the filter it shows when it opens.
      await page.goto(`${web.url}/resources?${new URLSearchParams({ q: shelterName, at: AT_2PM })}`);
      const closed = page.getByTestId('resource-card').filter({ hasText: shelterName }).getByTestId('open-now');
      expect(await closed.getAttribute('data-state')).toBe('closed');
      expect(await closed.innerText()).toBe(fill(res('badge.opensToday'), { time: '20:00' }));
    }, 60_000);

    it('the GET search form works without JavaScript', async () => {
      const noScript = await newContext({ viewport: PHONE, javaScriptEnabled: false });
      const plain = await noScript.newPage();
      await plain.goto(`${web.url}/resources`);
      await plain.getByRole('searchbox', { name: res('list.searchLabel') }).fill(shelterName);
      await plain.locator('label[for="category-emergency-shelter"]').click();
      await Promise.all([plain.waitForURL(/category=emergency-shelter/), plain.locator('#resource-search').getByRole('button', { name: res('list.search'), exact: true }).click()]);
      await plain.getByTestId('resource-card').filter({ hasText: shelterName }).waitFor();
      expect(new URL(plain.url()).searchParams.get('q')).toBe(shelterName);
      await noScript.close();
    }, 30_000);

    it('a list carries what its cards show, not each result\'s description or phone', async () => {
      // The page data a navigation fetches (and the HTML embeds): on a slow link every byte counts.
      for (const list of [`/resources.data?${new URLSearchParams({ q: shelterName })}`, `${orgPath}.data`]) {
        const res = await fetch(`${web.url}${list}`);
        expect(res.status).toBe(200);
        const data = await res.text();
        expect(data).toContain(shelterName);
        expect(data).toContain('Dankó utca 16');
        expect(data).not.toContain('Beds, a shower and tea');
        expect(data).not.toContain('555 0100');
      }
    }, 30_000);

    it('"use my location" sends the position rounded to about 100 m, and finds the shelter with its distance', async () => {
      const located = await newContext({
        viewport: PHONE,
        permissions: ['geolocation'],
        geolocation: { latitude: 47.4961837, longitude: 19.0712914, accuracy: 5 },
      });
      const here = await located.newPage();
      const asked: string[] = [];
      here.on('request', (request) => asked.push(request.url()));
      await here.goto(`${web.url}/resources?${new URLSearchParams({ q: shelterName })}`);
      await waitForHydration(here);
      await Promise.all([here.waitForURL(/near=/), here.getByRole('button', { name: res('list.useLocation') }).click()]);
      expect(new URL(here.url()).searchParams.get('near')).toBe('47.496,19.071');
      // The exact position went nowhere: not in any address the browser asked for.
      expect(asked.filter((url) => url.includes('4961837') || url.includes('0712914'))).toEqual([]);
      // The new results (nearest first, with their distance) replace the old ones.
      const distance = here.getByTestId('resource-card').filter({ hasText: shelterName }).locator('.resource-card__distance');
      await distance.waitFor();
      expect(await distance.innerText()).toMatch(/^0\.\d km away$/);
    }, 60_000);

    it('opens the shelter: a phone number that dials, directions without a map, and saves it to the list', async () => {
      await page.goto(`${web.url}${resourcePath}?${new URLSearchParams({ at: AT_2AM })}`);
      await waitForHydration(page);
      await page.getByRole('heading', { level: 1, name: shelterName }).waitFor();
      expect(await page.getByRole('link', { name: fill(res('details.call'), { phone: '+36 1 555 0100' }) }).getAttribute('href')).toBe('tel:+3615550100');
      expect(await page.getByTestId('freshness').innerText()).toContain(res('freshness.neverChecked'));
      // At 02:00 the badge on the page agrees with the list's.
      const badge = page.locator('.resource__now').getByTestId('open-now');
      expect(await badge.getAttribute('data-state')).toBe('open');
      expect(await badge.innerText()).toBe(fill(res('badge.openUntil'), { time: '08:00' }));
      // Directions are links with the coordinates only: no map is loaded from anywhere.
      expect(await page.getByRole('link', { name: res('details.openInMapApp') }).getAttribute('href')).toBe('geo:47.49530,19.07920');
      await expectAccessible(page);
      await expectNoSidewaysScroll(page);
      await screenshot(page, 'resource-page-en');

      await page.getByTestId('save-to-list').click();
      await page.getByRole('button', { name: new RegExp(res('myList.saved')) }).waitFor();
      const stored = await page.evaluate(() => window.localStorage.getItem('sorstars:my-list'));
      expect(JSON.parse(stored ?? '[]')).toEqual([resourcePath.split('/').pop()]);
    }, 60_000);

    it('my list shows it with a QR code, prints on A4 and shares as a link', async () => {
      await page.goto(`${web.url}/resources/my-list`);
      await waitForHydration(page);
      // The page puts the saved ids in its address, so it can be shared and kept offline.
      await page.waitForURL(/\/resources\/my-list\?ids=[0-9a-f-]{36}$/);
      const item = page.getByTestId('my-list-item').filter({ hasText: shelterName });
      await item.waitFor();
      expect(await item.locator('svg').count()).toBe(1);
      expect(await item.innerText()).toContain('Dankó utca 16');
      expect(await page.getByLabel(res('myList.shareLabel')).inputValue()).toMatch(/\/resources\/my-list\?ids=[0-9a-f-]{36}&shared=1$/);
      await expectAccessible(page);
      await expectNoSidewaysScroll(page);
      await screenshot(page, 'my-list-en');

      // The print stylesheet leaves only the list: no header, no buttons.
      await page.emulateMedia({ media: 'print' });
      expect(await page.locator('.site-header').isVisible()).toBe(false);
      expect(await page.getByRole('button', { name: res('myList.print') }).isVisible()).toBe(false);
      expect(await item.locator('svg').isVisible()).toBe(true);
      await screenshot(page, 'my-list-print');
      const pdf = await page.pdf({ format: 'A4' });
      expect(pdf.subarray(0, 5).toString('latin1')).toBe('%PDF-');
      const pdfFile = reviewFile('my-list.pdf');
      if (pdfFile) fs.writeFileSync(pdfFile, pdf);
      await page.emulateMedia({ media: 'screen' });
    }, 60_000);

    it('"Get help now" lists it under somewhere to sleep tonight, next to the crisis lines', async () => {
      await page.goto(`${web.url}/help?${new URLSearchParams({ city: 'Budapest', at: AT_2AM })}`);
      await waitForHydration(page);
      const sleep = page.getByTestId('sleep-tonight');
      await sleep.getByRole('heading', { name: res('sleep.title') }).waitFor();
      await sleep.getByTestId('resource-card').filter({ hasText: shelterName }).waitFor();
      expect(await page.getByTestId('crisis-resources').count()).toBeGreaterThan(0);
      await expectAccessible(page);
      await expectNoSidewaysScroll(page);
      await screenshot(page, 'help-en');
      // At 14:00 the shelter is closed, so it is not offered for tonight's bed.
      await page.goto(`${web.url}/help?${new URLSearchParams({ city: 'Budapest', at: AT_2PM })}`);
      await page.getByTestId('sleep-tonight').getByRole('heading', { name: res('sleep.title') }).waitFor();
      expect(await page.getByTestId('sleep-tonight').getByTestId('resource-card').filter({ hasText: shelterName }).count()).toBe(0);
    }, 60_000);

    it('reads the same pages in Hungarian, with nothing sticking out at 360 px', async () => {
      const hu = await newContext({ viewport: PHONE, timezoneId: 'Europe/Budapest' });
      await withLanguage(hu, 'hu');
      const huPage = await hu.newPage();
      await huPage.goto(`${web.url}/resources?${new URLSearchParams({ q: shelterName, at: AT_2AM })}`);
      await waitForHydration(huPage);
      await huPage.getByRole('heading', { level: 1, name: res('list.title', 'hu') }).waitFor();
      const badge = huPage.getByTestId('resource-card').filter({ hasText: shelterName }).getByTestId('open-now');
      expect(await badge.innerText()).toBe(fill(res('badge.openUntil', 'hu'), { time: '08:00' }));
      await expectAccessible(huPage);
      await expectNoSidewaysScroll(huPage);
      await screenshot(huPage, 'resources-list-hu');
      for (const [name, url] of [
        ['resource-page-hu', `${resourcePath}?${new URLSearchParams({ at: AT_2AM })}`],
        ['help-hu', `/help?${new URLSearchParams({ city: 'Budapest', at: AT_2AM })}`],
        ['organization-hu', orgPath],
        ['my-list-hu', `/resources/my-list?ids=${resourcePath.split('/').pop()}&shared=1`],
      ] as const) {
        await huPage.goto(`${web.url}${url}`);
        await waitForHydration(huPage);
        await expectAccessible(huPage);
        await expectNoSidewaysScroll(huPage);
        await screenshot(huPage, name);
      }
      // A shared list offers to save it rather than silently replacing one's own.
      await huPage.getByRole('button', { name: res('myList.saveAll', 'hu') }).waitFor();
    }, 90_000);

    it('quick exit forgets the saved list and every copy kept for offline reading', async () => {
      const other = await newContext({ viewport: PHONE }, { neutralSite: true, httpCache: false });
      const visitor = await other.newPage();
      await visitor.goto(`${web.url}${resourcePath}`);
      await waitForHydration(visitor);
      await visitor.waitForFunction(() => navigator.serviceWorker.controller !== null, undefined, { timeout: 15_000 });
      await visitor.getByTestId('save-to-list').click();
      await visitor.reload();
      await waitForHydration(visitor);
      // Before: the page is kept for offline reading and the list is saved.
      const before = await keptOffline(visitor);
      expect(before.pages).toBeGreaterThan(0);
      expect(before.list).not.toBeNull();

      await visitor.getByTestId('quick-exit').click();
      await visitor.waitForURL((url) => !url.href.startsWith(web.url));
      await visitor.goto(`${web.url}/resources`);
      await waitForHydration(visitor);
      await forgotten(visitor, true);
      expect((await keptOffline(visitor)).list).toBeNull();
    }, 60_000);

    it('with the network switched off, the list and the shelter page still open, saying when they were fetched', async () => {
      const listUrl = `${web.url}/resources/my-list?ids=${resourcePath.split('/').pop()}`;
      await page.goto(listUrl);
      // The service worker has taken over the directory's pages; from now on they go through it.
      await page.waitForFunction(() => navigator.serviceWorker.controller !== null, undefined, { timeout: 15_000 });
      await page.goto(listUrl);
      await page.getByTestId('my-list-item').filter({ hasText: shelterName }).waitFor();
      await page.goto(`${web.url}${resourcePath}`);
      await page.getByRole('heading', { level: 1, name: shelterName }).waitFor();

      await context.setOffline(true);
      // And the server itself is gone: whatever shows now comes from this phone.
      await web.stop();

      await page.goto(listUrl);
      await page.getByTestId('my-list-item').filter({ hasText: shelterName }).waitFor();
      await page.getByTestId('offline-note').waitFor();
      await page.goto(`${web.url}${resourcePath}`);
      await page.getByRole('heading', { level: 1, name: shelterName }).waitFor();
      expect(await page.getByTestId('offline-note').innerText()).toContain(res('offline.savedCopy').split('{{date}}')[0]);
      expect(await page.getByRole('link', { name: fill(res('details.call'), { phone: '+36 1 555 0100' }) }).count()).toBe(1);
    }, 90_000);
  });

  it('an HSDS client reads the shelter through /api/hsds, valid against the official 3.1 schemas, its hours across midnight in Europe/Budapest', async () => {
    const id = resourcePath.split('/').pop();
    const res = await request(api.url).get(`/api/hsds/services/${id}`).expect(200);
    expect(res.headers['access-control-allow-origin']).toBe('*');
    await expectValidHsds('service', res.body);
    expect(res.body.name).toBe(shelterName);
    expect(res.body.organization).toMatchObject({ name: orgName });
    const schedules = res.body.service_at_locations.flatMap((sal: { schedules?: unknown[] }) => sal.schedules ?? []);
    expect(schedules).toContainEqual(expect.objectContaining({ opens_at: '20:00', closes_at: '08:00', x_timezone: 'Europe/Budapest' }));
  }, 30_000);
});
