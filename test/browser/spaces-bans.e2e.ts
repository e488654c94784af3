import { randomBytes } from 'node:crypto';
import { type Browser, type BrowserContext, type Page } from 'playwright-core';
import type { TestApi } from '../support/api-server.js';
import { expectAccessible, isolatedContext, startBrowserStack, type BrowserStack } from '../support/browser.js';
import type { TestWeb } from '../support/web-server.js';
import { registerUser, type RegisteredUser } from '../support/users.js';
import { submit, t } from './pages.js';

/**
 * The manage page: removing someone asks for how long they stay out; the "Removed people"
 * section shows them to the space's keepers, who can let them back.
 */
const sp = (key: string, vars: Record<string, string> = {}) =>
  Object.entries(vars).reduce((text, [k, v]) => text.replace(`{{${k}}}`, v), t('en', 'spaces', key));

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

async function signedIn(person: RegisteredUser): Promise<Page> {
  const context = await isolatedContext(browser, {});
  contexts.push(context);
  const [name, value] = person.cookie.split('=');
  await context.addCookies([{ name, value, domain: new URL(web.url).hostname, path: '/' }]);
  return context.newPage();
}

it('a host removes a member for a week, sees them under "Removed people" and lets them back', async () => {
  const [host, member] = await Promise.all([registerUser(api.url, { displayName: 'Host Hedda' }), registerUser(api.url, { displayName: 'Member Miro' })]);
  const space = (await host.agent.post('/api/spaces').send({ name: `Kitchen table ${randomBytes(3).toString('hex')}`, description: 'Peers', visibility: 'public' }).expect(201)).body;
  await member.agent.post(`/api/spaces/${space.id}/join`).send({ acceptGuidelines: true }).expect(200);

  const page = await signedIn(host);
  await page.goto(`${web.url}/spaces/${space.slug}/manage`);
  await page.getByText(sp('manage.noBans')).waitFor();
  await page.getByText(sp('manage.remove', { name: 'Member Miro' })).click();
  await page.getByLabel(sp('manage.banLength')).selectOption('week');
  await submit(page, page.getByRole('button', { name: sp('manage.removeConfirm') }));

  const bans = page.getByRole('region', { name: sp('manage.bansTitle') });
  await bans.getByText('Member Miro').waitFor();
  await bans.getByText(sp('manage.bannedUntil')).waitFor();
  await expectAccessible(page);
  const [{ until }] = await api.sql<{ until: Date }>('SELECT until FROM space_bans WHERE space_id = $1 AND user_id = $2', [space.id, member.user.id]);
  expect(Math.abs(new Date(until).getTime() - (Date.now() + 7 * 86_400_000))).toBeLessThan(120_000);
  expect((await member.agent.post(`/api/spaces/${space.id}/join`).send({ acceptGuidelines: true })).status).toBe(403);

  await submit(page, bans.getByRole('button', { name: sp('manage.liftBan') }));
  await bans.getByText(sp('manage.noBans')).waitFor();
  await member.agent.post(`/api/spaces/${space.id}/join`).send({ acceptGuidelines: true }).expect(200);
});
