import { z } from 'zod';
import { PLATFORM_ROLES } from './accounts.schema.js';
import { isoDateTime, text } from './common.schema.js';
import { plainText } from './spaces.schema.js';

/**
 * The admins' people pages: find a person, see what was done about them, change their platform
 * roles, suspend them and lift a suspension. Every change is written to the platform moderation log.
 */
export const peopleQuerySchema = z.object({
  /** The start of a username; case and accents do not matter. Empty lists everyone. */
  q: text(32).default(''),
  limit: z.coerce.number().int().min(1).max(100).default(20),
  /** The last username of the previous page. */
  cursor: text(200).optional(),
});

const reason = plainText(1000).min(1, { error: 'validation.required' });

export const changeRoleSchema = z.strictObject({
  role: z.enum(PLATFORM_ROLES, { error: 'validation.role' }),
  reason: plainText(1000).optional(),
});
export type ChangeRoleInput = z.infer<typeof changeRoleSchema>;

export const suspendPersonSchema = z.strictObject({
  reason,
  /** Without an end the suspension lasts until an admin lifts it. */
  until: isoDateTime.refine((v) => new Date(v).getTime() > Date.now(), { error: 'validation.untilInFuture' }).nullish(),
});
export type SuspendPersonInput = z.infer<typeof suspendPersonSchema>;

export const liftSuspensionSchema = z.strictObject({ reason });

const personSummary = z.object({
  id: z.string(),
  username: z.string(),
  displayName: z.string().nullable(),
  roles: z.array(z.enum(PLATFORM_ROLES)),
  status: z.enum(['active', 'suspended']),
  suspendedUntil: z.string().nullable(),
});
export type PersonSummary = z.infer<typeof personSummary>;
export const peopleListSchema = z.object({ items: z.array(personSummary), nextCursor: z.string().nullable() });

const sanction = z.object({
  id: z.string(),
  action: z.string(),
  targetType: z.string(),
  role: z.string().nullable(),
  spaceId: z.string().nullable(),
  spaceName: z.string().nullable(),
  reason: z.string().nullable(),
  until: z.string().nullable(),
  createdAt: z.string(),
  moderator: z.string().nullable(),
});
export const personDetailSchema = personSummary.extend({
  createdAt: z.string(),
  /** The platform log's entries about this person, newest first. */
  history: z.array(sanction),
  /** Spaces that keep them out now (a removal from a space is a ban). */
  bans: z.array(z.object({ spaceId: z.string(), spaceName: z.string(), until: z.string().nullable(), reason: z.string().nullable() })),
  mutes: z.array(z.object({ spaceId: z.string(), spaceName: z.string(), until: z.string() })),
  /** Review items about them: what was reported and why; reporters stay out of this page. */
  reports: z.array(z.object({ id: z.string(), kind: z.string(), targetType: z.string(), status: z.string(), resolution: z.string().nullable(), reasons: z.array(z.string()), createdAt: z.string() })),
});
export type PersonDetail = z.infer<typeof personDetailSchema>;
