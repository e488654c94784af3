import { createRequire } from 'node:module';
import { jest } from '@jest/globals';
import { Fragment, createContext, createElement as h, useContext, type ReactNode } from 'react';
import { htmlMemory } from '../../web/app/utils/remembered-html.server.js';
import type { KeyedElement } from '../../web/app/utils/remembered-html.js';

/**
 * The server's memory of rendered pieces (a space page's messages, issue 16): each piece's HTML is
 * exactly what React renders for it in the page, a kept piece is answered without rendering it
 * again, the memory stays within its size, and whatever cannot be rendered apart is left to the page.
 */
const require = createRequire(import.meta.url);
const { renderToString } = require('react-dom/server') as typeof import('react-dom/server');

const Language = createContext('none');
/** A message-like piece: an element around text the reader chose, in the page's language. */
function Item({ id, text }: { id: string; text: string }) {
  const language = useContext(Language);
  return h('li', { id: `m-${id}`, 'data-language': language }, h('span', null, text), ' ', text, h('time', null, '12:00'));
}
const inLanguage = (language: string) => (node: ReactNode) => h(Language.Provider, { value: language }, node);
const piece = (id: string, text = `words of ${id}`): KeyedElement => ({ key: `${id}|${text}`, element: h(Item, { id, text }) });
/** The same pieces rendered together by React itself, as a page renders them. */
const asRendered = (pieces: KeyedElement[], language: string) => renderToString(inLanguage(language)(pieces.map((p, i) => h(Fragment, { key: i }, p.element))));

it('answers the HTML React renders for the pieces, in order, and keeps it', () => {
  const memory = htmlMemory({ maxChars: 100_000 });
  const page = memory.forPage(inLanguage('hu'))!;
  // Texts React escapes, and one that holds what a marker between pieces looks like.
  const pieces = [piece('a', '<b>&"</b>'), piece('b', '\uE000abc\uE000'), piece('c')];
  const first = page.html(pieces);
  expect(first).toBe(asRendered(pieces, 'hu'));
  expect(first).toContain('data-language="hu"');
  expect(memory.size).toBe(3);
  // Kept: an element that would render otherwise is not rendered again.
  const again = pieces.map((p) => ({ key: p.key, element: h(() => { throw new Error('rendered again'); }) }));
  expect(page.html(again)).toBe(first);
  // A piece not seen before is rendered, between kept ones.
  const mixed = [pieces[0], piece('d'), pieces[2]];
  expect(page.html(mixed)).toBe(asRendered(mixed, 'hu'));
  expect(memory.size).toBe(4);
  expect(page.html([])).toBe('');
});

it('the same piece twice in one page is kept once', () => {
  const memory = htmlMemory({ maxChars: 100_000 });
  const page = memory.forPage(inLanguage('en'))!;
  const html = page.html([piece('a'), piece('a')])!;
  expect(html).toBe(asRendered([piece('a'), piece('a')], 'en'));
  expect(memory.size).toBe(1);
  expect(memory.chars).toBe(piece('a').key.length + html.length / 2);
});

it('stays within its size, dropping the least recently used first', () => {
  const one = htmlMemory({ maxChars: 100_000 }).forPage(inLanguage('en'))!.html([piece('x')])!;
  const size = piece('x').key.length + one.length;
  const memory = htmlMemory({ maxChars: size * 8 });
  const page = memory.forPage(inLanguage('en'))!;
  const ids = ['a', 'b', 'c', 'd', 'e', 'f', 'g', 'h'];
  page.html(ids.map((id) => piece(id)));
  page.html([piece('a')]); // used again: b is now the oldest
  page.html([piece('i')]);
  expect([...ids, 'i'].filter((id) => !memory.has(piece(id).key))).toEqual(['b']);
  expect(memory.chars).toBe(size * 8);
});

it('keeps nothing at size 0, and no piece bigger than an eighth of its size', () => {
  expect(htmlMemory({ maxChars: 0 }).forPage(inLanguage('en'))).toBeNull();
  const memory = htmlMemory({ maxChars: 400 });
  const page = memory.forPage(inLanguage('en'))!;
  const big = piece('big', 'x'.repeat(200));
  expect(page.html([big])).toBe(asRendered([big], 'en'));
  expect(memory.size).toBe(0);
});

it('leaves to the page what it cannot render apart, and then stops trying, saying so once', () => {
  const errors: unknown[][] = [];
  const spy = jest.spyOn(console, 'error').mockImplementation((...args: unknown[]) => void errors.push(args));
  try {
    const failing = htmlMemory({ maxChars: 100_000 });
    const page = failing.forPage(inLanguage('en'))!;
    let rendered = 0;
    const needsThePage = { key: 'failing', element: h(() => { rendered += 1; throw new Error('needs the page'); }) };
    expect(page.html([piece('a'), needsThePage])).toBeNull();
    const tries = rendered;
    expect(tries).toBeGreaterThan(0);
    // The same render would fail again: neither this page nor the next tries it.
    expect(page.html([needsThePage])).toBeNull();
    expect(failing.forPage(inLanguage('en'))).toBeNull();
    expect(rendered).toBe(tries);
    expect(failing.size).toBe(0);

    // Bare text at a piece's edge: React would join it to the next piece with a comment.
    const joined = htmlMemory({ maxChars: 100_000 });
    const bare = { key: 'bare', element: 'bare text' as unknown as ReturnType<typeof h> };
    expect(joined.forPage(inLanguage('en'))!.html([{ key: 'text', element: h('b', null, 'x') }, bare])).toBeNull();
    expect(joined.forPage(inLanguage('en'))).toBeNull();
    expect(errors.map((args) => String(args[0]))).toEqual([
      expect.stringContaining('could not be rendered on its own'),
      expect.stringContaining('could not be told apart'),
    ]);
  } finally {
    spy.mockRestore();
  }
});
