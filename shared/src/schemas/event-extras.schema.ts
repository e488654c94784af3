import { z } from 'zod';
import { isoDateTime, text } from './common.schema.js';

// ---- Agenda and materials -------------------------------------------------------------------

/** One uploaded file may be this big; an event holds at most this many. */
export const MATERIAL_MAX_BYTES = 10 * 1024 * 1024;
export const MATERIALS_PER_EVENT = 20;
export const MATERIAL_TITLE_MAX = 200;

/**
 * What may be uploaded, by the type its bytes show (never by the name or the browser's word):
 * documents, spreadsheets, slides (Office and OpenDocument), PDF, PNG, JPEG and plain text.
 */
export const MATERIAL_TYPES = {
  'application/pdf': 'pdf',
  'application/vnd.openxmlformats-officedocument.wordprocessingml.document': 'docx',
  'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet': 'xlsx',
  'application/vnd.openxmlformats-officedocument.presentationml.presentation': 'pptx',
  'application/vnd.oasis.opendocument.text': 'odt',
  'application/vnd.oasis.opendocument.spreadsheet': 'ods',
  'application/vnd.oasis.opendocument.presentation': 'odp',
  'image/png': 'png',
  'image/jpeg': 'jpg',
  'text/plain': 'txt',
} as const;
export type MaterialType = keyof typeof MATERIAL_TYPES;

/** The text fields of the multipart upload (the file itself is the `file` part). */
export const uploadMaterialFieldsSchema = z.object({
  title: text(MATERIAL_TITLE_MAX).optional(),
  /** "true" marks the file as the event's agenda (a form sends checkboxes as "on"). */
  agenda: z.enum(['true', 'false', 'on'], { error: 'validation.invalidValue' }).optional(),
});

export const updateMaterialSchema = z.strictObject({
  agenda: z.boolean({ error: 'validation.invalidType' }),
});

export const eventMaterialSchema = z.object({
  id: z.string(),
  eventId: z.string(),
  title: z.string(),
  fileName: z.string(),
  contentType: z.string(),
  sizeBytes: z.number(),
  agenda: z.boolean(),
  createdAt: z.string(),
  /** Where the file is served: `/api/events/<id>/materials/<materialId>`. */
  url: z.string(),
});
export type EventMaterial = z.infer<typeof eventMaterialSchema>;
export const eventMaterialListSchema = z.object({ items: z.array(eventMaterialSchema), canManage: z.boolean() });

// ---- Feedback after an event ------------------------------------------------------------------

/**
 * The fixed set an organiser picks from; each is translated as `events:feedback.questions.<key>`.
 * Fixed, so answers compare across events and the free-text ones stay few and short.
 */
export const FEEDBACK_QUESTIONS = ['usefulness', 'willUse', 'missing', 'recommend'] as const;
export type FeedbackQuestion = (typeof FEEDBACK_QUESTIONS)[number];
export const FEEDBACK_TEXT_MAX = 1000;
/** Results show only when at least this many answered: fewer could point at someone. */
export const FEEDBACK_MIN_ANSWERS = 5;
/** A form stays open at most this long; it opens at most this long after the event ends. */
export const FEEDBACK_MAX_OPEN_DAYS = 90;
export const FEEDBACK_MAX_DELAY_DAYS = 365;
/** One request makes at most this many single-use codes. */
export const FEEDBACK_CODES_PER_REQUEST = 200;

export const feedbackFormSchema = z.strictObject({
  questions: z
    .array(z.enum(FEEDBACK_QUESTIONS, { error: 'validation.invalidValue' }))
    .min(1, { error: 'validation.required' })
    .max(FEEDBACK_QUESTIONS.length),
  /** Defaults to the event's end. */
  opensAt: isoDateTime.optional(),
  closesAt: isoDateTime,
});
export type FeedbackFormInput = z.infer<typeof feedbackFormSchema>;

const answerText = text(FEEDBACK_TEXT_MAX, { multiline: true }).optional();
export const feedbackAnswerSchema = z.strictObject({
  /** A single-use code from the organiser, for people answering without an account. */
  code: z.string().regex(/^[\w-]{10,100}$/, { error: 'validation.invalidValue' }).optional(),
  usefulness: z.number({ error: 'validation.invalidType' }).int().min(1, { error: 'validation.invalidValue' }).max(5, { error: 'validation.invalidValue' }).optional(),
  willUse: answerText,
  missing: answerText,
  recommend: z.boolean({ error: 'validation.invalidType' }).optional(),
});
export type FeedbackAnswerInput = z.infer<typeof feedbackAnswerSchema>;

export const feedbackCodesSchema = z.strictObject({
  count: z.number({ error: 'validation.invalidType' }).int().min(1, { error: 'validation.invalidValue' }).max(FEEDBACK_CODES_PER_REQUEST, { error: 'validation.invalidValue' }),
});

export const feedbackFormQuerySchema = z.object({ code: z.string().max(100).optional() });

export const feedbackFormViewSchema = z.object({
  questions: z.array(z.enum(FEEDBACK_QUESTIONS)),
  opensAt: z.string(),
  closesAt: z.string(),
  open: z.boolean(),
  /** The signed-in caller (or the code) has answered already. */
  answered: z.boolean(),
});
export type FeedbackFormView = z.infer<typeof feedbackFormViewSchema>;

export const feedbackSummarySchema = z.object({
  answered: z.number(),
  /** False below FEEDBACK_MIN_ANSWERS: then nothing below is filled in. */
  enough: z.boolean(),
  questions: z.array(z.enum(FEEDBACK_QUESTIONS)),
  usefulness: z.object({ count: z.number(), mean: z.number().nullable(), distribution: z.array(z.number()) }).nullable(),
  recommend: z.object({ yes: z.number(), no: z.number() }).nullable(),
  /** Free-text answers, in a shuffled order. */
  willUse: z.array(z.string()),
  missing: z.array(z.string()),
});
export type FeedbackSummary = z.infer<typeof feedbackSummarySchema>;
