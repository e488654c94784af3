import { z } from 'zod';
import { isIanaTimeZone } from '../time-zones.js';

/** zod's error option for required fields: "please fill this in" when missing, "wrong form" otherwise. */
export const requiredText = { error: (issue: { input?: unknown }) => (issue.input === undefined ? 'validation.required' : 'validation.invalidType') };

/**
 * C0 and C1 control characters (NUL among them; tab, line feed and carriage return are decided by
 * the caller), DEL, and the bidi embeddings, overrides and isolates that could hide or reorder text.
 * NUL is the one Postgres cannot store at all: accepting it turned honest-looking requests into 500s.
 */
export const FORBIDDEN_CONTROL = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F-\u009F\u202A-\u202E\u2066-\u2069]/;
const LINE_BREAK_OR_TAB = /[\t\n\r]/;
/** Half of a surrogate pair on its own: not a character, and no UTF-8 encoder can write it. */
const LONE_SURROGATE = /\p{Cs}/u;

export interface TextRule {
  /** Line breaks and tabs are allowed (descriptions, notes); otherwise they are refused (names). */
  multiline?: boolean;
  /** Only what cannot be stored or compared is refused (NUL, lone surrogates); no trim, no normalising. For passwords. */
  verbatim?: boolean;
  /** The i18n key for "too long", when the field has its own. */
  tooLong?: string;
}

/**
 * The i18n key of why a string may not be stored, or null when it may. The one rule every string
 * the API accepts passes — the schemas below and the rich-text walker use it alike.
 */
export function unsafeTextReason(value: string, rule: TextRule = {}): string | null {
  if (LONE_SURROGATE.test(value)) return 'validation.invalidCharacters';
  if (rule.verbatim) return value.includes('\u0000') ? 'validation.controlCharacters' : null;
  if (FORBIDDEN_CONTROL.test(value) || (!rule.multiline && LINE_BREAK_OR_TAB.test(value))) return 'validation.controlCharacters';
  return null;
}

/**
 * Every string field the API accepts is built here: at most `max` characters, free of what
 * `unsafeTextReason` refuses, and (unless verbatim) NFC-normalised and trimmed, so "é" typed two
 * ways is one text. A ZodString, so callers chain `.min()`, `.regex()`, `.optional()` as usual.
 */
export function text(max: number, rule: TextRule = {}) {
  const base = z.string(requiredText);
  const shaped = rule.verbatim ? base : base.normalize('NFC').trim();
  return shaped.max(max, { error: rule.tooLong ?? 'validation.tooBig' }).check(refuseUnsafe(rule));
}

const refuseUnsafe =
  (rule: TextRule) =>
  (ctx: { value: string; issues: z.core.$ZodRawIssue[] }): void => {
    const reason = unsafeTextReason(ctx.value, rule);
    if (reason) ctx.issues.push({ code: 'custom', message: reason, input: ctx.value });
  };

/** A web address people may follow: http(s) only, and the same text rule (a URL can carry NUL too). */
export const webUrl = (max = 2048) =>
  z.url({ protocol: /^https?$/, error: 'validation.url' }).max(max, { error: 'validation.tooBig' }).check(refuseUnsafe({}));

/**
 * Times the database can store and people can mean: Postgres cannot read years past 294276 or
 * before 4713 BC (and JavaScript happily writes `+275760-…`), so anything outside these bounds is
 * refused where it enters — in schemas and in list cursors alike.
 */
export const EARLIEST_TIME = Date.UTC(1900, 0, 1);
export const LATEST_TIME = Date.UTC(9999, 11, 31, 23, 59, 59, 999);
export const isSaneTime = (time: Date) => !Number.isNaN(time.getTime()) && time.getTime() >= EARLIEST_TIME && time.getTime() <= LATEST_TIME;

/** An ISO 8601 date-time with an offset, within the sane range. */
export const isoDateTime = z.iso
  .datetime({ offset: true, error: 'validation.dateTime' })
  .refine((value) => isSaneTime(new Date(value)), { error: 'validation.dateTime' });

/** A canonical UUID, as the API writes ids. */
export const UUID_PATTERN = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** An IANA time-zone name (see isIanaTimeZone): events now, the resource directory later. */
export const timeZoneSchema = z
  .string(requiredText)
  .refine(isIanaTimeZone, { error: 'validation.timezone' });

export const uuidSchema = z.uuid({ error: 'validation.uuid' });

export const paginationQuerySchema = z.object({
  limit: z.coerce.number().int().min(1).max(100).default(20),
  cursor: text(200).optional(),
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
  /** With Meilisearch: documents waiting in the outbox and the age of the oldest, in seconds. */
  searchOutbox: z.object({ pending: z.number(), lagSeconds: z.number() }).optional(),
});
export type Health = z.infer<typeof healthSchema>;
