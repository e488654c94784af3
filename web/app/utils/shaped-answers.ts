import type { Parser } from './api.server';

/* Light checks of API answers: the fields a page relies on are there before the page uses them. */
export const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

export function shaped<T>(check: (value: Record<string, unknown>) => boolean, what: string): Parser<T> {
  return {
    safeParse(value) {
      return isObject(value) && check(value) ? { success: true, data: value as T } : { success: false, error: `not ${what}` };
    },
  };
}

/** `{ items: [...] }` where every item passes `check`. */
export const listOf = (check: (v: Record<string, unknown>) => boolean) => (v: Record<string, unknown>) => Array.isArray(v.items) && v.items.every((i) => isObject(i) && check(i));
