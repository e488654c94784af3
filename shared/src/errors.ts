/**
 * Every error the API can answer with. The API maps each code to an HTTP status in one exhaustive
 * switch (api/src/core/errors), and both the API and the web translate it as `errors:<CODE>`.
 * A WebSocket ack carries the same code.
 */
export const ERROR_CODES = [
  'VALIDATION_FAILED',
  'NOT_FOUND',
  'UNAUTHENTICATED',
  'FORBIDDEN',
  'RATE_LIMITED',
  'BUSY',
  'TOO_MANY_CONNECTIONS',
  /** Too many sign-in attempts for this name or from this address; Retry-After says when again. */
  'LOGIN_THROTTLED',
  'INTERNAL',
  /** A state-changing request whose body is not JSON. */
  'UNSUPPORTED_MEDIA_TYPE',
  /** A state-changing request a browser sent from another site. */
  'CROSS_SITE_REQUEST',
  'USERNAME_TAKEN',
  'INVALID_CREDENTIALS',
  'PASSWORD_TOO_COMMON',
  'PASSWORD_INCORRECT',
  'RECOVERY_CODE_INVALID',
  'TOKEN_NOT_FOUND',
  'USER_NOT_FOUND',
  'ROLE_UNKNOWN',
  'CANNOT_BLOCK_SELF',
  'SPACE_NOT_FOUND',
  'SPACE_ARCHIVED',
  'NOT_A_MEMBER',
  'ALREADY_MEMBER',
  'GUIDELINES_NOT_ACCEPTED',
  'INVITE_REQUIRED',
  'INVITE_INVALID',
  'LAST_HOST',
  'REQUEST_NOT_FOUND',
  'MESSAGE_NOT_FOUND',
  'NOT_YOUR_MESSAGE',
  'MESSAGE_DELETED',
  'MESSAGE_MODERATED',
  'REPLY_NOT_FOUND',
  'STORY_NOT_FOUND',
  'NOT_YOUR_STORY',
  'COMMENTS_CLOSED',
  'COMMENT_NOT_FOUND',
  'NOT_YOUR_COMMENT',
  'EVENT_NOT_FOUND',
  'EVENT_INVALID_TIME',
  'EVENT_WINDOW_TOO_LARGE',
  'OCCURRENCE_NOT_FOUND',
  'OCCURRENCE_CANCELLED',
  'EVENT_IN_PAST',
  'FEED_NOT_FOUND',
  'REPORT_TARGET_NOT_FOUND',
  'ITEM_NOT_FOUND',
  'ITEM_ALREADY_RESOLVED',
  'ACTION_NOT_ALLOWED',
  'REPORT_ABOUT_YOU',
  'MUTED',
  'SLOW_MODE',
  'WATCHED_WORD_BLOCKED',
  'APPEAL_EXISTS',
  'APPEAL_NOT_FOUND',
  'APPEAL_SAME_MODERATOR',
  'ACCOUNT_SUSPENDED',
  'BANNED_FROM_SPACE',
  'BAN_NOT_FOUND',
  'ORGANIZATION_NOT_FOUND',
  'RESOURCE_NOT_FOUND',
  'PLACE_NOT_FOUND',
  'LAST_ORG_ADMIN',
  /** Admins change other people's roles and suspensions, never their own. */
  'OWN_ACCOUNT',
  'MATCH_NOT_FOUND',
  /** Asking oneself to be one's mentor. */
  'MATCH_SELF',
  /** The person asked is not an open mentor (or has no mentoring profile). */
  'MENTOR_NOT_OPEN',
  'MENTOR_AT_CAPACITY',
  /** One of the two blocked the other: no match between them. */
  'MATCH_BLOCKED',
  /** The two already have a request or a match going. */
  'MATCH_EXISTS',
  /** The match is not in a state where this step is possible (e.g. accepting an ended match). */
  'MATCH_TRANSITION_INVALID',
  /** The request waited 14 days without an answer. */
  'MATCH_EXPIRED',
  /** Someone else changed the agreement since this version was read. */
  'AGREEMENT_VERSION_CONFLICT',
  'CONVERSATION_NOT_FOUND',
  /** One cannot open a conversation with oneself. */
  'CANNOT_MESSAGE_SELF',
  /** The person does not take messages from the caller (their "who may message me" setting). */
  'MESSAGES_NOT_ACCEPTED',
  /** One of the two blocked the other: no conversation, no match. */
  'USER_BLOCKED',
  /** The person declined an outreach about this report: no other one. */
  'OUTREACH_DECLINED',
  /** The mentors' circle: absent to everyone who is not one of the organisation's mentors. */
  'CIRCLE_NOT_FOUND',
  'CASE_CARD_NOT_FOUND',
  /** The card carries a detail that could identify someone; `errors` names the kinds. */
  'CASE_CARD_IDENTIFYING',
  /** The mentee has not said (or no longer says) that this mentor may discuss them. */
  'CASE_CARD_NOT_PERMITTED',
  'MATERIAL_NOT_FOUND',
  /** An upload over the size limit, or one file too many for the event. */
  'MATERIAL_TOO_LARGE',
  'MATERIAL_LIMIT_REACHED',
  /** The file's content is not one of the allowed types, whatever its name says. */
  'MATERIAL_TYPE_REFUSED',
  'FEEDBACK_NOT_FOUND',
  /** The feedback form is not open (not yet, or any more). */
  'FEEDBACK_CLOSED',
  /** This person (or this code) has answered already. */
  'FEEDBACK_ALREADY_GIVEN',
  /** Experts by experience: an entry absent to everyone but its organisation's staff and its expert. */
  'CONTRIBUTION_NOT_FOUND',
  /** The person has not accepted the organisation's invitation to be listed (or left): nothing is logged for them. */
  'EXPERT_NOT_LISTED',
  /** Statuses go planned → done → paid, one step at a time. */
  'CONTRIBUTION_TRANSITION_INVALID',
  /** A paid entry is a payment record: it no longer changes. */
  'CONTRIBUTION_PAID',
  /** No registration behind this private link (withdrawn, deleted at retention, or never). */
  'REGISTRATION_NOT_FOUND',
  /** The organiser closed registration, or the event does not take registrations. */
  'REGISTRATION_CLOSED',
  /** An upload over its row or byte limit; `errors` names the field. */
  'IMPORT_TOO_LARGE',
  /** A handbook edition the caller may not see, or that does not exist. */
  'EDITION_NOT_FOUND',
  /** The edition is frozen or published: its contents no longer change. */
  'EDITION_NOT_EDITABLE',
  /** The story's author has not given handbook consent, or it is not a published story the editor may read. */
  'HANDBOOK_STORY_NOT_ELIGIBLE',
  /** The author withdrew this story from the edition (or from the handbook); `errors` names it. */
  'HANDBOOK_STORY_WITHDRAWN',
] as const;
export type ErrorCode = (typeof ERROR_CODES)[number];

/** One field-level problem, as in RFC 9457 `errors` extension members. */
export interface FieldError {
  path: string;
  message: string;
  code?: string;
}

/** RFC 9457 problem details, as every API error answers. */
export interface ProblemDetails {
  type: string;
  title: string;
  status: number;
  detail: string;
  code: ErrorCode;
  errors?: FieldError[];
}

/** A Socket.IO ack that failed. */
export interface AckError {
  ok: false;
  error: ErrorCode;
  message: string;
  retryAfter?: number;
  /** BUSY: try again after this many milliseconds (with the same clientId). */
  retryAfterMs?: number;
  /**
   * BUSY because the space's sends are held for a moment (a long change elsewhere holds its row):
   * retryAfterMs is when that moment ends, or when another send will have found whether the change
   * is over; the server lengthens the moment itself while the change lasts.
   */
  spaceHeld?: boolean;
  errors?: FieldError[];
}
