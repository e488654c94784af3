import { randomUUID } from 'node:crypto';
import { type Browser, type Page } from 'playwright-core';
import { expectAccessible, isolatedContext, startBrowserStack, type BrowserStack } from '../support/browser.js';
import type { TestWeb } from '../support/web-server.js';
import { registerUser, type RegisteredUser } from '../support/users.js';
import { resourceBody } from '../support/directory.js';
import { screenshot, t, waitForHydration } from './pages.js';

/**
 * Search in the web: the header box works without JavaScript and fits a 360 px screen, the
 * results page has type tabs with counts, suggestions appear as you type, and a message found
 * from a space's own search box opens in the space with the message in view.
 */
let stack: BrowserStack;
let web: TestWeb;
let browser: Browser;
let member: RegisteredUser;
let space: { id: string; slug: string };
let messageId: string;
let magyar: RegisteredUser;
let organizationId: string;
let resourceId: string;
const c = (key: string) => t('en', 'common', key);

beforeAll(async () => {
  stack = await startBrowserStack();
  ({ web, browser } = stack);
  member = await registerUser(stack.api.url);
  space = (await member.agent.post('/api/spaces').send({ name: 'Szállás kör', description: 'Lakhatás', visibility: 'private', language: 'hu' }).expect(201)).body;
  messageId = (await member.agent.post(`/api/spaces/${space.id}/messages`).send({ clientId: randomUUID(), body: 'Találtam szállást a belvárosban!' }).expect(201)).body.message.id;
  const doc = { type: 'doc', content: [{ type: 'paragraph', content: [{ type: 'text', text: 'Két hónap után lett szállásom.' }] }] };
  await member.agent.post('/api/stories').send({ title: 'A szállás története', content: doc, contentWarnings: [], visibility: 'public', language: 'hu', status: 'published' }).expect(201);
  organizationId = (await member.agent.post('/api/organizations').send({ name: 'Menedék Egyesület', description: 'Szállást és tanácsot adunk.', languages: ['hu'] }).expect(201)).body.id;
  resourceId = (await member.agent.post('/api/resources').send(resourceBody(organizationId, { name: 'Éjjeli szállás a Dankó utcában', description: 'Ágy, meleg tea és zuhany.' })).expect(201)).body.id;
  magyar = await registerUser(stack.api.url, { locale: 'hu' });
}, 240_000);
afterAll(() => stack?.stop());

async function signedInPage(options: { javaScriptEnabled?: boolean; viewport?: { width: number; height: number } } = {}): Promise<Page> {
  const context = await isolatedContext(browser, options);
  const [name, value] = member.cookie.split('=');
  await context.addCookies([{ name, value, domain: new URL(web.url).hostname, path: '/' }]);
  return context.newPage();
}

describe('search in the web', () => {
  it('the header search works without JavaScript and shows tabs with counts', async () => {
    const page = await signedInPage({ javaScriptEnabled: false });
    await page.goto(`${web.url}/stories`);
    await page.getByRole('search').first().getByLabel(c('search.label')).fill('szallas');
    await page.getByRole('search').first().getByRole('button', { name: c('search.button') }).click();
    await page.waitForURL(/\/search\?q=szallas/);
    await page.getByTestId('search-results').waitFor();
    expect(await page.getByTestId('search-hit').count()).toBeGreaterThanOrEqual(2);
    expect(await page.getByTestId('search-tab-story').textContent()).toContain('(1)');
    expect(await page.getByTestId('search-tab-message').textContent()).toContain('(1)');
    expect(await page.getByTestId('search-tab-resource').textContent()).toContain('(1)');
    expect(await page.getByTestId('search-tab-organization').textContent()).toContain('(1)');
    expect(await page.locator('.search-hit mark').count()).toBeGreaterThan(0);
    await page.context().close();
  }, 60_000);

  it('is axe-clean and fits a 360 px screen', async () => {
    const page = await signedInPage({ viewport: { width: 360, height: 740 } });
    await page.goto(`${web.url}/search?q=sz%C3%A1ll%C3%A1s`);
    await waitForHydration(page);
    await expectAccessible(page);
    const overflow = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
    expect(overflow).toBeLessThanOrEqual(0);
    await page.context().close();
  }, 60_000);

  it('suggests matches while typing, after three characters', async () => {
    const page = await signedInPage();
    await page.goto(`${web.url}/`);
    await waitForHydration(page);
    await page.getByTestId('header-search').pressSequentially('szal', { delay: 30 });
    const list = page.getByTestId('search-suggestions');
    await list.waitFor();
    expect(await list.getByRole('link').count()).toBeGreaterThan(0);
    await page.context().close();
  }, 60_000);

  it('offline, typing in the header search leaves the page as it was; back online it suggests again', async () => {
    const page = await signedInPage();
    await page.goto(`${web.url}/spaces`);
    await waitForHydration(page);
    const heading = await page.getByRole('heading', { level: 1 }).innerText();
    await page.context().setOffline(true);
    const box = page.getByTestId('header-search');
    await box.pressSequentially('szal', { delay: 30 });
    // The suggestions wait a quarter of a second after the last key; give them time to fail.
    await page.waitForTimeout(1_500);
    expect(await page.getByText(c('error.title')).count()).toBe(0);
    await expect(page.getByRole('heading', { level: 1 }).innerText()).resolves.toBe(heading);
    expect(await page.getByTestId('search-suggestions').count()).toBe(0);

    await page.context().setOffline(false);
    await box.pressSequentially('a', { delay: 30 });
    await page.getByTestId('search-suggestions').getByRole('link').first().waitFor();
    await page.context().close();
  }, 60_000);

  it('a space search finds a message and opens it in the space', async () => {
    const page = await signedInPage();
    await page.goto(`${web.url}/spaces/${space.slug}`);
    await waitForHydration(page);
    await page.getByTestId('space-search').fill('szalast');
    await page.getByTestId('space-search').press('Enter');
    await page.waitForURL(/\/search\?/);
    const hit = page.getByTestId('search-hit').first();
    await hit.getByRole('link').click();
    await page.waitForURL(new RegExp(`/spaces/${space.slug}\\?message=${messageId}`));
    await page.locator(`#message-${messageId}`).waitFor();
    await page.context().close();
  }, 60_000);

  it.each(['en', 'hu'])('the directory tabs list a resource and an organisation and link to their pages (%s, 360 px)', async (lang) => {
    const who = lang === 'hu' ? magyar : member;
    const context = await isolatedContext(browser, { viewport: { width: 360, height: 740 } });
    const [name, value] = who.cookie.split('=');
    await context.addCookies([{ name, value, domain: new URL(web.url).hostname, path: '/' }]);
    const page = await context.newPage();
    await page.goto(`${web.url}/search?q=szallas&type=resource`);
    await waitForHydration(page);
    expect(await page.getByTestId('search-tab-resource').textContent()).toContain(t(lang, 'common', 'search.types.resource'));
    await screenshot(page, `search-directory-${lang}`);
    await expectAccessible(page);
    expect(await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth)).toBeLessThanOrEqual(0);
    await page.getByTestId('search-hit').first().getByRole('link').click();
    await page.waitForURL(new RegExp(`/resources/${resourceId}$`));
    await page.goto(`${web.url}/search?q=menedek&type=organization`);
    await page.getByTestId('search-hit').first().getByRole('link').click();
    await page.waitForURL(new RegExp(`/organizations/${organizationId}$`));
    await page.getByRole('heading', { name: 'Menedék Egyesület' }).first().waitFor();
    await context.close();
  }, 90_000);
});
