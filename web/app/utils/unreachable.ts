import type { ClientActionFunctionArgs, ShouldRevalidateFunction } from '@remix-run/react';

/**
 * A request the browser could not get to the server at all (no network, the server gone), as an
 * answer rather than an error. Remix takes a page to its error boundary when a fetcher's request
 * fails: on a flaky phone connection a background request (the chat marking read, a story's
 * autosave) made that "Something went wrong", with the chat or the editor gone. Those requests
 * answer UNREACHABLE instead; the page says so and tries again.
 */
export const UNREACHABLE = { unreachable: true } as const;
export type Unreachable = typeof UNREACHABLE;

export function isUnreachable(value: unknown): value is Unreachable {
  return typeof value === 'object' && value !== null && (value as Partial<Unreachable>).unreachable === true;
}

/** `fetch` rejects with a TypeError when no answer came; an answer that is an error stays an error. */
export async function orUnreachable<T>(request: () => Promise<T>): Promise<T | Unreachable> {
  try {
    return await request();
  } catch (error) {
    if (error instanceof TypeError) return UNREACHABLE;
    throw error;
  }
}

/**
 * A route's clientAction: posts with one of these intents, which a page sends by itself in the
 * background, answer UNREACHABLE when no answer came. Others (a button someone pressed) fail as before.
 * Only for routes already on screen: a fetcher to a route the browser has not loaded must first
 * learn of it and load its code, and with no network that fails before any clientAction runs.
 */
export function quietWhenUnreachable(intents: readonly string[]) {
  return async ({ request, serverAction }: ClientActionFunctionArgs) => {
    const intent = (await request.clone().formData()).get('intent');
    return typeof intent === 'string' && intents.includes(intent) ? orUnreachable(serverAction) : serverAction();
  };
}

/** After an answer that never came, the page's loaders are not read again: they could not be either. */
export const skipRevalidationWhenUnreachable: ShouldRevalidateFunction = ({ actionResult, defaultShouldRevalidate }) =>
  isUnreachable(actionResult) ? false : defaultShouldRevalidate;
