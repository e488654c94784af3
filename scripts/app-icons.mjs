// Draws the installed app's icons (web/public/icons/*.png) from the favicon's two rings, with
// Debian's Chromium (no image library needed). Run once when the mark changes: node scripts/app-icons.mjs
// The maskable icons fill the square and keep the rings inside the 80% safe zone a phone may crop to.
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';

const out = path.join(path.dirname(fileURLToPath(import.meta.url)), '../web/public/icons');
const RINGS = (cx) =>
  `<circle cx="${cx - 4}" cy="20" r="6" fill="none" stroke="#fff" stroke-width="2.5"/><circle cx="${cx + 4}" cy="20" r="6" fill="none" stroke="#fff" stroke-width="2.5"/>`;
const ICONS = {
  // "any": the favicon as it is, rounded corners and a transparent outside.
  icon: `<svg xmlns="http://www.w3.org/2000/svg" viewBox="4 4 32 32"><rect x="4" y="4" width="32" height="32" rx="7" fill="#0a5c63"/>${RINGS(20)}</svg>`,
  maskable: `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 40 40"><rect width="40" height="40" fill="#0a5c63"/>${RINGS(20)}</svg>`,
};

const browser = await chromium.launch({ executablePath: process.env.CHROMIUM_PATH || '/usr/bin/chromium', args: ['--no-sandbox'] });
for (const size of [192, 512]) {
  const page = await browser.newPage({ viewport: { width: size, height: size } });
  for (const [name, svg] of Object.entries(ICONS)) {
    await page.setContent(`<style>html,body{margin:0;background:transparent}svg{display:block;width:${size}px;height:${size}px}</style>${svg}`);
    await page.screenshot({ path: path.join(out, `${name}-${size}.png`), omitBackground: true });
  }
  await page.close();
}
await browser.close();
