import type { i18n } from 'i18next';
import { LASTING_VALUES } from '~/utils/lasting-values';

type FixedT = ReturnType<i18n['getFixedT']>;
/** What i18next's fixed `t` is at run time: a function carrying what it was fixed to. */
type PlainFixedT = ((...args: unknown[]) => unknown) & { lng?: string; lngs?: readonly string[]; ns?: unknown; keyPrefix?: string };

/** Keys a translator remembers before it starts over: keys come from code, the bound is a guard. */
const TEXTS_PER_TRANSLATOR = 20_000;
/**
 * Texts with values that are the same for every reader (numbers, values marked `lasting`) a
 * translator remembers before it starts over. Kept apart from the texts above: their values come
 * from data and addresses, and however many of them a visitor asks for, only these start over.
 */
const LASTING_TEXTS_PER_TRANSLATOR = 10_000;
/**
 * Other texts with values in them (a name, a moderator's reason) are remembered for one request
 * only: that is where they repeat (a name on every message of a page), and people's words do not
 * stay in the server's memory after the page has gone. A guard for an unusual page.
 */
const TEXTS_WITH_VALUES_PER_REQUEST = 1_000;

/**
 * Makes an i18next instance remember the text of every key it is asked for without options.
 *
 * The server keeps one instance per language (entry.server.tsx) that never changes language or
 * resources, so `t('nav.home')` always answers the same text; i18next still resolves it afresh each
 * time (namespaces, fallbacks, nesting, interpolation checks), and a page asks for hundreds of
 * them: 6 % of the web's CPU under `npm run bench -- pages`. A call whose only options are the
 * namespace (`t('nav.events', { ns: 'events' })`, most page titles) and a default text is just as
 * fixed, so it is remembered too. A call whose options are all plain values (a name, a count, a
 * context) is remembered for the rest of its request: the same values always answer the same text,
 * and a space page asks for "Block {{name}}" and its like some 160 times, for a handful of names
 * (5 % of the web's CPU on that page). Values that are only numbers (a count), or that the call
 * marks as the same for everyone (`lasting`: an opening time), are remembered across requests, in
 * a store of their own: the directory's six distances and twenty opening badges cost 6 % of the
 * web's CPU on its page when asked afresh on every page. Calls with anything else among their
 * options (an object, a date) go to i18next as before. `requestMemo` answers the running
 * request's memo (none outside one). Only for the server: in the browser the language can change.
 */
export function rememberPlainTranslations(instance: i18n, requestMemo: () => Map<string, unknown> | undefined): void {
  const fixedTFor = instance.getFixedT.bind(instance);
  const remembered = new Map<string, FixedT>();
  instance.getFixedT = ((lng: string | readonly string[] | null, ns?: string | readonly string[] | null, keyPrefix?: string) => {
    const id = `${String(lng)}\u0000${String(ns)}\u0000${String(keyPrefix)}`;
    let t = remembered.get(id);
    if (!t) {
      const translate = fixedTFor(lng as string, ns as string, keyPrefix as never) as unknown as PlainFixedT;
      const texts = new Map<string, string>();
      const lastingTexts = new Map<string, string>();
      const withValuesId = `translations\u0000${id}`;
      const rememberIn = (store: Map<string, string>, bound: number, textId: string, ask: () => unknown) => {
        let text = store.get(textId);
        if (text === undefined) {
          const answer = ask();
          if (typeof answer !== 'string') return answer;
          if (store.size >= bound) store.clear();
          store.set(textId, (text = answer));
        }
        return text;
      };
      const rememberingT = (key: unknown, ...rest: unknown[]) => {
        if (typeof key !== 'string' || rest.length > 1) return translate(key, ...rest);
        if (rest.length === 0) return rememberIn(texts, TEXTS_PER_TRANSLATOR, key, () => translate(key));
        const options = rest[0];
        const fixedBy = fixedOptionsId(options);
        if (fixedBy !== undefined) return rememberIn(texts, TEXTS_PER_TRANSLATOR, `${fixedBy}\u0000${key}`, () => translate(key, options));
        const lastingBy = lastingValuesId(options);
        if (lastingBy !== undefined) return rememberIn(lastingTexts, LASTING_TEXTS_PER_TRANSLATOR, `${lastingBy}\u0000${key}`, () => translate(key, options));
        return withValues(key, options);
      };
      // Plain values: remembered in this request's memo; anything else, or outside a request, asked afresh.
      const withValues = (key: string, options: unknown) => {
        const valuesBy = plainValuesId(options);
        const memo = valuesBy === undefined ? undefined : requestMemo();
        if (!memo) return translate(key, options);
        let remembered = memo.get(withValuesId) as Map<string, string> | undefined;
        if (!remembered) memo.set(withValuesId, (remembered = new Map()));
        const textId = `${valuesBy}\u0000${key}`;
        let text = remembered.get(textId);
        if (text === undefined) {
          const answer: unknown = translate(key, options);
          if (typeof answer !== 'string' || remembered.size >= TEXTS_WITH_VALUES_PER_REQUEST) return answer;
          remembered.set(textId, (text = answer));
        }
        return text;
      };
      // react-i18next reads these back from the function it is given.
      t = Object.assign(rememberingT, { lng: translate.lng, lngs: translate.lngs, ns: translate.ns, keyPrefix: translate.keyPrefix }) as unknown as FixedT;
      if (remembered.size >= 1_000) remembered.clear();
      remembered.set(id, t);
    }
    return t;
  }) as i18n['getFixedT'];
}

/**
 * For options that fix the answer by themselves, a string naming them; otherwise undefined. Those
 * are a namespace (`{ ns: 'events' }`) and a default text (`{ ns: 'taxonomy', defaultValue: term }`,
 * the directory's labels): the same key with the same default always answers the same.
 */
function fixedOptionsId(options: unknown): string | undefined {
  if (typeof options !== 'object' || options === null) return undefined;
  for (const name in options) if (name !== 'ns' && name !== 'defaultValue') return undefined;
  const { ns, defaultValue } = options as { ns?: unknown; defaultValue?: unknown };
  if (typeof ns !== 'string' && ns !== undefined) return undefined;
  if (typeof defaultValue !== 'string' && defaultValue !== undefined) return undefined;
  if (ns === undefined && defaultValue === undefined) return undefined;
  // An empty default and none at all answer differently ('' against the key): the id tells them apart.
  return `${ns ?? ''}\u0000${defaultValue === undefined ? '-' : `+${defaultValue}`}`;
}

/**
 * For options whose values are the same for every reader, a string naming them; otherwise
 * undefined. Those are numbers besides a namespace and a default text (`{ ns, count: 5 }`), which
 * are nobody's words, and plain values the call marks `lasting` (an opening time).
 */
function lastingValuesId(options: unknown): string | undefined {
  if (typeof options !== 'object' || options === null || Array.isArray(options)) return undefined;
  if ((options as { [LASTING_VALUES]?: unknown })[LASTING_VALUES] !== true) {
    for (const name in options) {
      const value = (options as Record<string, unknown>)[name];
      if (name === 'ns' || name === 'defaultValue' ? typeof value !== 'string' : !isPlainNumber(value)) return undefined;
    }
  }
  return plainValuesId(options);
}

/** -0 would name the same values as 0 and could print differently ("-0"). */
const isPlainNumber = (value: unknown) => typeof value === 'number' && Number.isFinite(value) && !Object.is(value, -0);

/**
 * For options that are all plain values (strings, booleans, finite numbers: `{ name }`,
 * `{ count }`, `{ ns, context }`), a string naming them; otherwise undefined. JSON names them
 * unambiguously, in the order the call gives them.
 */
function plainValuesId(options: unknown): string | undefined {
  if (typeof options !== 'object' || options === null || Array.isArray(options)) return undefined;
  for (const name in options) {
    const value = (options as Record<string, unknown>)[name];
    if (typeof value === 'string' || typeof value === 'boolean' || isPlainNumber(value)) continue;
    return undefined;
  }
  return JSON.stringify(options);
}
