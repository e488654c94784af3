import { t } from '../browser/pages.js';
import { registerUser, type RegisteredUser } from '../support/users.js';
import type { TestWeb } from '../support/web-server.js';
import { startWebBehindProxy, type RecordingProxy, type WebBehindProxy } from '../support/recording-proxy.js';

/**
 * The web reaches the API over kept-alive connections (web/app/utils/api.server.ts). A connection
 * the API closes just as the web reuses it must not cost anyone their page; an API that takes the
 * request and never answers holds a page for the web's 10 s wait at most, and the page is then
 * shown as if the API were down (the frame of a visitor), not left hanging.
 */
let stack: WebBehindProxy;
let web: TestWeb;
let proxy: RecordingProxy;
let member: RegisteredUser;

beforeAll(async () => {
  stack = await startWebBehindProxy();
  ({ web, proxy } = stack);
  member = await registerUser(stack.api.url);
}, 120_000);
afterAll(() => stack?.stop());

const page = (path: string) => fetch(`${web.url}${path}`, { headers: { Cookie: member.cookie } });

it('a page whose kept-alive connection to the API is closed as it is reused is still whole', async () => {
  expect((await page('/spaces')).status).toBe(200); // leaves kept-alive connections behind
  proxy.faults.resetReusedConnections = 1;
  const before = proxy.resets();
  // A page whose one API call is the frame: had the reset call not been asked again, the page
  // would show a visitor's frame.
  const res = await page('/help/cover-your-tracks');
  expect(proxy.resets()).toBe(before + 1);
  expect(res.status).toBe(200);
  expect(await res.text()).toContain(member.user.username);
});

it('a page waits at most 10 s for an API that never answers, then shows the frame of a visitor', async () => {
  proxy.faults.hang = true;
  try {
    const started = Date.now();
    const res = await page('/help/cover-your-tracks');
    const waited = Date.now() - started;
    expect(res.status).toBe(200);
    expect(await res.text()).not.toContain(member.user.username);
    expect(waited).toBeGreaterThanOrEqual(9_000);
    expect(waited).toBeLessThan(20_000);
  } finally {
    proxy.faults.hang = false;
  }
}, 40_000);

it('the notification settings say when the e-mail part could not be read, instead of leaving it out', async () => {
  // The test API sends no e-mail (404): then nothing about e-mail is shown.
  const first = await page('/notifications/settings');
  expect(first.status).toBe(200);
  const plain = await first.text();
  expect(plain).toContain(t('en', 'events', 'notificationSettings.save'));
  expect(plain).not.toContain(t('en', 'events', 'emailAddress.title'));
  proxy.faults.unavailablePaths = ['/api/notifications/email'];
  try {
    const res = await page('/notifications/settings');
    expect(res.status).toBe(200);
    const html = await res.text();
    expect(html).toContain('data-testid="email-unavailable"');
    expect(html).toContain(t('en', 'events', 'emailAddress.title'));
    expect(html).toContain(t('en', 'events', 'list.couldNotLoad'));
    // The rest of the page is still there.
    expect(html).toContain(t('en', 'events', 'notificationSettings.save'));
  } finally {
    proxy.faults.unavailablePaths = [];
  }
});
