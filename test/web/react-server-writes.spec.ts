import { createRequire } from 'node:module';
import path from 'node:path';
import { Writable } from 'node:stream';
import { Suspense, createElement as h, type ReactNode } from 'react';

/**
 * patches/react-dom+18.3.1.patch: the production server renderer (the build web/server.js loads)
 * gathers a page's text, encodes it 16 K characters at a time into one buffer it keeps, and writes
 * the page out in one piece (every 256 KB for a very big one), where React 18 encoded every piece
 * into a 2,048-byte buffer on its own. The page must come out byte for byte as the string renderer
 * (which the patch does not touch) makes it, in any language, and without the NUL bytes React 18
 * left where a character of several bytes met the end of its buffer (facebook/react#24985).
 *
 * The production builds are loaded by path: under jest, NODE_ENV is `test` and `react-dom/server`
 * would give the development build, which the patch leaves alone.
 */
const require = createRequire(import.meta.url);
// By file: react-dom's exports map names no files under cjs/.
const builds = path.join(path.dirname(require.resolve('react-dom/package.json')), 'cjs');
const { renderToPipeableStream } = require(path.join(builds, 'react-dom-server.node.production.min.js')) as typeof import('react-dom/server');
const { renderToString } = require(path.join(builds, 'react-dom-server-legacy.node.production.min.js')) as typeof import('react-dom/server');

interface Piped {
  html: Buffer;
  writes: number;
}

/** The page as web/app/entry.server.tsx takes it: piped once every part is ready, gathered whole. */
function pipeWhole(page: ReactNode, when: 'onAllReady' | 'onShellReady' = 'onAllReady'): Promise<Piped> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    const destination = new Writable({
      write(chunk: Buffer, _encoding, done) {
        chunks.push(chunk);
        done();
      },
      final(done) {
        resolve({ html: Buffer.concat(chunks), writes: chunks.length });
        done();
      },
    });
    const { pipe } = renderToPipeableStream(page, {
      [when]: () => pipe(destination),
      onShellError: reject,
      onError: reject,
    });
  });
}

/** Messages in the six languages, long enough to cross many of React's 2,048-byte buffers. */
function chat(shift: number, count: number): ReactNode {
  const words = ['Köszönöm a mai napot', 'Хвала вам, видимо се у уторак', 'Tak for i dag – vi ses på tirsdag', 'Kiitos tästä päivästä', 'Hvala za danes 🫂', 'Thank you <&> "all"'];
  return h(
    'ol',
    { 'data-shift': 'x'.repeat(shift) },
    Array.from({ length: count }, (_, i) =>
      h('li', { key: i, id: `message-${i}`, title: words[(i + 3) % words.length] }, h('span', null, 'Žiga Ø '), words[i % words.length], ' ', i),
    ),
  );
}

describe('the server renderer, as patched', () => {
  it('writes every page byte for byte as the string renderer does, with no NUL bytes, wherever the characters fall', async () => {
    // A character of two, three or four bytes lands on every offset of the old buffer's end as the
    // page shifts one byte at a time.
    for (let shift = 0; shift < 12; shift++) {
      const page = chat(shift, 300);
      const { html } = await pipeWhole(page);
      expect(html.includes(0)).toBe(false);
      expect(html.toString('utf8')).toBe(renderToString(page));
    }
  });

  it('sends a page in one write, and only a very big one in a few, not one per 2 KB', async () => {
    // Any ordinary page goes out at once, with no Buffer.concat after it (a space page is about
    // 80 KB), and a very big one every 256 KB.
    const page = await pipeWhole(chat(0, 600));
    expect(page.html.length).toBeGreaterThan(75_000);
    expect(page.writes).toBe(1);
    const hugePage = chat(0, 8000);
    const huge = await pipeWhole(hugePage);
    expect(huge.html.length).toBeGreaterThan(600_000);
    expect(huge.writes).toBeGreaterThan(1);
    // Every write but the last holds at least 256 KiB, so this bounds the writes from above.
    expect(huge.writes).toBeLessThanOrEqual(Math.ceil(huge.html.length / 262_144) + 1);
    expect(huge.html.toString('utf8')).toBe(renderToString(hugePage));
  });

  it('keeps the order of text too big for what is left of the kept buffer, or for all of it', async () => {
    // The renderer keeps a 512 KiB buffer and counts three bytes a character before writing into
    // it. 150,000 characters fit in an empty buffer; a second such text makes the first go out.
    const fits = h('main', null, h('pre', null, 'a'.repeat(150_000)), h('pre', null, 'b'.repeat(150_000)), chat(0, 50));
    const twoParts = await pipeWhole(fits);
    expect(twoParts.writes).toBe(2);
    expect(twoParts.html.toString('utf8')).toBe(renderToString(fits));
    // 300,000 characters of three bytes each fit in no buffer: what was gathered before goes out,
    // then the text (with the few characters gathered just before it), then the rest.
    const tooBig = h('main', null, chat(0, 200), h('pre', null, '語'.repeat(300_000)), chat(1, 200));
    const threeParts = await pipeWhole(tooBig);
    expect(threeParts.html.length).toBeGreaterThan(900_000);
    expect(threeParts.writes).toBe(3);
    expect(threeParts.html.toString('utf8')).toBe(renderToString(tooBig));
  });

  it('keeps the order of a page streamed as its parts become ready', async () => {
    let ready!: () => void;
    const later = new Promise<void>((resolve) => (ready = resolve));
    let done = false;
    function Late(): ReactNode {
      if (!done) {
        throw later.then(() => {
          done = true;
        });
      }
      return h('p', { id: 'late' }, 'Megérkezett – стигло');
    }
    const page = h('main', null, h('h1', null, 'Első'), h(Suspense, { fallback: h('p', null, 'Várj…') }, h(Late)), chat(0, 100));
    const piped = pipeWhole(page, 'onShellReady');
    setTimeout(ready, 10);
    const html = (await piped).html.toString('utf8');
    expect(html.includes('\0')).toBe(false);
    const order = ['<h1>Első</h1>', 'Várj…', 'message-99', '<p id="late">Megérkezett – стигло</p>'].map((part) => html.indexOf(part));
    expect(order.every((at) => at >= 0)).toBe(true);
    expect([...order].sort((a, b) => a - b)).toEqual(order);
  });

  it('keeps two pages rendered at once apart, each part in its own page', async () => {
    // The gathered text is shared by every render in the process, as React's own buffer is; each
    // flush must empty it into its own page. Two pages stream at once, their parts ready in turn.
    const gates = Array.from({ length: 4 }, () => {
      let open!: () => void;
      const promise = new Promise<void>((resolve) => (open = resolve));
      return { promise, open, opened: false };
    });
    function Wait({ gate, children }: { gate: (typeof gates)[number]; children: ReactNode }): ReactNode {
      if (!gate.opened) {
        throw gate.promise.then(() => {
          gate.opened = true;
        });
      }
      return children;
    }
    const part = (name: string, which: string) => h('section', { 'data-page': name }, Array.from({ length: 400 }, (_, i) => h('p', { key: i }, `${name} ${which} ${i}: Köszönjük – Хвала`)));
    const page = (name: string, first: (typeof gates)[number], second: (typeof gates)[number]) =>
      h(
        'main',
        null,
        h('h1', null, name),
        h(Suspense, { fallback: h('p', null, '…') }, h(Wait, { gate: first, children: part(name, 'first') })),
        h(Suspense, { fallback: h('p', null, '…') }, h(Wait, { gate: second, children: part(name, 'second') })),
      );
    const a = pipeWhole(page('Aino', gates[0], gates[2]), 'onShellReady');
    const b = pipeWhole(page('Milica', gates[1], gates[3]), 'onShellReady');
    for (const gate of gates) {
      gate.open();
      await new Promise((resolve) => setTimeout(resolve, 5));
    }
    const [pageA, pageB] = (await Promise.all([a, b])).map((piped) => piped.html.toString('utf8'));
    for (const [html, own, other] of [
      [pageA, 'Aino', 'Milica'],
      [pageB, 'Milica', 'Aino'],
    ]) {
      expect(html.includes('\0')).toBe(false);
      expect(html).not.toContain(other);
      for (const which of ['first', 'second']) {
        for (const i of [0, 399]) expect(html).toContain(`<p>${own} ${which} ${i}: Köszönjük – Хвала</p>`);
      }
    }
  });
});
