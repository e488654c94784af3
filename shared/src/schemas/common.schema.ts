import { z } from 'zod';

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
