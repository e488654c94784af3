import { type Browser, type Page } from 'playwright-core';
import type { TestApi } from '../support/api-server.js';
import { expectAccessible, phonePage, startBrowserStack, type BrowserStack } from '../support/browser.js';
import type { TestWeb } from '../support/web-server.js';
import { registerUser, type RegisteredUser } from '../support/users.js';
import { screenshot, submit, t, waitForHydration } from './pages.js';

/**
 * "Done when": a care leaver on a 360 px phone fills in their profile, finds a mentor who has also
 * left care (and sees why), asks; the mentor accepts in one tap; they exchange a message in their
 * conversation; the mentee ends it in one tap. In Danish, and in English.
 */

let stack: BrowserStack;
let api: TestApi;
let web: TestWeb;
let browser: Browser;

beforeAll(async () => {
  stack = await startBrowserStack();
  ({ api, web, browser } = stack);
}, 240_000);
afterAll(() => stack?.stop());

const phone = (who: RegisteredUser, lang: string): Promise<Page> => phonePage(browser, web.url, who.cookie, { lang });

const withName = (template: string, name: string) => template.replace('{{name}}', name);

describe.each(['da', 'en'])('peer mentoring on a 360 px phone (%s)', (lang) => {
  it('a care leaver finds a mentor who has also left care, asks, talks with them, and ends it in one tap', async () => {
    const mentorName = `Mentor ${lang} ${Math.random().toString(36).slice(2, 6)}`;
    const mentor = await registerUser(api.url, { locale: lang, displayName: mentorName });
    await mentor.agent.put('/api/mentoring/profile').send({ role: 'mentor', open: true, languages: ['da', 'en'], city: 'Aarhus', experiences: ['care_leaver'], about: 'I left care at 18.' }).expect(200);
    const mentee = await registerUser(api.url, { locale: lang, displayName: `Mentee ${lang}` });

    // The mentee fills in their profile.
    const e = await phone(mentee, lang);
    await e.goto(`${web.url}/mentoring/profile`);
    await waitForHydration(e);
    await e.getByLabel(t(lang, 'mentoring', 'profile.role')).selectOption('mentee');
    await e.getByLabel(t(lang, 'mentoring', 'profile.languages'), { exact: true }).fill('da');
    await e.getByLabel(t(lang, 'mentoring', 'profile.city')).fill('Aarhus');
    await e.getByLabel(t(lang, 'mentoring', 'experience.care_leaver')).check();
    await submit(e, e.getByRole('button', { name: t(lang, 'mentoring', 'profile.save') }));
    await e.getByText(t(lang, 'mentoring', 'profile.saved')).waitFor();
    await expectAccessible(e);
    await screenshot(e, `mentoring-profile-${lang}`);

    // Suggestions say why, in plain words; the mentee asks with a short hello.
    await e.goto(`${web.url}/mentoring/find`);
    await waitForHydration(e);
    const card = e.getByTestId('mentor-suggestions').getByRole('listitem').filter({ hasText: mentorName });
    await card.getByText(t(lang, 'mentoring', 'why.experience.care_leaver')).waitFor();
    await card.getByText(t(lang, 'mentoring', 'why.city').replace('{{city}}', 'Aarhus')).waitFor();
    await expectAccessible(e);
    await screenshot(e, `mentoring-find-${lang}`);
    await card.getByLabel(t(lang, 'mentoring', 'find.hello')).fill('Hej! I left care last year.');
    await submit(e, card.getByRole('button', { name: withName(t(lang, 'mentoring', 'find.ask'), mentorName) }));
    await e.waitForURL(/\/mentoring\/matches\/[0-9a-f-]{36}\?asked=1$/);
    await e.getByText(t(lang, 'mentoring', 'find.asked')).waitFor();

    // The mentor accepts from their requests in one tap.
    const m = await phone(mentor, lang);
    await m.goto(`${web.url}/mentoring`);
    await waitForHydration(m);
    const request = m.getByTestId('mentoring-requests').getByRole('listitem').filter({ hasText: 'I left care last year' });
    await expectAccessible(m);
    await screenshot(m, `mentoring-requests-${lang}`);
    await submit(m, request.getByRole('button', { name: t(lang, 'mentoring', 'match.accept') }));
    await m.getByText(t(lang, 'mentoring', 'match.done.accept')).waitFor();

    // The mentor opens their conversation from the match page and writes.
    await m.getByTestId('mentoring-matches').getByRole('link', { name: `Mentee ${lang}` }).click();
    await m.getByRole('link', { name: t(lang, 'mentoring', 'match.openConversation') }).click();
    await m.waitForURL(/\/messages\/[0-9a-f-]{36}$/);
    await waitForHydration(m);
    await m.getByLabel(t(lang, 'chat', 'composer.label'), { exact: true }).fill('Velkommen! When suits you?');
    await m.getByRole('button', { name: t(lang, 'chat', 'composer.send') }).click();
    await m.getByTestId('message').filter({ hasText: 'When suits you' }).waitFor();

    // The mentee sees the match active, reads the message in the conversation and answers.
    await e.reload();
    await e.getByTestId('match-state').filter({ hasText: t(lang, 'mentoring', 'state.active') }).waitFor();
    await expectAccessible(e);
    await screenshot(e, `mentoring-match-active-${lang}`);
    await e.getByRole('link', { name: t(lang, 'mentoring', 'match.openConversation') }).click();
    await e.waitForURL(/\/messages\/[0-9a-f-]{36}$/);
    await waitForHydration(e);
    await e.getByTestId('message').filter({ hasText: 'When suits you' }).waitFor();
    await e.getByLabel(t(lang, 'chat', 'composer.label'), { exact: true }).fill('Tuesdays are good.');
    await e.getByRole('button', { name: t(lang, 'chat', 'composer.send') }).click();
    await e.getByTestId('message').filter({ hasText: 'Tuesdays are good' }).waitFor();
    await m.getByTestId('message').filter({ hasText: 'Tuesdays are good' }).waitFor();

    // One tap ends it, right from the conversation; no reason is asked.
    await expectAccessible(e);
    await screenshot(e, `mentoring-conversation-${lang}`);
    await submit(e, e.getByRole('button', { name: t(lang, 'mentoring', 'match.end') }));
    await e.waitForURL(/\/mentoring\/matches\/[0-9a-f-]{36}$/);
    await e.getByTestId('match-state').filter({ hasText: t(lang, 'mentoring', 'state.ended') }).waitFor();
    await e.getByRole('heading', { name: t(lang, 'mentoring', 'match.ended') }).waitFor();
    await expectAccessible(e);
    await screenshot(e, `mentoring-ended-${lang}`);
    const [row] = await api.sql<{ state: string }>(`SELECT state FROM mentoring_matches WHERE mentee_id = $1`, [mentee.user.id]);
    expect(row!.state).toBe('ended');
    await e.context().close();
    await m.context().close();
  }, 180_000);
});
