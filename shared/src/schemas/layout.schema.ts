import { z } from 'zod';
import { userSchema } from './accounts.schema.js';
import { bannerAnswerSchema } from './moderation-answers.schema.js';

/**
 * GET /api/layout: what the frame of every page shows — who is signed in (null for a visitor),
 * their unread notifications, the emergency banner in their language — in one answer, so a page
 * costs the API one call for its frame instead of three.
 */
export const layoutAnswerSchema = z.object({
  user: userSchema.partial({ createdAt: true }).nullable(),
  /** Counted up to 100: 100 means "99+". */
  unreadNotifications: z.number().int().nonnegative(),
  banner: bannerAnswerSchema.shape.banner,
});
export type LayoutAnswer = z.infer<typeof layoutAnswerSchema>;
