/**
 * A request the browser could not get to the server at all (no network, the server gone), as an
 * answer rather than an error. Remix takes a page to its error boundary when a fetcher's request
 * fails: for the chat's background requests on a flaky phone connection that was "Something went
 * wrong" and the chat gone. Those requests answer UNREACHABLE instead, and the chat says so and
 * tries again.
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
