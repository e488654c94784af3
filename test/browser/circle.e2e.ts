import { type Browser, type BrowserContext, type Page } from 'playwright-core';
import type { TestApi } from '../support/api-server.js';
import { expectAccessible, isolatedContext, PHONE, phonePage, startBrowserStack, type BrowserStack } from '../support/browser.js';
import { createOrganization } from '../support/directory.js';
import type { TestWeb } from '../support/web-server.js';
import { registerUser } from '../support/users.js';
import { screenshot, submit, t } from './pages.js';

/**
 * On a 360 px phone, a mentor brings a case card to the circle: a phone number is refused with a
 * message that names the kind of detail (and does not repeat it), then a clean card posts.
 * English and Finnish, and Finnish once more without JavaScript: the form is a plain POST either
 * way (axe and screenshots need scripts, so they run in the JavaScript passes).
 */
const fill = (text: string, vars: Record<string, string>) => Object.entries(vars).reduce((s, [k, v]) => s.replace(`{{${k}}}`, v), text);

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

async function cookiePhone(cookie: string, javaScriptEnabled: boolean): Promise<Page> {
  const page = await phonePage(browser, web.url, cookie, { javaScriptEnabled });
  contexts.push(page.context());
  return page;
}

describe.each([
  ['en', true],
  ['fi', true],
  ['fi', false],
])("the mentors' circle on a 360 px phone (%s, JavaScript %s)", (lang, javaScriptEnabled) => {
  it('refuses a phone number by kind, then posts a clean card', async () => {
    const [coordinator, mentor, mentee] = await Promise.all([
      registerUser(api.url, { locale: lang }),
      registerUser(api.url, { locale: lang, displayName: 'Mentor Maija' }),
      registerUser(api.url, { locale: lang, displayName: 'Quiet Fox' }),
    ]);
    const org = await createOrganization(coordinator, `Kotiin ${lang} ${Date.now().toString(36)}`);
    await coordinator.agent.post(`/api/organizations/${org.id}/circle`).expect(200);
    await coordinator.agent.post(`/api/organizations/${org.id}/mentors`).send({ username: mentor.user.username }).expect(200);
    await mentor.agent.put('/api/mentoring/profile').send({ role: 'mentor', open: true }).expect(200);
    const asked = await mentee.agent.post('/api/mentoring/matches').send({ mentorId: mentor.user.id, intro: 'Hei' }).expect(201);
    await mentor.agent.post(`/api/mentoring/matches/${asked.body.id}/accept`).send({}).expect(200);
    await mentee.agent.put('/api/circle/permissions').send({ mentorId: mentor.user.id, allowed: true }).expect(200);

    const page = await cookiePhone(mentor.cookie, javaScriptEnabled);
    await page.goto(`${web.url}/organizations/${org.slug}/circle`);
    await page.getByRole('heading', { level: 1, name: fill(t(lang, 'circle', 'circle.title'), { organization: (await api.sql<{ name: string }>('SELECT name FROM organizations WHERE id = $1', [org.id]))[0].name }) }).waitFor();
    await page.getByText(t(lang, 'circle', 'cards.none')).waitFor();

    await page.getByLabel(t(lang, 'circle', 'post.alias'), { exact: true }).fill('R.');
    await page.getByLabel(t(lang, 'circle', 'post.body'), { exact: true }).fill('She misses meetings; her number is 040 123 4567 and she asked me to call.');
    await submit(page, page.getByRole('button', { name: t(lang, 'circle', 'post.submit') }));
    const refusal = t(lang, 'errors', 'validation.cardPhone');
    await page.locator('#card-body-error').getByText(refusal).waitFor();
    expect(await page.content()).not.toContain('040 123 4567</');
    expect(await api.sql('SELECT count(*)::int AS n FROM case_cards WHERE organization_id = $1', [org.id])).toEqual([{ n: 0 }]);
    if (javaScriptEnabled) {
      await expectAccessible(page);
      await screenshot(page, `circle-${lang}-refused`);
    }

    await page.getByLabel(t(lang, 'circle', 'post.body'), { exact: true }).fill('She misses meetings since the move and is afraid to say so. How do I bring it up gently?');
    await submit(page, page.getByRole('button', { name: t(lang, 'circle', 'post.submit') }));
    await page.getByText(t(lang, 'circle', 'post.posted')).waitFor();
    await page.getByRole('link', { name: fill(t(lang, 'circle', 'cards.open'), { alias: 'R.' }) }).waitFor();
    expect(await api.sql('SELECT count(*)::int AS n FROM case_cards WHERE organization_id = $1', [org.id])).toEqual([{ n: 1 }]);
    const width = await page.evaluate(() => document.documentElement.scrollWidth);
    expect(width).toBeLessThanOrEqual(PHONE.width);
    if (!javaScriptEnabled) return;
    await expectAccessible(page);
    await screenshot(page, `circle-${lang}-posted`);

    // The mentee's page: the permission and the card about them (not its text).
    const menteePage = await cookiePhone(mentee.cookie, true);
    await menteePage.goto(`${web.url}/account/circle`);
    await menteePage.getByText(t(lang, 'circle', 'mine.notDiscussedYet')).waitFor();
    expect(await menteePage.content()).not.toContain('afraid to say so');
    await expectAccessible(menteePage);
    await screenshot(menteePage, `circle-${lang}-mentee`);

    // The coordinator's page: mentors, numbers (all suppressed with one match), the log.
    const coordinatorPage = await cookiePhone(coordinator.cookie, true);
    await coordinatorPage.goto(`${web.url}/organizations/${org.slug}/mentoring`);
    await coordinatorPage.getByRole('table').getByText(t(lang, 'circle', 'numbers.suppressed')).first().waitFor();
    await expectAccessible(coordinatorPage);
    await screenshot(coordinatorPage, `circle-${lang}-coordination`);

    // The public page, no sign-in needed.
    const visitor = await (await isolatedContext(browser, { viewport: PHONE, locale: lang })).newPage();
    await visitor.goto(`${web.url}/coordinators`);
    await visitor.getByRole('heading', { level: 1, name: t(lang, 'circle', 'powers.title') }).waitFor();
    await expectAccessible(visitor);
    await screenshot(visitor, `circle-${lang}-coordinators`);
    await visitor.context().close();
  });
});
