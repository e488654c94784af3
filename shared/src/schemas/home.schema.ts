import { z } from 'zod';

/**
 * GET /api/me/home: everything a signed-in person's home page shows, in one answer, each list
 * holding only what they may read now. Lenient about extra fields; strict about what pages show.
 */
export const FIRST_STEPS = ['joinSpace', 'contentNotes', 'recoveryCodes'] as const;
export type FirstStep = (typeof FIRST_STEPS)[number];

const homeSpaceSchema = z.object({
  id: z.string(),
  slug: z.string(),
  name: z.string(),
  role: z.enum(['member', 'moderator', 'host']),
  /** Unread messages, counted up to `unreadCap` ("99+"). */
  unread: z.number().int().nonnegative(),
});

const homeEventSchema = z.object({
  id: z.string(),
  title: z.string(),
  occurrence: z.string(),
  startsAt: z.string(),
  endsAt: z.string(),
  timezone: z.string(),
  allDay: z.boolean(),
  locationName: z.string().nullable(),
  space: z.object({ slug: z.string(), name: z.string() }).nullable(),
});

const homeStorySchema = z.object({
  id: z.string(),
  title: z.string(),
  visibility: z.enum(['public', 'members', 'space']),
  language: z.string(),
  contentWarnings: z.array(z.string()),
  /** null when the story is anonymous or its author's account is gone. */
  author: z.object({ username: z.string(), displayName: z.string().nullable() }).nullable(),
  space: z.object({ slug: z.string(), name: z.string() }).nullable(),
  publishedAt: z.string(),
});

const homeNotificationSchema = z.object({
  id: z.string(),
  kind: z.string(),
  data: z.record(z.string(), z.unknown()),
  createdAt: z.string(),
  readAt: z.string().nullable(),
});

export const homeAnswerSchema = z.object({
  spaces: z.object({ items: z.array(homeSpaceSchema), unreadCap: z.number().int() }),
  events: z.object({ items: z.array(homeEventSchema) }),
  stories: z.object({ items: z.array(homeStorySchema) }),
  notifications: z.object({ items: z.array(homeNotificationSchema), unread: z.number().int().nonnegative() }),
  firstSteps: z.object({ items: z.array(z.object({ step: z.enum(FIRST_STEPS), done: z.boolean() })), allDone: z.boolean() }),
});
export type HomeAnswer = z.infer<typeof homeAnswerSchema>;
export type HomeSpace = HomeAnswer['spaces']['items'][number];
export type HomeEvent = HomeAnswer['events']['items'][number];
export type HomeStory = HomeAnswer['stories']['items'][number];
