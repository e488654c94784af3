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

/**
 * A page's own GET to the API may ask for the frame to come along (`X-Include-Layout: 1`): the
 * answer then carries it in `X-Layout`, as base64 of this schema's JSON, when the route checked the
 * caller's credentials and the frame fits in this many characters (a 2,000-character banner in
 * Latin, Cyrillic or Greek letters fits with room to spare; the web's HTTP client takes 16 KiB of
 * headers in all). Without it the web asks GET /api/layout.
 */
export const LAYOUT_ALONG_REQUEST_HEADER = 'x-include-layout';
export const LAYOUT_ALONG_RESPONSE_HEADER = 'x-layout';
export const LAYOUT_ALONG_MAX_BYTES = 11_000;
