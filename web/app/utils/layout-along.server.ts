import { layoutAnswerSchema, type LayoutAnswer } from '@sorstars/shared';
import { readsMemo } from './request-memo.server';

/*
 * The page's frame (who is signed in, their unread count, the banner) comes along with the page's
 * own API call when it can, instead of costing a GET /api/layout of its own (LAYOUT_ALONG_* in
 * shared). Remix starts the root loader, which wants the frame, and the page's loader together.
 * The frame, once wanted, waits one turn of the event loop for a call of the page to offer to carry
 * it; the first GET the page sends in that turn does. When none does, when the carried frame does
 * not come back (a failed answer, a route that does not read credentials), or when it was asked
 * in another language, the frame is asked for on its own, as before.
 */

interface Along {
  /** The root (or a loader asking who is signed in) wants the frame of this request. */
  wanted: boolean;
  /** Past the turn in which a page's call may still offer to carry it. */
  closed: boolean;
  carried?: { language: string; frame: Promise<LayoutAnswer | null> };
}

/** Per page request and session cookie: a page's calls all forward the same one. */
function alongFor(request: Request): Along | undefined {
  const memo = readsMemo(request);
  if (!memo) return undefined;
  const key = `layout-along:${request.headers.get('Cookie') ?? ''}`;
  let along = memo.get(key) as Along | undefined;
  if (!along) memo.set(key, (along = { wanted: false, closed: false }));
  return along;
}

/**
 * For a GET the page is about to send, in `language`: when the frame is wanted and not yet
 * carried, this call carries it. Returns what to do with the answer's `X-Layout` header (null when
 * there was no answer), which must always be called once the call ends; null when this call
 * carries nothing.
 */
export function offerToCarryLayout(request: Request, language: string): ((header: string | null) => void) | null {
  const along = alongFor(request);
  if (!along?.wanted || along.closed || along.carried) return null;
  let settle!: (frame: LayoutAnswer | null) => void;
  along.carried = { language, frame: new Promise((resolve) => (settle = resolve)) };
  return (header) => settle(header === null ? null : decodeFrame(header));
}

/**
 * The frame as a page's call carried it, or null when none did (then the caller asks for it). Say
 * first, synchronously, that the frame is wanted: the page's calls only offer once it is.
 */
export function carriedLayout(request: Request): { wait(language: string): Promise<LayoutAnswer | null> } {
  const along = alongFor(request);
  if (along) along.wanted = true;
  return {
    async wait(language) {
      if (!along) return null;
      await new Promise((resolve) => setImmediate(resolve));
      along.closed = true;
      if (!along.carried || along.carried.language !== language) return null;
      return along.carried.frame;
    },
  };
}

function decodeFrame(header: string): LayoutAnswer | null {
  try {
    const parsed = layoutAnswerSchema.safeParse(JSON.parse(Buffer.from(header, 'base64').toString('utf8')));
    return parsed.success ? parsed.data : null;
  } catch {
    return null;
  }
}
