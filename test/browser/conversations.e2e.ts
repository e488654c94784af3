import { randomUUID } from 'node:crypto';
import { type Browser, type Page } from 'playwright-core';
import type { TestApi } from '../support/api-server.js';
import { expectAccessible, phonePage, startBrowserStack, type BrowserStack } from '../support/browser.js';
import type { TestWeb } from '../support/web-server.js';
import { registerUser, type RegisteredUser } from '../support/users.js';
import { screenshot, submit, t, waitForHydration, waitToSee } from './pages.js';

/**
 * Two people on 360 px phones: one writes to the other from a space's member list; a week-old
 * account's first message waits in the other's requests; they accept it and reply.
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

const fill = (template: string, name: string) => template.replace('{{name}}', name);

describe.each(['en', 'hu'])('direct messages on a 360 px phone (%s)', (lang) => {
  it('one writes, the other accepts the request and replies', async () => {
    const writer = await registerUser(api.url, { locale: lang, displayName: `Writer ${lang}` });
    const reader = await registerUser(api.url, { locale: lang, displayName: `Reader ${lang}` });
    const space = (await writer.agent.post('/api/spaces').send({ name: `Tea ${randomUUID().slice(0, 6)}`, description: 'Peers', visibility: 'public' }).expect(201)).body;
    await reader.agent.post(`/api/spaces/${space.id}/join`).send({}).expect(200);

    // The writer finds the reader in the space's member list and sends a message.
    const w = await phone(writer, lang);
    await w.goto(`${web.url}/spaces/${space.slug}/members`);
    await waitForHydration(w);
    await submit(w, w.getByRole('button', { name: fill(t(lang, 'chat', 'direct.sendTo'), `Reader ${lang}`) }));
    await w.waitForURL(/\/messages\/[0-9a-f-]{36}$/);
    await w.locator('[data-testid="chat-status"][data-status="connected"]').waitFor();
    // A new account's first message is a request: the writer is told they wait.
    await w.getByText(t(lang, 'chat', 'direct.waiting')).first().waitFor();
    await w.getByLabel(t(lang, 'chat', 'composer.label'), { exact: true }).fill('Hello, are you coming to the tea on Friday?');
    await w.getByRole('button', { name: t(lang, 'chat', 'composer.send') }).click();
    await w.getByTestId('message').filter({ hasText: 'tea on Friday' }).waitFor();
    await screenshot(w, `dm-writer-${lang}`);
    await expectAccessible(w);

    // The reader finds it among their requests, with nothing read or unread to tell the writer.
    const r = await phone(reader, lang);
    await r.goto(`${web.url}/messages?box=requests`);
    await waitForHydration(r);
    const list = r.getByTestId('conversations-requests');
    await waitToSee(r, list.getByText(`Writer ${lang}`), api.output);
    await screenshot(r, `dm-requests-${lang}`);
    await expectAccessible(r);
    expect(await r.evaluate(() => document.scrollingElement!.scrollWidth <= window.innerWidth)).toBe(true);
    await submit(r, list.getByRole('button', { name: fill(t(lang, 'chat', 'direct.requests.acceptLabel'), `Writer ${lang}`) }));
    await r.waitForURL(/\/messages\/[0-9a-f-]{36}$/);
    await r.locator('[data-testid="chat-status"][data-status="connected"]').waitFor();
    await r.getByTestId('message').filter({ hasText: 'tea on Friday' }).waitFor();
    await r.getByLabel(t(lang, 'chat', 'composer.label'), { exact: true }).fill('Yes, I will bring biscuits.');
    await r.getByRole('button', { name: t(lang, 'chat', 'composer.send') }).click();
    await r.getByTestId('message').filter({ hasText: 'bring biscuits' }).waitFor();
    await screenshot(r, `dm-reader-${lang}`);
    await expectAccessible(r);

    // The reply reaches the writer's open page live.
    await w.getByTestId('message').filter({ hasText: 'bring biscuits' }).waitFor();
    await w.context().close();
    await r.context().close();
  }, 120_000);
});
