// HTML of a page's pieces, rendered once and then answered again while nothing they show has
// changed: a space page's fifty messages were about a third of the web's CPU for that page (issue
// 16), and the same message looks the same to every reader in a language who is not its author,
// and to that reader on every visit. A piece's key names everything its HTML depends on (the
// caller builds it, next to the component), so a kept piece is never out of date: a message that
// changes has a new key, and the old HTML is dropped in time as the least recently used.
//
// The browser renders the same pieces as components and hydrates them: it only sees the HTML, and
// a piece rendered on its own is the HTML it is inside the page (React renders both).
import { randomBytes } from 'node:crypto';
import { Fragment, createElement, type ReactElement, type ReactNode } from 'react';
import { renderToString } from 'react-dom/server';
import type { KeyedElement, RememberedHtml } from './remembered-html.js';

/** A memory that fails stops (its pages render those parts themselves) and says so, once. */
function sayStopped(why: string, err?: unknown) {
  console.error(`remembered HTML: ${why}; from now on those pages render these parts themselves`, err ?? '');
}

export interface HtmlMemory {
  /** The memory as a page rendered in `wrap` (its contexts: the page's translator) sees it. */
  forPage(wrap: (node: ReactNode) => ReactElement): RememberedHtml | null;
  /** Whether a piece is kept (without counting as a use). */
  has(key: string): boolean;
  /** Characters kept, keys and HTML. */
  readonly chars: number;
  readonly size: number;
}

/**
 * Keeps at most `maxChars` characters of keys and HTML (a character takes one or two bytes in
 * V8), dropping the least recently used first, near enough: a piece used since it was kept gets
 * one more round (the "clock" way, so that using a piece changes no map, which on every page cost
 * the map's table more than the pieces). `maxChars` 0 keeps nothing: every page renders all its
 * pieces, as before.
 */
export function htmlMemory({ maxChars }: { maxChars: number }): HtmlMemory {
  const kept = new Map<string, { html: string; used: boolean }>();
  let chars = 0;
  // Rendering apart is the same every time: a piece that could not be once will not be next time
  // either, and trying would cost every page a render before its own.
  let stopped = maxChars <= 0;

  function keep(key: string, html: string) {
    const size = key.length + html.length;
    if (size > maxChars / 8) return; // one huge piece must not push out everything else
    const before = kept.get(key); // the same piece twice in one page
    if (before !== undefined) {
      kept.delete(key);
      chars -= key.length + before.html.length;
    }
    // A piece split from the render's whole HTML is a slice of it, and would keep all of it alive:
    // the memory keeps a copy of its own (flattened by the concatenation), one character longer.
    kept.set(key, { html: (' ' + html).slice(1), used: false });
    chars += size;
    // Oldest first; a piece used since it was kept goes to the newest end instead, once.
    for (const [oldKey, old] of kept) {
      if (chars <= maxChars) break;
      kept.delete(oldKey);
      if (old.used) {
        old.used = false;
        kept.set(oldKey, old);
      } else {
        chars -= oldKey.length + old.html.length;
      }
    }
  }

  /** The missing pieces' HTML, rendered together, in order; null when they cannot be. */
  function render(pieces: KeyedElement[], wrap: (node: ReactNode) => ReactElement): string[] | null {
    // Between pieces, a text no message can hold: it is new for every render.
    const marker = `\uE000${randomBytes(9).toString('base64url')}\uE000`;
    let html: string;
    try {
      html = renderToString(
        wrap(
          pieces.map((piece, i) => createElement(Fragment, { key: i }, i > 0 ? marker : null, piece.element)),
        ),
      );
    } catch (err) {
      // A piece that cannot render on its own (a context the wrap does not give) renders in the page.
      stopped = true;
      sayStopped('a piece could not be rendered on its own', err);
      return null;
    }
    const parts = html.split(marker);
    // Each piece must be whole elements: React joins adjacent texts with a comment, which would land on one side.
    if (parts.length !== pieces.length || parts.some((part) => !part.startsWith('<') || !part.endsWith('>'))) {
      stopped = true;
      sayStopped('pieces rendered together could not be told apart');
      return null;
    }
    return parts;
  }

  return {
    forPage(wrap) {
      if (stopped) return null;
      return {
        html(pieces) {
          if (stopped) return null;
          const found: string[] = new Array(pieces.length);
          const missing: number[] = [];
          pieces.forEach((piece, i) => {
            const entry = kept.get(piece.key);
            if (entry === undefined) return void missing.push(i);
            entry.used = true;
            found[i] = entry.html;
          });
          if (missing.length > 0) {
            const rendered = render(
              missing.map((i) => pieces[i]),
              wrap,
            );
            if (!rendered) return null;
            missing.forEach((i, n) => {
              found[i] = rendered[n];
              keep(pieces[i].key, rendered[n]);
            });
          }
          // Joined with +, not join(): React adds the result to the page's text the same way, and
          // the page is copied out whole once; join() copied every message's HTML once more first.
          let html = '';
          for (const piece of found) html += piece;
          return html;
        },
      };
    },
    has: (key) => kept.has(key),
    get chars() {
      return chars;
    },
    get size() {
      return kept.size;
    },
  };
}
