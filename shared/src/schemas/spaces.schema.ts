import { z } from 'zod';
import { SUPPORTED_LOCALES } from '../locales.js';
import { SPACE_NOTIFICATION_LEVELS } from '../notifications.js';
import { publicUserSchema } from './accounts.schema.js';
import { text } from './common.schema.js';

export const SPACE_VISIBILITIES = ['public', 'private', 'hidden'] as const;
export type SpaceVisibility = (typeof SPACE_VISIBILITIES)[number];
export const SPACE_ROLES = ['member', 'moderator', 'host'] as const;
export type SpaceRole = (typeof SPACE_ROLES)[number];

export const SPACE_NAME_MAX = 80;
export const SPACE_DESCRIPTION_MAX = 2000;
export const GUIDELINES_MAX = 10_000;

/** Plain text with line breaks, trimmed, at most `max` characters: the shared text rule. */
export const plainText = (max: number) => text(max, { multiline: true });

export const createSpaceSchema = z.strictObject({
  name: plainText(SPACE_NAME_MAX).min(3, { error: 'validation.spaceNameLength' }),
  description: plainText(SPACE_DESCRIPTION_MAX),
  visibility: z.enum(SPACE_VISIBILITIES, { error: 'validation.visibility' }),
  language: z.enum(SUPPORTED_LOCALES, { error: 'validation.locale' }).optional(),
  /** Community guidelines as plain text with line breaks; members accept them on joining. */
  guidelines: plainText(GUIDELINES_MAX).optional(),
});
export type CreateSpaceInput = z.infer<typeof createSpaceSchema>;

export const updateSpaceSchema = createSpaceSchema.partial();
export type UpdateSpaceInput = z.infer<typeof updateSpaceSchema>;

export const listSpacesQuerySchema = z.object({
  q: plainText(100).optional(),
  language: z.enum(SUPPORTED_LOCALES, { error: 'validation.locale' }).optional(),
  mine: z.enum(['true', 'false']).optional(),
  limit: z.coerce.number({ error: 'validation.invalidType' }).int().min(1).max(100).default(20),
  cursor: text(200).optional(),
});

export const joinSpaceSchema = z.strictObject({
  /** The person has read the guidelines and agrees to them. */
  acceptGuidelines: z.literal(true, { error: 'validation.acceptGuidelines' }).optional(),
  inviteToken: text(200).min(10).optional(),
  note: plainText(500).optional(),
});
export type JoinSpaceInput = z.infer<typeof joinSpaceSchema>;

export const setRoleSchema = z.strictObject({ role: z.enum(SPACE_ROLES, { error: 'validation.role' }) });

export const createInviteSchema = z.strictObject({
  maxUses: z.number({ error: 'validation.invalidType' }).int().min(1).max(1000).default(1),
  expiresInHours: z.number({ error: 'validation.invalidType' }).int().min(1).max(24 * 90).default(72),
});
export type CreateInviteInput = z.infer<typeof createInviteSchema>;

export const membershipSchema = z.object({
  role: z.enum(SPACE_ROLES),
  joinedAt: z.string(),
  guidelinesAccepted: z.boolean(),
  showTyping: z.boolean(),
  lastReadSeq: z.number(),
  /** What this member is told of the space's messages (the level in their notification preferences; 'mentions' unless they chose). */
  notifyLevel: z.enum(SPACE_NOTIFICATION_LEVELS),
});
export type Membership = z.infer<typeof membershipSchema>;

export const spaceSchema = z.object({
  id: z.uuid(),
  slug: z.string(),
  name: z.string(),
  description: z.string(),
  visibility: z.enum(SPACE_VISIBILITIES),
  language: z.enum(SUPPORTED_LOCALES).nullable(),
  guidelines: z.string(),
  guidelinesVersion: z.number(),
  archivedAt: z.string().nullable(),
  createdAt: z.string(),
  memberCount: z.number(),
  membership: membershipSchema.nullable(),
  /** Pending join request of the caller, for private spaces. */
  requestPending: z.boolean(),
  unreadCount: z.number(),
  lastSeq: z.number(),
  /** A direct space belongs to a one-to-one conversation (its two members only ever see it): that conversation. */
  conversationId: z.uuid().nullable(),
});
export type Space = z.infer<typeof spaceSchema>;

export const memberSchema = z.object({ user: publicUserSchema, role: z.enum(SPACE_ROLES), joinedAt: z.string() });
export type Member = z.infer<typeof memberSchema>;

export const joinRequestSchema = z.object({
  id: z.uuid(),
  user: publicUserSchema,
  note: z.string().nullable(),
  createdAt: z.string(),
});
export type JoinRequest = z.infer<typeof joinRequestSchema>;

/**
 * Removing someone bans them from the space: for good, or until `until` (a time in the future).
 * The reason is for the keepers' list; the person is told they were removed.
 */
export const removeMemberSchema = z.strictObject({
  until: z.iso
    .datetime({ offset: true, error: 'validation.dateTime' })
    .refine((v) => new Date(v).getTime() > Date.now(), { error: 'validation.untilInFuture' })
    .optional(),
  reason: plainText(500).optional(),
});
export type RemoveMemberInput = z.infer<typeof removeMemberSchema>;

export const spaceBanSchema = z.object({
  user: publicUserSchema,
  until: z.string().nullable(),
  reason: z.string().nullable(),
  bannedBy: z.string().nullable(),
  createdAt: z.string(),
});
export type SpaceBan = z.infer<typeof spaceBanSchema>;
