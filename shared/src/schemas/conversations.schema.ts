import { z } from 'zod';
import { publicUserSchema } from './accounts.schema.js';

const uuid = z.uuid({ error: 'validation.uuid' });

/** Who may start a conversation with a person; existing conversations go on whatever they choose. */
export const MESSAGE_ALLOW_FROM = ['everyone', 'shared_space', 'matches', 'nobody'] as const;
export type MessageAllowFrom = (typeof MESSAGE_ALLOW_FROM)[number];

export const CONVERSATION_ORIGINS = ['direct', 'match', 'outreach'] as const;
export type ConversationOrigin = (typeof CONVERSATION_ORIGINS)[number];

/**
 * `request`: waiting for the recipient's yes (only the one who began it may write); `open`: both
 * write; `ignored`: the recipient set the request aside (the sender is not told); `declined`: an
 * outreach the person said no to; `ended`: one of them blocked the other.
 */
export const CONVERSATION_STATES = ['request', 'open', 'ignored', 'declined', 'ended'] as const;
export type ConversationState = (typeof CONVERSATION_STATES)[number];

export const OUTREACH_ROLES = ['safeguarding', 'keeper', 'org_staff'] as const;
export type OutreachRole = (typeof OUTREACH_ROLES)[number];

export const openConversationSchema = z.strictObject({ userId: uuid });
export type OpenConversationInput = z.infer<typeof openConversationSchema>;

export const outreachSchema = z.strictObject({ itemId: uuid });
export type OutreachInput = z.infer<typeof outreachSchema>;

export const messageSettingsSchema = z.strictObject({ allowFrom: z.enum(MESSAGE_ALLOW_FROM, { error: 'validation.invalidValue' }) });
export type MessageSettings = z.infer<typeof messageSettingsSchema>;

export const conversationListQuerySchema = z.object({ box: z.enum(['inbox', 'requests']).default('inbox') });

export const conversationSchema = z.object({
  id: z.uuid(),
  spaceId: z.uuid(),
  origin: z.enum(CONVERSATION_ORIGINS),
  state: z.enum(CONVERSATION_STATES),
  /** True when the caller began it (so a pending request is theirs to wait on, not to answer). */
  startedByMe: z.boolean(),
  /** The other person, or null once their account is gone. */
  other: publicUserSchema.nullable(),
  /** Written in no more: a mentoring match that ended. */
  readOnly: z.boolean(),
  /** An outreach says in what capacity the other person reached out, and from where. */
  outreach: z.object({ as: z.enum(OUTREACH_ROLES), context: z.string().nullable() }).nullable(),
  unreadCount: z.number(),
  lastSeq: z.number(),
  /** The caller's own read position (the other person never learns it: no read receipts). */
  lastReadSeq: z.number(),
  updatedAt: z.string(),
  /** The mentoring match this conversation belongs to (its latest), told only to its two sides. */
  matchId: z.uuid().nullable(),
});
export type Conversation = z.infer<typeof conversationSchema>;

export const conversationListSchema = z.object({ items: z.array(conversationSchema) });
