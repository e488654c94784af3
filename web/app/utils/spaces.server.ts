import {
  joinRequestSchema,
  memberSchema,
  messageSchema,
  spaceBanSchema,
  spaceSchema,
  spaceViewSchema,
  type JoinRequest,
  type SpaceBan,
  type Member,
  type Message,
  type Page,
  type Space,
} from '@sorstars/shared';
import { api, type ApiFailure, type Parser } from './api.server';

/** `{ items: T[], nextCursor }` with each item checked by the shared schema. */
function pageOf<T>(item: { array(): Parser<T[]> }): Parser<Page<T>> {
  const items = item.array();
  return {
    safeParse(value) {
      const body = value as { items?: unknown; nextCursor?: unknown } | null;
      const parsed = items.safeParse(body?.items);
      if (!parsed.success) return parsed;
      const nextCursor = typeof body?.nextCursor === 'string' ? body.nextCursor : null;
      return { success: true, data: { items: parsed.data, nextCursor } };
    },
  };
}

/** `{ items: T[] }` lists without a cursor (members, requests). */
function listOf<T>(item: { array(): Parser<T[]> }): Parser<{ items: T[] }> {
  const items = item.array();
  return {
    safeParse(value) {
      const parsed = items.safeParse((value as { items?: unknown } | null)?.items);
      return parsed.success ? { success: true, data: { items: parsed.data } } : parsed;
    },
  };
}

export const spacePageSchema = pageOf<Space>(spaceSchema);
export const messagePageSchema = pageOf<Message>(messageSchema);
export const memberListSchema = listOf<Member>(memberSchema);
export const requestListSchema = listOf<JoinRequest>(joinRequestSchema);
export const banListSchema = listOf<SpaceBan>(spaceBanSchema);

export interface Invite {
  id: string;
  maxUses: number;
  uses: number;
  expiresAt: string;
  createdAt: string;
}
export interface CreatedInvite extends Invite {
  token: string;
  path: string;
}

function isInvite(value: unknown): value is Invite {
  const v = value as Record<string, unknown> | null;
  return (
    typeof v?.id === 'string' &&
    typeof v.maxUses === 'number' &&
    typeof v.uses === 'number' &&
    typeof v.expiresAt === 'string' &&
    typeof v.createdAt === 'string'
  );
}

export const inviteListSchema: Parser<{ items: Invite[] }> = {
  safeParse(value) {
    const items = (value as { items?: unknown } | null)?.items;
    return Array.isArray(items) && items.every(isInvite)
      ? { success: true, data: { items } }
      : { success: false, error: 'not a list of invites' };
  },
};

export const createdInviteSchema: Parser<CreatedInvite> = {
  safeParse(value) {
    const v = value as Record<string, unknown> | null;
    return isInvite(v) && typeof v.token === 'string' && typeof v.path === 'string'
      ? { success: true, data: v as unknown as CreatedInvite }
      : { success: false, error: 'not an invite' };
  },
};

export const sentMessageSchema: Parser<{ message: Message }> = {
  safeParse(value) {
    const parsed = messageSchema.safeParse((value as { message?: unknown } | null)?.message);
    return parsed.success ? { success: true, data: { message: parsed.data } } : parsed;
  },
};

/**
 * Loads a space by slug (or id) for the signed-in person. A space that does not exist, or is
 * hidden from them, becomes a 404 page; an API that cannot be reached, the general error page.
 */
export async function loadSpace(request: Request, slug: string, locale: string, invite?: string): Promise<Space> {
  const query = invite ? `?${new URLSearchParams({ invite })}` : '';
  const result = await api(request, `/api/spaces/${encodeURIComponent(slug)}${query}`, { schema: spaceSchema, locale });
  if (!result.ok) throw failureResponse(result);
  return result.data;
}

/** Turns an API failure a page cannot work around into the matching error page. */
export function failureResponse(failure: ApiFailure): Response {
  const status = failure.status === 404 ? 404 : failure.status === 403 ? 403 : 500;
  return new Response(null, { status });
}

/** A page of history as the chat shows it: oldest first (the API answers newest first). */
export interface History {
  messages: Message[];
  hasEarlier: boolean;
}
const oldestFirst = (page: Page<Message>): History => ({ messages: [...page.items].reverse(), hasEarlier: page.nextCursor !== null });
const historyQuery = (before?: string, around?: string) => new URLSearchParams({ limit: '50', ...(before ? { before } : around ? { around } : {}) });

/** The space's messages, or null when they could not be loaded. */
export async function loadMessages(request: Request, spaceId: string, locale: string, before?: string, around?: string): Promise<History | null> {
  const result = await api(request, `/api/spaces/${spaceId}/messages?${historyQuery(before, around)}`, { schema: messagePageSchema, locale });
  return result.ok ? oldestFirst(result.data) : null;
}

/**
 * A space's page in one API call: the space (a 404 page when it is hidden or gone) and, for a
 * member who sees its chat, its latest messages or those before or around one. `history` is null
 * for anyone else, and when the messages could not be read (a message that is no longer there, an
 * old search result; an API failing): the space is then asked for alone, and the page says its
 * history could not be loaded, as when the two were asked for separately.
 */
export async function loadSpaceView(request: Request, slug: string, locale: string, before?: string, around?: string): Promise<{ space: Space; history: History | null }> {
  const result = await api(request, `/api/spaces/${encodeURIComponent(slug)}/view?${historyQuery(before, around)}`, { schema: spaceViewSchema, locale });
  if (!result.ok) {
    if (result.problem.code === 'MESSAGE_NOT_FOUND' || result.status >= 500) return { space: await loadSpace(request, slug, locale), history: null };
    throw failureResponse(result);
  }
  return { space: result.data.space, history: result.data.history && oldestFirst(result.data.history) };
}

export { canManage, isHost } from './spaces';
