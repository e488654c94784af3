import { AxeBuilder } from '@axe-core/playwright';
import axe from 'axe-core';
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';
import { startApi, type StartApiOptions, type TestApi } from './api-server.js';
import { startWeb, type TestWeb } from './web-server.js';

/** Debian's Chromium; no browser is ever downloaded. */
export const CHROMIUM = process.env.CHROMIUM_PATH || '/usr/bin/chromium';

/**
 * Headless, and quiet on the network: without the background-networking flags Chromium keeps
 * calling home, and this machine refuses every such connection. The browser resolves no name but
 * the test servers' own, so no test touches the real network, without intercepting requests:
 * Playwright's interception turns the HTTP cache off and stops every request (each script, on every
 * page) for a round trip through the test process: a sixth of the browser tests' CPU.
 */
export function launchBrowser(): Promise<Browser> {
  return chromium.launch({
    executablePath: CHROMIUM,
    headless: true,
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      '--no-first-run',
      '--host-resolver-rules=MAP * ~NOTFOUND, EXCLUDE 127.0.0.1, EXCLUDE localhost',
    ],
  });
}

export interface BrowserStack {
  api: TestApi;
  web: TestWeb;
  browser: Browser;
  stop(): Promise<void>;
}

/** An API on a fresh database, the web server in front of it, and a browser. */
export async function startBrowserStack(apiOptions: StartApiOptions = {}): Promise<BrowserStack> {
  const api = await startApi(apiOptions);
  const web = await startWeb(api.url);
  const browser = await launchBrowser();
  return {
    api,
    web,
    browser,
    async stop() {
      await browser.close();
      await web.stop();
      await api.stop();
    },
  };
}

const NEUTRAL_PAGE = '<!doctype html><html lang="en"><title>Weather</title><p>Weather</p></html>';

/** A 360×740 phone. */
export const PHONE = { width: 360, height: 740 };

/**
 * A fresh phone-sized page signed in with `cookie` (`sid=…`), in `lang` when given (the `lng`
 * cookie), with or without JavaScript.
 */
export async function phonePage(
  browser: Browser,
  webUrl: string,
  cookie: string,
  { lang, javaScriptEnabled = true, ...choices }: { lang?: string; javaScriptEnabled?: boolean } & ContextChoices = {},
): Promise<Page> {
  const context = await isolatedContext(browser, { viewport: PHONE, hasTouch: true, isMobile: true, javaScriptEnabled }, choices);
  const [name, value] = cookie.split('=');
  const { hostname } = new URL(webUrl);
  await context.addCookies([
    { name, value, domain: hostname, path: '/' },
    ...(lang ? [{ name: 'lng', value: lang, domain: hostname, path: '/' }] : []),
  ]);
  return context.newPage();
}

/** What a context needs beyond Playwright's own options. */
export interface ContextChoices {
  /** A page that leaves for another site (the quick exit) finds a tiny neutral page there, not a network error. */
  neutralSite?: boolean;
  /** false: no HTTP cache, so whatever opens offline can only have come from the service worker's caches. */
  httpCache?: boolean;
}

/**
 * A fresh context, like a new private window. Playwright's request routing turns the HTTP cache off
 * and holds every request for a round trip through the test (see launchBrowser): only contexts that
 * need the neutral site or no HTTP cache pay for it.
 */
export async function isolatedContext(
  browser: Browser,
  options: Parameters<Browser['newContext']>[0] = {},
  { neutralSite = false, httpCache = true }: ContextChoices = {},
): Promise<BrowserContext> {
  const context = await browser.newContext(options);
  // Generous for a loaded 2-core CI box running two browser files beside their APIs (seen: a
  // page and its hydration taking over 10 s there); a passing wait still ends when it is met.
  context.setDefaultTimeout(20_000);
  if (neutralSite || !httpCache) {
    await context.route(
      (url) => url.hostname !== '127.0.0.1' && url.hostname !== 'localhost',
      (route) => route.fulfill({ status: 200, contentType: 'text/html', body: NEUTRAL_PAGE }),
    );
  }
  return context;
}

/**
 * axe as the library injects it, with the branding it configures afterwards built in. The library
 * gives each frame 1 s to take axe in and skips the configure step where that runs late (CI's busy
 * machine, once). That frame's axe then names another application, ignores the page's messages and
 * is left out of the check without a word. With the branding in the source every copy agrees.
 */
const AXE_SOURCE = `${axe.source};axe.configure({ branding: { application: 'playwright' } });`;

/**
 * axe finds no violations of WCAG 2.2 AA on the page; the failure lists each rule and element.
 *
 * Legacy mode runs axe in the page itself (and in each same-origin frame; the app has no other
 * kind: it sends X-Frame-Options DENY and embeds nothing). The default instead opens a blank page
 * for every check, loads axe into it as well and hands it every node's partial result. Only
 * violations are collected in full (every node of each); axe then skips building a selector for
 * each passing node. Measured on `browser/resources` (15 call sites): 91 s → 57 s alone,
 * Chromium's CPU 85 → 57 s; the same rules run on the same pages.
 */
export async function expectAccessible(page: Page): Promise<void> {
  const { violations } = await new AxeBuilder({ page, axeSource: AXE_SOURCE })
    .setLegacyMode()
    .options({ resultTypes: ['violations'] }) // replaces all options: withTags must come after it
    .withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa'])
    .analyze();
  const found = violations.map((v) => `${v.id} (${v.impact}): ${v.help}\n    ${v.nodes.map((n) => n.target.join(' ')).join('\n    ')}`);
  expect({ url: page.url(), violations: found }).toEqual({ url: page.url(), violations: [] });
}
