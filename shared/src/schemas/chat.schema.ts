import { z } from 'zod';
import { publicUserSchema } from './accounts.schema.js';
import { text, type Page } from './common.schema.js';
import { spaceSchema } from './spaces.schema.js';

export const MESSAGE_MAX = 4000;
/** Supportive reactions only: a small fixed set, counts visible, no leaderboard. */
export const MESSAGE_REACTIONS = ['heart', 'hug', 'strength', 'thanks', 'same'] as const;
export type MessageReaction = (typeof MESSAGE_REACTIONS)[number];

/** Plain text with line breaks; control characters are refused rather than silently dropped. */
export const messageBodySchema = text(MESSAGE_MAX, { multiline: true, tooLong: 'validation.messageTooLong' })
  .refine((s) => s.length > 0, { error: 'validation.messageEmpty' })
  .transform((s) => s.replace(/\r\n?/g, '\n'));

const uuid = z.uuid({ error: 'validation.uuid' });

export const sendMessageSchema = z.strictObject({
  spaceId: uuid,
  clientId: uuid,
  body: messageBodySchema,
  replyToId: uuid.nullish(),
});
export type SendMessageInput = z.infer<typeof sendMessageSchema>;

export const editMessageSchema = z.strictObject({ messageId: uuid, body: messageBodySchema });
export const deleteMessageSchema = z.strictObject({ messageId: uuid });
export const reactSchema = z.strictObject({
  messageId: uuid,
  kind: z.enum(MESSAGE_REACTIONS, { error: 'validation.reaction' }),
});
export const spaceRefSchema = z.strictObject({ spaceId: uuid });
export const sinceSchema = z.strictObject({ spaceId: uuid, afterId: uuid.nullish() });
export const historyQuerySchema = z.object({
  before: uuid.optional(),
  /** A message to show in context (search results link here): it, up to 10 after it, and those before. */
  around: uuid.optional(),
  limit: z.coerce.number({ error: 'validation.invalidType' }).int().min(1).max(100).default(50),
});
export const markReadSchema = z.strictObject({ seq: z.number({ error: 'validation.invalidType' }).int().min(0) });

export const reactionCountSchema = z.object({ kind: z.enum(MESSAGE_REACTIONS), count: z.number(), mine: z.boolean() });

export const messageSchema = z.object({
  id: uuid,
  spaceId: uuid,
  seq: z.number(),
  clientId: uuid,
  author: publicUserSchema.nullable(),
  body: z.string(),
  replyToId: uuid.nullable(),
  /**
   * A short quote of the message replied to, so a reply reads on its own. `blocked`: its author is
   * someone the reader blocked, so it carries neither their name nor their words (false when an
   * API from before it leaves it out, as it may while a new web is rolled out first).
   */
  replyTo: z
    .object({ id: uuid, author: publicUserSchema.nullable(), excerpt: z.string(), deleted: z.boolean(), blocked: z.boolean().default(false) })
    .nullable(),
  mentions: z.array(uuid),
  createdAt: z.string(),
  editedAt: z.string().nullable(),
  deletedAt: z.string().nullable(),
  reactions: z.array(reactionCountSchema),
  /** Set when moderators held, hid or removed it; the reason only reaches its author. */
  moderation: z.object({ state: z.enum(['pending', 'hidden', 'removed']), reason: z.string().nullable() }).nullable(),
});
export type Message = z.infer<typeof messageSchema>;

/** A quote of someone the reader blocked: it keeps its place, with neither their name nor their words. */
export const blockedQuote = (id: string): NonNullable<Message['replyTo']> => ({ id, author: null, excerpt: '', deleted: false, blocked: true });

/**
 * A message as someone who blocked the author it quotes sees it. The API sends it so; a page
 * applies it at once after a block.
 */
export const withoutQuote = (message: Message): Message => (message.replyTo ? { ...message, replyTo: blockedQuote(message.replyTo.id) } : message);
/** A page of a space's messages, newest first; `nextCursor` is the id to ask `before` for the next. */
export type MessagePage = Page<Message>;

/**
 * `GET /api/spaces/:idOrSlug/view`: what a space's page shows in one answer: the space, and for a
 * member who accepted its guidelines (the people who see its chat there) a page of its messages as
 * `GET /api/spaces/:id/messages` answers it; `history` is null for anyone else, and for a one-to-one
 * conversation's space (read through /api/conversations).
 */
export const spaceViewSchema = z.object({
  space: spaceSchema,
  history: z.object({ items: z.array(messageSchema), nextCursor: z.string().nullable() }).nullable(),
});
export type SpaceView = z.infer<typeof spaceViewSchema>;
