import type { Browser, Page } from 'playwright-core';
import { PHONE, expectAccessible, isolatedContext, phonePage, startBrowserStack, type BrowserStack } from '../support/browser.js';
import { createOrganization } from '../support/directory.js';
import { registerUser, type RegisteredUser } from '../support/users.js';
import { t } from './pages.js';

/**
 * A multiplier event on a 360 px phone, without JavaScript: staff add the agenda, visitors see the
 * format and download it, someone without an account gives feedback with a code, and the results
 * wait for five answers.
 */
let stack: BrowserStack;
let browser: Browser;
let staff: RegisteredUser;
let visitor: RegisteredUser;
let eventId: string;
const ev = (key: string) => t('en', 'events', key);
const PDF = Buffer.from('%PDF-1.4\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n');

beforeAll(async () => {
  stack = await startBrowserStack();
  browser = stack.browser;
  [staff, visitor] = await Promise.all([registerUser(stack.api.url), registerUser(stack.api.url)]);
  const org = await createOrganization(staff, 'Peer Support Subotica');
  const start = new Date(Date.now() + 7 * 86_400_000);
  const event = await staff.agent
    .post('/api/events')
    .send({ title: 'Multiplier day', kind: 'multiplier', format: 'hybrid', startsAt: start.toISOString(), endsAt: new Date(start.getTime() + 3_600_000).toISOString(), timezone: 'Europe/Belgrade', organizationId: org.id })
    .expect(201);
  eventId = event.body.id;
}, 240_000);
afterAll(() => stack?.stop());

/** Nothing wider than the phone; axe runs only where scripts do (pages without JavaScript are checked for width). */
async function fitsPhone(page: Page, { axe = true } = {}) {
  const widths = await page.evaluate(() => ({ page: document.documentElement.scrollWidth, screen: window.innerWidth }));
  expect(widths.page).toBeLessThanOrEqual(widths.screen);
  if (axe) await expectAccessible(page);
}

describe('event materials and feedback at 360 px', () => {
  it('staff add the agenda without JavaScript; a refused file says why and nothing is added', async () => {
    const page = await phonePage(browser, stack.web.url, staff.cookie, { javaScriptEnabled: false });
    await page.goto(`${stack.web.url}/events/${eventId}/materials`);
    await fitsPhone(page, { axe: false });
    await page.getByLabel(ev('materials.file'), { exact: true }).setInputFiles({ name: 'agenda.pdf', mimeType: 'application/pdf', buffer: Buffer.from('<html><script>alert(1)</script></html>') });
    await page.getByRole('button', { name: ev('materials.upload') }).click();
    await page.getByText(t('en', 'errors', 'validation.fileType')).first().waitFor();
    await fitsPhone(page, { axe: false });

    await page.getByLabel(ev('materials.file'), { exact: true }).setInputFiles({ name: 'Programme.pdf', mimeType: 'application/pdf', buffer: PDF });
    await page.getByLabel(ev('materials.titleField'), { exact: true }).fill('Programme of the day');
    await page.getByLabel(ev('materials.markAgenda'), { exact: true }).check();
    await page.getByRole('button', { name: ev('materials.upload') }).click();
    await page.getByText(ev('materials.added')).waitFor();
    expect(await page.getByTestId('managed-materials').innerText()).toContain('Programme of the day');
    await fitsPhone(page, { axe: false });
    await page.context().close();
    // The same page with scripts, for axe.
    const checked = await phonePage(browser, stack.web.url, staff.cookie);
    await checked.goto(`${stack.web.url}/events/${eventId}/materials`);
    await fitsPhone(checked);
    await checked.context().close();
  }, 120_000);

  it('a visitor sees the format and downloads the agenda, served as a download only', async () => {
    const page = await phonePage(browser, stack.web.url, visitor.cookie);
    await page.goto(`${stack.web.url}/events/${eventId}`);
    expect(await page.getByTestId('event-format').innerText()).toBe(ev('format.hybrid'));
    const link = page.getByTestId('materials').getByRole('link', { name: 'Programme of the day' });
    const href = await link.getAttribute('href');
    const res = await page.request.get(`${stack.web.url}${href}`);
    expect(res.status()).toBe(200);
    expect(res.headers()['content-disposition']).toMatch(/^attachment; filename="?Programme.pdf"?$/);
    expect(res.headers()['x-content-type-options']).toBe('nosniff');
    await fitsPhone(page);
    await page.context().close();
  }, 120_000);

  it('someone without an account answers with a code; results wait for five answers', async () => {
    await stack.api.sql(`UPDATE events SET starts_at = now() - interval '3 hours', ends_at = now() - interval '1 hour' WHERE id = $1`, [eventId]);
    await staff.agent.put(`/api/events/${eventId}/feedback`).send({ questions: ['usefulness', 'missing'], closesAt: new Date(Date.now() + 7 * 86_400_000).toISOString() }).expect(200);
    const { codes } = (await staff.agent.post(`/api/events/${eventId}/feedback/codes`).send({ count: 1 }).expect(201)).body;

    const context = await isolatedContext(browser, { viewport: PHONE, isMobile: true, hasTouch: true, javaScriptEnabled: false });
    const page = await context.newPage();
    await page.goto(`${stack.web.url}/events/${eventId}/feedback?code=${codes[0]}`);
    await fitsPhone(page, { axe: false });
    await page.getByLabel('4', { exact: true }).check();
    await page.getByLabel(ev('feedback.questions.missing'), { exact: true }).fill('A break halfway');
    await page.getByRole('button', { name: ev('feedback.submit') }).click();
    await page.getByText(ev('feedback.thanks')).waitFor();
    await fitsPhone(page, { axe: false });
    await context.close();
    // The code is used up: the form says so (checked with scripts on, for axe).
    const again = await (await isolatedContext(browser, { viewport: PHONE, isMobile: true, hasTouch: true })).newPage();
    await again.goto(`${stack.web.url}/events/${eventId}/feedback?code=${codes[0]}`);
    await again.getByText(ev('feedback.alreadyAnswered')).waitFor();
    await fitsPhone(again);
    await again.context().close();

    const results = await phonePage(browser, stack.web.url, staff.cookie);
    await results.goto(`${stack.web.url}/events/${eventId}/feedback-results`);
    expect(await results.getByTestId('feedback-results').innerText()).toContain(ev('feedback.notEnough').replace('{{min}}', '5'));
    expect(await results.getByTestId('feedback-results').innerText()).not.toContain('A break halfway');
    await fitsPhone(results);
    await results.context().close();
  }, 120_000);
});
