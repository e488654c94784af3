import { type Browser, type BrowserContext, type Page } from 'playwright-core';
import type { TestApi } from '../support/api-server.js';
import { expectAccessible, PHONE, phonePage, startBrowserStack, type BrowserStack } from '../support/browser.js';
import { createOrganization, resourceBody } from '../support/directory.js';
import type { TestWeb } from '../support/web-server.js';
import { registerUser, type RegisteredUser } from '../support/users.js';
import { submit, t } from './pages.js';

/**
 * On a 360 px phone, an organisation's staff read the private feedback (no names), reach out with
 * care from a report (and see the decline afterwards, with no second button), a sole admin is told
 * on the delete page who takes over, a direct space's address leads its members to the
 * conversation, and a match's conversation offers "end" from its own answer. English and Danish,
 * and Danish once more without JavaScript (axe and the width check run in the JavaScript passes).
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

async function phone(who: RegisteredUser, javaScriptEnabled: boolean): Promise<Page> {
  const page = await phonePage(browser, web.url, who.cookie, { javaScriptEnabled });
  contexts.push(page.context());
  return page;
}

async function checkPage(page: Page, javaScriptEnabled: boolean) {
  if (!javaScriptEnabled) return;
  await expectAccessible(page);
  expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(PHONE.width);
}

describe.each([
  ['en', true],
  ['da', true],
  ['da', false],
])('mentoring for organisations on a 360 px phone (%s, JavaScript %s)', (lang, javaScriptEnabled) => {
  it('staff read the feedback without names, and reach out with care from a report until the person declines', async () => {
    const [staff, mentor, mentee, author, reporter] = await Promise.all([1, 2, 3, 4, 5].map((i) => registerUser(api.url, { locale: lang, displayName: i === 3 ? 'Quiet Fox' : undefined })));
    const orgName = `Hjem ${lang} ${Date.now().toString(36)}`;
    const org = await createOrganization(staff, orgName);
    await staff.agent.post(`/api/organizations/${org.id}/mentors`).send({ username: mentor.user.username }).expect(200);
    await mentor.agent.put('/api/mentoring/profile').send({ role: 'mentor', open: true }).expect(200);
    const asked = (await mentee.agent.post('/api/mentoring/matches').send({ mentorId: mentor.user.id, intro: 'Hej' }).expect(201)).body;
    await mentor.agent.post(`/api/mentoring/matches/${asked.id}/accept`).send({}).expect(200);
    await mentee.agent.post(`/api/mentoring/matches/${asked.id}/end`).send({ note: 'We never agreed on a time.' }).expect(200);

    const page = await phone(staff, javaScriptEnabled);
    await page.goto(`${web.url}/organizations/${org.slug}/mentoring`);
    await page.getByRole('heading', { level: 2, name: t(lang, 'circle', 'feedback.title') }).waitFor();
    await page.getByText('We never agreed on a time.').waitFor();
    await page.getByText(t(lang, 'circle', 'feedback.fromMentee'), { exact: false }).first().waitFor();
    expect(await page.content()).not.toContain('Quiet Fox');
    expect(await page.content()).not.toContain(mentee.user.username);
    await checkPage(page, javaScriptEnabled);

    const resource = (await staff.agent.post('/api/resources').send(resourceBody(org.id)).expect(201)).body;
    const tip = (await author.agent.post(`/api/resources/${resource.id}/tips`).send({ body: 'Nobody listens here.' }).expect(201)).body;
    await reporter.agent.post('/api/reports').send({ targetType: 'tip', targetId: tip.id, reason: 'other', note: 'I am worried about them' }).expect(201);
    await page.getByRole('link', { name: t(lang, 'circle', 'coordination.reportsLink') }).click();
    await page.getByRole('heading', { level: 1, name: fill(t(lang, 'organizations', 'reports.title'), { organization: orgName }) }).waitFor();
    await page.getByText('I am worried about them', { exact: false }).waitFor();
    await checkPage(page, javaScriptEnabled);
    await submit(page, page.getByRole('button', { name: fill(t(lang, 'chat', 'direct.reachOut.label'), { name: author.user.username }) }));
    await page.waitForURL(/\/messages\/[0-9a-f-]{36}$/);
    const conversationId = new URL(page.url()).pathname.split('/').pop()!;
    expect(await api.sql('SELECT origin, outreach_as, recipient_id FROM conversations WHERE id = $1', [conversationId])).toEqual([
      { origin: 'outreach', outreach_as: 'org_staff', recipient_id: author.user.id },
    ]);

    await author.agent.post(`/api/conversations/${conversationId}/decline`).expect(204);
    await page.goto(`${web.url}/organizations/${org.slug}/reports`);
    await page.getByText(t(lang, 'organizations', 'reports.declined')).waitFor();
    expect(await page.getByRole('button', { name: fill(t(lang, 'chat', 'direct.reachOut.label'), { name: author.user.username }) }).count()).toBe(0);
  });

  it('a match’s conversation offers “end”; its direct space leads its members there and is not found for others', async () => {
    const [mentor, mentee, outsider] = await Promise.all([1, 2, 3].map(() => registerUser(api.url, { locale: lang })));
    await mentor.agent.put('/api/mentoring/profile').send({ role: 'mentor', open: true }).expect(200);
    const asked = (await mentee.agent.post('/api/mentoring/matches').send({ mentorId: mentor.user.id, intro: 'Hej' }).expect(201)).body;
    const match = (await mentor.agent.post(`/api/mentoring/matches/${asked.id}/accept`).send({}).expect(200)).body;
    const [{ slug }] = await api.sql<{ slug: string }>('SELECT s.slug FROM conversations c JOIN spaces s ON s.id = c.space_id WHERE c.id = $1', [match.conversationId]);

    const page = await phone(mentee, javaScriptEnabled);
    await page.goto(`${web.url}/spaces/${slug}`);
    await page.waitForURL(`${web.url}/messages/${match.conversationId}`);
    await page.getByRole('button', { name: t(lang, 'mentoring', 'match.end') }).waitFor();
    await checkPage(page, javaScriptEnabled);

    const stranger = await phone(outsider, javaScriptEnabled);
    const answer = await stranger.goto(`${web.url}/spaces/${slug}`);
    expect(answer?.status()).toBe(404);
  });

  it('the only admin is told on the delete page who takes the organisation over', async () => {
    const [boss, colleague] = await Promise.all([registerUser(api.url, { locale: lang }), registerUser(api.url, { locale: lang, displayName: 'Long Serving' })]);
    const org = await createOrganization(boss, `Alene ${lang} ${Date.now().toString(36)}`);
    await boss.agent.post(`/api/organizations/${org.id}/staff`).send({ username: colleague.user.username, role: 'staff' }).expect(200);
    const page = await phone(boss, javaScriptEnabled);
    await page.goto(`${web.url}/account/privacy`);
    const notice = page.getByTestId('organization-hand-over');
    await notice.getByText(fill(t(lang, 'moderation', 'privacy.nextAdmin'), { name: 'Long Serving' })).waitFor();
    await checkPage(page, javaScriptEnabled);
  });
});
