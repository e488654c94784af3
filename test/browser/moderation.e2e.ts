import { randomBytes, randomUUID } from 'node:crypto';
import { type Browser, type BrowserContext, type Page } from 'playwright-core';
import type { TestApi } from '../support/api-server.js';
import { expectAccessible, isolatedContext, startBrowserStack, type BrowserStack } from '../support/browser.js';
import type { TestWeb } from '../support/web-server.js';
import { registerUser, type RegisteredUser } from '../support/users.js';
import { submit, t, waitForHydration } from './pages.js';

const mod = (key: string) => t('en', 'moderation', key);

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

/** A browser for one person, signed in with their API session; nothing leaves the test servers. */
async function signedIn(person: RegisteredUser, options: Parameters<Browser['newContext']>[0] = {}): Promise<Page> {
  const context = await isolatedContext(browser, options);
  contexts.push(context);
  const [name, value] = person.cookie.split('=');
  await context.addCookies([{ name, value, domain: new URL(web.url).hostname, path: '/' }]);
  return context.newPage();
}

describe('moderation in the open, in the browser', () => {
  let host: RegisteredUser;
  let moderator: RegisteredUser;
  let author: RegisteredUser;
  let reporter: RegisteredUser;
  let space: { id: string; slug: string };
  const text = `Here is where she lives, come find her ${randomBytes(3).toString('hex')}`;
  const reason = 'Sharing where someone lives puts them at risk.';

  beforeAll(async () => {
    [host, moderator, author, reporter] = await Promise.all([
      registerUser(api.url, { displayName: 'Host Hanna' }),
      registerUser(api.url, { displayName: 'Mod Mikko' }),
      registerUser(api.url, { displayName: 'Author Aron' }),
      registerUser(api.url, { displayName: 'Reporter Rita' }),
    ]);
    const created = await host.agent.post('/api/spaces').send({
      name: `Night shelter talk ${randomBytes(3).toString('hex')}`,
      description: 'Sharing tips about places to sleep.',
      visibility: 'public',
      guidelines: 'Keep other people’s whereabouts private.',
    });
    expect(created.status).toBe(201);
    space = { id: created.body.id, slug: created.body.slug };
    for (const person of [moderator, author, reporter]) {
      const joined = await person.agent.post(`/api/spaces/${space.id}/join`).send({ acceptGuidelines: true });
      expect(joined.status).toBeLessThan(300);
    }
    const promoted = await host.agent.patch(`/api/spaces/${space.id}/members/${moderator.user.id}`).send({ role: 'moderator' });
    expect(promoted.status).toBeLessThan(300);
    const posted = await author.agent.post(`/api/spaces/${space.id}/messages`).send({ clientId: randomUUID(), body: text });
    expect(posted.status).toBeLessThan(300);
  }, 60_000);

  it('"Get help now" is one step from any page and lists crisis lines with tap-to-call numbers', async () => {
    const page = await signedIn(reporter, { viewport: { width: 320, height: 720 } });
    await page.goto(`${web.url}/spaces`);
    await page.getByTestId('help-now').click();
    await page.getByRole('heading', { level: 1, name: mod('help.title') }).waitFor();
    expect(await page.locator('a[href="tel:112"]').count()).toBeGreaterThan(0);
    await page.getByLabel(mod('help.countryLabel')).selectOption('hu');
    await page.getByRole('button', { name: mod('help.countrySubmit') }).click();
    await page.getByRole('heading', { name: t('en', 'moderation', 'help.localTitle').replace('{{country}}', mod('countries.hu')) }).waitFor();
    await expectAccessible(page);
  }, 30_000);

  it('a member reports a message through its menu, with a calm confirmation', async () => {
    const page = await signedIn(reporter);
    await page.goto(`${web.url}/spaces/${space.slug}`);
    await waitForHydration(page);
    // Marks this page: the report page opens within it, with no page load (which would lose the mark).
    await page.evaluate(() => Object.assign(window, { stayedOnPage: true }));
    const message = page.getByTestId('message').filter({ hasText: text });
    await message.locator('summary', { hasText: t('en', 'chat', 'menu.open') }).click();
    await message.getByRole('link', { name: mod('reportLink.message') }).click();
    await page.getByRole('heading', { level: 1, name: mod('report.title') }).waitFor();
    expect(await page.evaluate(() => (window as unknown as { stayedOnPage?: boolean }).stayedOnPage)).toBe(true);
    // The page shows what is being reported and whose words they are.
    await page.getByTestId('reported-thing').getByText(text).waitFor();
    await page.getByTestId('reported-thing').getByText(mod('item.writtenBy').replace('{{name}}', author.user.username)).waitFor();
    await expectAccessible(page);
    await page.getByLabel(mod('reasons.private_info')).check();
    await page.getByLabel(mod('report.noteLabel')).fill('It names the street she sleeps on.');
    await submit(page, page.getByRole('button', { name: mod('report.submit') }));
    expect(await page.getByTestId('report-sent').innerText()).toBe(mod('report.sentTitle'));
  }, 30_000);

  it('the moderator removes it from the review queue, with a reason', async () => {
    const page = await signedIn(moderator);
    await page.goto(`${web.url}/moderation`);
    await waitForHydration(page);
    await page.getByRole('heading', { level: 1, name: mod('queue.title') }).waitFor();
    const item = page.getByTestId('review-item').filter({ hasText: text });
    await item.waitFor();
    // Moderators see what was reported and why, never who reported it.
    expect(await item.innerText()).toContain(mod('reasons.private_info'));
    expect(await page.locator('main').innerText()).not.toContain(reporter.user.username);
    await expectAccessible(page);
    await item.getByLabel(mod('item.actionLabel')).selectOption('remove');
    await item.getByLabel(mod('item.noteLabel')).fill(reason);
    await item.getByLabel(mod('item.guidelineLabel')).fill('Keep other people’s whereabouts private');
    await submit(page, item.getByRole('button', { name: mod('item.submit') }));
    await page.getByTestId('moderation-done').waitFor();
    // Dealt with: it leaves the list of things waiting.
    await page.getByTestId('review-item').filter({ hasText: text }).waitFor({ state: 'detached' });
  }, 30_000);

  it('the author sees a tombstone with the reason and a way to appeal; others see only the tombstone', async () => {
    const authorPage = await signedIn(author);
    await authorPage.goto(`${web.url}/spaces/${space.slug}`);
    const own = authorPage.getByTestId('message').filter({ hasText: text });
    const notice = own.getByTestId('moderation-notice');
    expect(await notice.getAttribute('data-state')).toBe('removed');
    expect(await notice.innerText()).toContain(mod('tombstone.removed'));
    expect(await notice.innerText()).toContain(reason);
    expect(await notice.getByRole('link', { name: mod('tombstone.appeal') }).count()).toBe(1);

    const readerPage = await signedIn(reporter);
    await readerPage.goto(`${web.url}/spaces/${space.slug}`);
    await readerPage.getByText(mod('tombstone.removed')).first().waitFor();
    expect(await readerPage.locator('main').innerText()).not.toContain(text);
  }, 30_000);

  it("the space's moderation log shows the removal and its reason, without the reporter's name", async () => {
    const page = await signedIn(reporter, { viewport: { width: 320, height: 720 } });
    await page.goto(`${web.url}/spaces/${space.slug}`);
    await page.getByRole('link', { name: mod('log.link') }).click();
    await page.getByRole('heading', { level: 1 }).waitFor();
    const entry = page.getByTestId('log-entry').filter({ hasText: mod('log.lines.remove').replace('{{target}}', mod('targets.message')) });
    expect(await entry.innerText()).toContain(reason);
    const whole = await page.locator('main').innerText();
    expect(whole).not.toContain(reporter.user.username);
    expect(whole).not.toContain('Reporter Rita');
    // The space did not choose to name its moderators.
    expect(whole).not.toContain(moderator.user.username);
  }, 30_000);
});

describe('a suspended person, signed out', () => {
  it('is pointed from the login form to an appeal, which works without JavaScript', async () => {
    const [admin, author, reporter] = await Promise.all([registerUser(api.url), registerUser(api.url), registerUser(api.url)]);
    await api.sql(`UPDATE users SET roles = '{member,admin}' WHERE id = $1`, [admin.user.id]);
    const reported = await reporter.agent.post('/api/reports').send({ targetType: 'user', targetId: author.user.id, reason: 'spam' });
    expect(reported.status).toBe(201);
    const resolved = await admin.agent
      .post(`/api/moderation/items/${reported.body.reviewItemId}/resolve`)
      .send({ action: 'suspend', note: 'Repeated advertising after two warnings.' });
    expect(resolved.status).toBe(200);

    const context = await isolatedContext(browser, { javaScriptEnabled: false });
    contexts.push(context);
    const page = await context.newPage();
    await page.goto(`${web.url}/login`);
    await page.getByLabel(t('en', 'accounts', 'fields.username')).fill(author.user.username);
    await page.getByLabel(t('en', 'accounts', 'fields.password')).fill(author.password);
    await submit(page, page.getByRole('button', { name: t('en', 'accounts', 'login.submit') }));
    await page.getByRole('link', { name: t('en', 'accounts', 'login.appealSuspension') }).click();
    await page.getByRole('heading', { level: 1, name: mod('suspensionAppeal.title') }).waitFor();

    await page.getByLabel(t('en', 'accounts', 'fields.username')).fill(author.user.username);
    await page.getByLabel(t('en', 'accounts', 'fields.password')).fill(author.password);
    await page.getByLabel(mod('suspensionAppeal.note')).fill('I was selling my own bike to pay the rent.');
    await submit(page, page.getByRole('button', { name: mod('suspensionAppeal.submit') }));
    await page.getByRole('heading', { level: 1, name: mod('suspensionAppeal.sentTitle') }).waitFor();
    const [{ n }] = await api.sql<{ n: number }>(`SELECT count(*)::int AS n FROM appeals WHERE user_id = $1`, [author.user.id]);
    expect(n).toBe(1);

    // axe runs script in the page, so it checks the appeal page in a context with JavaScript.
    const withScript = await isolatedContext(browser);
    contexts.push(withScript);
    const checked = await withScript.newPage();
    await checked.goto(`${web.url}/appeal-suspension`);
    await expectAccessible(checked);
  }, 60_000);
});
