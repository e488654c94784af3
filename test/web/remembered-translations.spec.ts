/**
 * The server's remembering translator (entry.server.tsx) answers exactly what i18next answers, for
 * every shipped key in every language, whether the namespace comes with the translator or as the
 * call's only option (with a default text or not), and with plain values (a name, a count); calls
 * with other options (an object, a date) are never answered from memory.
 */
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from '@jest/globals';
import { createInstance, type Resource } from 'i18next';
import { AsyncLocalStorage } from 'node:async_hooks';
import { rememberPlainTranslations } from '../../web/app/utils/remembered-translations.server.js';
import { lasting } from '../../web/app/utils/lasting-values.js';

/** As web/server.js runs each request: with a fresh memo of its own. */
const requests = new AsyncLocalStorage<Map<string, unknown>>();
const inRequest = <T>(work: () => T): T => requests.run(new Map(), work);

// What the web's i18nOptions (web/app/utils/i18n.ts) set that changes an answer; that module's own
// imports are written for Vite, not for Node.
const i18nOptions = { fallbackLng: 'en', defaultNS: 'common', interpolation: { escapeValue: false } };
const LOCALES_DIR = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../locales');

function shippedResources(): Resource {
  const resources: Resource = {};
  for (const lng of fs.readdirSync(LOCALES_DIR)) {
    resources[lng] = {};
    for (const file of fs.readdirSync(path.join(LOCALES_DIR, lng)).filter((f) => f.endsWith('.json'))) {
      resources[lng][file.replace(/\.json$/, '')] = JSON.parse(fs.readFileSync(path.join(LOCALES_DIR, lng, file), 'utf8'));
    }
  }
  return resources;
}

/** Every key of a namespace's nested JSON, as i18next names them (`nav.home`). */
function keysOf(tree: unknown, prefix = ''): string[] {
  if (typeof tree !== 'object' || tree === null) return [prefix];
  return Object.entries(tree).flatMap(([name, value]) => keysOf(value, prefix ? `${prefix}.${name}` : name));
}

async function translators(lng: string, resources: Resource) {
  const fresh = createInstance();
  await fresh.init({ ...i18nOptions, lng, resources });
  const remembering = createInstance();
  await remembering.init({ ...i18nOptions, lng, resources });
  rememberPlainTranslations(remembering, () => requests.getStore());
  return { fresh, remembering };
}

describe('remembered translations on the server', () => {
  const resources = shippedResources();

  it('answer every shipped key as i18next does, twice, with the namespace fixed or given as the only option, and with plain values', async () => {
    let compared = 0;
    for (const lng of Object.keys(resources)) {
      const { fresh, remembering } = await translators(lng, resources);
      const freshT = fresh.getFixedT(lng, 'common');
      const rememberingT = remembering.getFixedT(lng, 'common');
      for (const ns of Object.keys(resources[lng])) {
        const nsFixedFresh = fresh.getFixedT(lng, ns);
        const nsFixedRemembering = remembering.getFixedT(lng, ns);
        for (const key of keysOf(resources[lng][ns])) {
          for (let round = 0; round < 2; round++) {
            expect(rememberingT(key, { ns })).toBe(freshT(key, { ns }));
            expect(nsFixedRemembering(key)).toBe(nsFixedFresh(key));
            for (const values of [{ name: 'Ana', count: 1 }, { name: 'Bence', count: 7 }]) {
              expect(inRequest(() => [nsFixedRemembering(key, values), nsFixedRemembering(key, values)])).toEqual([nsFixedFresh(key, values), nsFixedFresh(key, values)]);
            }
            compared++;
          }
        }
      }
    }
    expect(compared).toBeGreaterThan(1000);
  });

  it('keep the same key in two namespaces apart', async () => {
    const lng = 'en';
    const { remembering } = await translators(lng, {
      en: { common: { title: 'Common title' }, events: { title: 'Events title' } },
    });
    const t = remembering.getFixedT(lng, 'common');
    expect(t('title')).toBe('Common title');
    expect(t('title', { ns: 'events' })).toBe('Events title');
    expect(t('title')).toBe('Common title');
    expect(t('title', { ns: 'events' })).toBe('Events title');
    // Remembered, not looked up again: a text changed underneath (which never happens on the
    // server) is not seen by the remembered calls, and is by one with other options.
    remembering.addResource(lng, 'events', 'title', 'Changed');
    expect(t('title', { ns: 'events' })).toBe('Events title');
    expect(t('title', { ns: 'events', context: 'none' })).toBe('Changed');
  });

  it('remember calls with plain values for the rest of their request only, each set of values apart', async () => {
    const lng = 'en';
    const { remembering } = await translators(lng, {
      en: { common: { hello: 'Hello {{name}}', item_one: 'one item', item_other: '{{count}} items' } },
    });
    const t = remembering.getFixedT(lng, 'common');
    inRequest(() => {
      for (let round = 0; round < 2; round++) {
        expect(t('hello', { name: 'Ana' })).toBe('Hello Ana');
        expect(t('hello', { name: 'Bence' })).toBe('Hello Bence');
        expect(t('hello', { ns: 'common', name: 'Mads' })).toBe('Hello Mads');
        expect(t('item', { count: 1 })).toBe('one item');
        expect(t('item', { count: 3 })).toBe('3 items');
        // A value that reads like the delimiters of another set of values stays its own.
        expect(t('hello', { name: '","count":"3' })).toBe('Hello ","count":"3');
      }
      // Remembered within the request: a text changed underneath (never on the server) is not seen
      // by the same values, and is by new ones, and by a call with a value that is not plain (a date).
      remembering.addResource(lng, 'common', 'hello', 'Hi {{name}}');
      expect(t('hello', { name: 'Ana' })).toBe('Hello Ana');
      expect(t('hello', { name: 'Zoe' })).toBe('Hi Zoe');
      expect(t('hello', { name: 'Ana', when: new Date(0) })).toBe('Hi Ana');
    });
    // The next request, and work outside any request, ask i18next again: names are not kept.
    expect(inRequest(() => t('hello', { name: 'Ana' }))).toBe('Hi Ana');
    remembering.addResource(lng, 'common', 'hello', 'Hey {{name}}');
    expect(t('hello', { name: 'Ana' })).toBe('Hey Ana');
  });

  it('remember numbers, and values marked lasting, across requests: they are nobody\'s words', async () => {
    const lng = 'en';
    const { fresh, remembering } = await translators(lng, {
      en: { common: { item_one: 'one item', item_other: '{{count}} items', opens: 'Opens {{day}} {{time}}', hello: 'Hello {{name}}' } },
    });
    const t = remembering.getFixedT(lng, 'common');
    const freshT = fresh.getFixedT(lng, 'common');
    const calls = () => [
      t('item', { count: 1 }),
      t('item', { count: 3 }),
      t('item', { ns: 'common', count: 3 }),
      t('item', { defaultValue: '', count: 3 }),
      t('opens', lasting({ day: 'Monday', time: '09:00' })),
      t('opens', lasting({ day: 'Tuesday', time: '09:00' })),
    ];
    const expected = ['one item', '3 items', '3 items', '3 items', 'Opens Monday 09:00', 'Opens Tuesday 09:00'];
    expect(inRequest(calls)).toEqual(expected);
    expect(freshT('opens', lasting({ day: 'Monday', time: '09:00' }))).toBe('Opens Monday 09:00');
    // Changed underneath (never on the server): the next request, and work outside one, still get
    // the remembered texts, where plain values unmarked are asked afresh.
    remembering.addResource(lng, 'common', 'item_other', '{{count}} things');
    remembering.addResource(lng, 'common', 'opens', 'From {{day}} {{time}}');
    remembering.addResource(lng, 'common', 'hello', 'Hi {{name}}');
    expect(inRequest(calls)).toEqual(expected);
    expect(calls()).toEqual(expected);
    expect(inRequest(() => t('hello', lasting({ name: 'Ana' })))).toBe('Hi Ana');
    expect(inRequest(() => t('hello', { name: 'Ana' }))).toBe('Hi Ana');
    // New numbers, and a lasting call with a value that is not plain, are asked afresh.
    expect(t('item', { count: 4 })).toBe('4 things');
    expect(t('opens', lasting({ day: 'Monday', time: new Date(0) }))).toMatch(/^From Monday /);
  });

  it('start over on texts with values for everyone without forgetting the fixed ones', async () => {
    const lng = 'en';
    const { remembering } = await translators(lng, { en: { common: { title: 'Title', item_one: 'one item', item_other: '{{count}} items' } } });
    const t = remembering.getFixedT(lng, 'common');
    expect([t('title'), t('item', { count: 1 })]).toEqual(['Title', 'one item']);
    remembering.addResource(lng, 'common', 'title', 'New title');
    remembering.addResource(lng, 'common', 'item_one', 'a single item');
    // Numbers come from data and addresses: as many as anyone asks for fill only their own store.
    for (let count = 2; count <= 10_002; count++) t('item', { count });
    expect([t('title'), t('item', { count: 1 })]).toEqual(['Title', 'a single item']);
  });

  it('remember a default text with its key, never one default for another', async () => {
    const lng = 'en';
    const { remembering } = await translators(lng, { en: { common: { shown: 'Shown' }, taxonomy: { 'categories.food': 'Food' } } });
    const t = remembering.getFixedT(lng, 'common');
    for (let round = 0; round < 2; round++) {
      expect(t('missing', { ns: 'common', defaultValue: 'first' })).toBe('first');
      expect(t('missing', { ns: 'common', defaultValue: 'second' })).toBe('second');
      expect(t('missing', { defaultValue: 'third' })).toBe('third');
      expect(t('shown', { defaultValue: 'unused' })).toBe('Shown');
      expect(t('categories.food', { ns: 'taxonomy', defaultValue: 'Food and meals' })).toBe('Food');
      // An empty default is a default: the form helpers ask `t(code, { ns, defaultValue: '' })` to see whether a text exists.
      expect(t('absent', { ns: 'common', defaultValue: '' })).toBe('');
      expect(t('absent', { ns: 'common' })).toBe('absent');
    }
    // Remembered: a text added underneath (never on the server) is not seen by the same call.
    remembering.addResource(lng, 'common', 'missing', 'Added');
    expect(t('missing', { ns: 'common', defaultValue: 'first' })).toBe('first');
    expect(t('missing', { ns: 'common', defaultValue: 'first', context: 'none' })).toBe('Added');
  });
});
