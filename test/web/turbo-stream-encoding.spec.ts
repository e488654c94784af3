import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { pathToFileURL } from 'node:url';

/**
 * patches/turbo-stream+2.4.1.patch: the CommonJS build of turbo-stream (the one Remix's server
 * runtime loads to write a page's loader data) encodes objects and arrays without the closures and
 * one-element arrays it built for every value. Its output must stay byte for byte what the
 * package's own encoder writes: the ES module build, which the patch leaves alone, is that encoder.
 */
type TurboStream = typeof import('turbo-stream');
// turbo-stream as Remix's server runtime requires it: its CommonJS build.
const require = createRequire(createRequire(import.meta.url).resolve('@remix-run/server-runtime'));
const patched = require('turbo-stream') as TurboStream;

const ORIGINAL = path.join(path.dirname(require.resolve('turbo-stream')), 'turbo-stream.mjs');

async function original(): Promise<TurboStream> {
  return (await import(pathToFileURL(ORIGINAL).href)) as TurboStream;
}

async function encoded(encoder: TurboStream, value: unknown): Promise<string> {
  // The plugins Remix passes (server-runtime's encodeViaTurboStream), in their shape.
  const stream = encoder.encode(value, {
    plugins: [(v: unknown) => (v instanceof Error ? ['SanitizedError', v.name, v.message] : undefined)],
    postPlugins: [(v: unknown) => (v && typeof v === 'object' ? ['SingleFetchClassInstance', { ...v }] : undefined), () => ['SingleFetchFallback']],
  });
  const decoder = new TextDecoder();
  let text = '';
  for await (const chunk of stream as unknown as AsyncIterable<Uint8Array>) text += decoder.decode(chunk, { stream: true });
  return text + decoder.decode();
}

/** A space page's loader data: shared and repeated authors, a reply, reactions, empty lists. */
function spacePage(count: number) {
  const me = { id: 'u-1', username: 'mads', displayName: 'Mads' };
  const aino = { id: 'u-2', username: 'aino', displayName: 'Aino (kokemusasiantuntija)', nameLookalike: false };
  const messages = Array.from({ length: count }, (_, i) => ({
    id: `m-${i}`,
    seq: i + 1,
    // One in five the reader's, as the same object; the others each their own copy, as JSON gives.
    author: i % 5 === 0 ? me : { ...aino },
    body: ['Köszönöm a mai napot', 'Хвала вам', 'Tak for i dag – vi ses', 'Kiitos 🫂', '"quoted" <&> \u2028 line'][i % 5],
    replyTo: i % 7 === 3 ? { id: `m-${i - 1}`, excerpt: 'Tak', author: { ...aino }, deleted: false } : null,
    reactions: i % 3 === 0 ? [{ kind: 'heart', count: 2, mine: i % 2 === 0 }] : [],
    mentions: [],
    editedAt: undefined,
    moderation: null,
  }));
  return { loaderData: { root: { locale: 'da', user: me, unreadNotifications: 0 }, 'routes/spaces.$slug': { messages, again: messages, hasEarlier: true } }, actionData: null };
}

describe('turbo-stream, patched (patches/turbo-stream+2.4.1.patch)', () => {
  it('is the build Remix loads, and the build it is compared with is the package as published', () => {
    const source = readFileSync(path.join(path.dirname(require.resolve('turbo-stream')), 'flatten.js'), 'utf8');
    expect(source).toContain('Sorstárs patch');
    // The ES module build still has the encoder's own loop: the comparison is not patched against patched.
    const reference = readFileSync(ORIGINAL, 'utf8');
    expect(reference).not.toContain('Sorstárs patch');
    expect(reference).toContain('const stack = [[input, index]];');
  });

  it('writes a space page’s data byte for byte as the unpatched encoder does', async () => {
    for (const count of [0, 1, 50]) {
      const page = spacePage(count);
      expect(await encoded(patched, page)).toBe(await encoded(await original(), page));
    }
  });

  it('writes every kind of value the same, repeated values as references', async () => {
    const shared = { a: 1 };
    const noPrototype = Object.assign(Object.create(null) as Record<string, unknown>, { x: 'y' });
    // eslint-disable-next-line no-sparse-arrays -- a hole is a value of its own in turbo-stream
    const holes = [1, , 3];
    class Place {
      constructor(public name = 'Aarhus') {}
    }
    const value: Record<string, unknown> = {
      shared,
      sharedAgain: shared,
      list: [shared, shared, 'text', 'text', 0, -0, NaN, Infinity, -Infinity, null, undefined, true, false, 10n],
      holes,
      nested: { deeper: { deepest: [[[]], {}] } },
      date: new Date(Date.UTC(2026, 11, 5)),
      url: new URL('https://example.org/a?b=c'),
      pattern: /mads/giu,
      set: new Set(['a', shared]),
      map: new Map<unknown, unknown>([['k', shared], [shared, 'v']]),
      symbol: Symbol.for('sorstars'),
      noPrototype,
      error: new TypeError('boom'),
      later: Promise.resolve({ shared, fresh: { b: 2 } }),
      failed: Promise.reject(new Error('no')),
      // Neither plain nor known: Remix's post-plugins write them (a class instance as its fields).
      instance: new Place(),
      callback: () => 1,
    };
    (value.failed as Promise<never>).catch(() => undefined);
    // The root met again: its index is 0, which the encoder's "seen before" test takes for unseen.
    value.self = value;
    expect(await encoded(patched, value)).toBe(await encoded(await original(), value));
  });
});
