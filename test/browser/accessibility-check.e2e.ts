import http from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Browser, BrowserContext } from 'playwright-core';
import { expectAccessible, launchBrowser } from '../support/browser.js';

/**
 * The check every browser test leans on for WCAG 2.2 AA runs axe in its faster legacy mode (no blank
 * page per check, only violations collected in full). This proves that mode still finds what it
 * must: a failure in the page itself and one inside a same-origin frame, also when that frame is
 * slow to take axe in, and that a clean page passes.
 */
let browser: Browser;
/** Pages served over HTTP, as the app's are: a frame is then of the page's own origin. */
const served = new Map<string, string>();
const server = http.createServer((req, res) => {
  res.writeHead(served.has(req.url ?? '') ? 200 : 404, { 'content-type': 'text/html; charset=utf-8' });
  res.end(served.get(req.url ?? '') ?? '');
});
let origin: string;
const openContexts: BrowserContext[] = [];

beforeAll(async () => {
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  browser = await launchBrowser();
}, 60_000);
afterEach(async () => {
  await Promise.all(openContexts.splice(0).map((context) => context.close()));
});
afterAll(async () => {
  await browser?.close();
  server.close();
});

async function pageWith(html: string, frames: Record<string, string> = {}) {
  const pagePath = `/${served.size}`;
  served.set(pagePath, html);
  for (const [framePath, frameHtml] of Object.entries(frames)) served.set(framePath, frameHtml);
  const context = await browser.newContext();
  openContexts.push(context);
  const page = await context.newPage();
  await page.goto(origin + pagePath);
  return page;
}

const CLEAN = '<!doctype html><html lang="en"><head><title>Fine</title></head><body><main><h1>Fine</h1><p>Plain text.</p></main></body></html>';

/** A clean page framing, at `framePath`, a page whose image has no text alternative; `frameHead` goes before it. */
async function pageFramingImageWithoutAlt(framePath: string, frameHead = '') {
  const framed = `<!doctype html><html lang="en"><title>Inner</title>${frameHead}<img id="photo" src="data:image/gif;base64,R0lGODlhAQABAAAAACw=">`;
  const page = await pageWith(CLEAN.replace('<p>Plain text.</p>', `<iframe title="Inner" src="${framePath}"></iframe>`), { [framePath]: framed });
  await page.frameLocator('iframe').locator('#photo').waitFor({ state: 'attached' });
  return page;
}

describe('the accessibility check (axe, WCAG 2.2 AA)', () => {
  it('passes a page with nothing wrong', async () => {
    const page = await pageWith(CLEAN);
    await expectAccessible(page);
  });

  it('fails on text too faint to read, naming the rule and every such element', async () => {
    const faint = (id: string) => `<p id="${id}" style="color:#ddd;background:#fff">Faint text.</p>`;
    const page = await pageWith(CLEAN.replace('<p>Plain text.</p>', faint('faint-1') + faint('faint-2')));
    await expect(expectAccessible(page)).rejects.toThrow(/color-contrast[\s\S]*#faint-1[\s\S]*#faint-2/);
  });

  it('fails on an image without a text alternative inside a same-origin frame', async () => {
    const page = await pageFramingImageWithoutAlt('/inner');
    await expect(expectAccessible(page)).rejects.toThrow(/image-alt[\s\S]*#photo/);
  });

  it('still checks a frame that takes over a second to take axe in, as on a busy machine', async () => {
    // As axe sets itself up in the frame, the page's thread (which a same-origin frame shares) stalls
    // for 1.5 s: past the library's 1 s limit for injecting into a frame, as CI's loaded machine once
    // was. Before, that frame was left out unnoticed.
    const stall = `<script>Object.defineProperty(window, 'axe', { configurable: true, get() { return this.axeInFrame; },
      set(value) { const until = Date.now() + 1500; while (Date.now() < until); this.stalled = true; this.axeInFrame = value; } });</script>`;
    const page = await pageFramingImageWithoutAlt('/slow-inner', stall);
    await expect(expectAccessible(page)).rejects.toThrow(/image-alt[\s\S]*#photo/);
    const frame = page.frames().find((candidate) => candidate.url().endsWith('/slow-inner'));
    expect(await frame?.evaluate(() => (window as unknown as { stalled?: boolean }).stalled)).toBe(true);
  });
});
