import { z } from 'zod';
import { isIanaTimeZone } from '../time-zones.js';

/** zod's error option for required fields: "please fill this in" when missing, "wrong form" otherwise. */
export const requiredText = { error: (issue: { input?: unknown }) => (issue.input === undefined ? 'validation.required' : 'validation.invalidType') };

/** A canonical UUID, as the API writes ids. */
export const UUID_PATTERN = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** An IANA time-zone name (see isIanaTimeZone): events now, the resource directory later. */
export const timeZoneSchema = z
  .string(requiredText)
  .refine(isIanaTimeZone, { error: 'validation.timezone' });

export const uuidSchema = z.uuid({ error: 'validation.uuid' });

export const paginationQuerySchema = z.object({
  limit: z.coerce.number().int().min(1).max(100).default(20),
  cursor: z.string().max(200).optional(),
});

export interface Page<T> {
  items: T[];
  nextCursor: string | null;
}

export const healthSchema = z.object({
  status: z.literal('ok'),
  database: z.enum(['embedded', 'postgres']),
  search: z.enum(['postgres', 'meilisearch']),
  realtime: z.enum(['memory', 'redis']),
});
export type Health = z.infer<typeof healthSchema>;
