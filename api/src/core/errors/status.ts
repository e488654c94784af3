import type { ErrorCode } from '@sorstars/shared';

/**
 * HTTP status for every error code. The switch is exhaustive: adding a code to shared/ without
 * mapping it here fails to compile.
 */
export function statusFor(code: ErrorCode): number {
  switch (code) {
    case 'VALIDATION_FAILED':
    case 'HANDBOOK_STORY_NOT_ELIGIBLE':
    case 'PASSWORD_TOO_COMMON':
    case 'ROLE_UNKNOWN':
    case 'CANNOT_BLOCK_SELF':
    case 'GUIDELINES_NOT_ACCEPTED':
    case 'LAST_HOST':
    case 'MESSAGE_DELETED':
    case 'MESSAGE_MODERATED':
    case 'REPLY_NOT_FOUND':
    case 'EVENT_INVALID_TIME':
    case 'EVENT_WINDOW_TOO_LARGE':
    case 'OCCURRENCE_CANCELLED':
    case 'EVENT_IN_PAST':
    case 'OCCURRENCE_NOT_FOUND': // the event exists; the date sent is not one of its dates
    case 'ACTION_NOT_ALLOWED':
    case 'WATCHED_WORD_BLOCKED':
    case 'APPEAL_SAME_MODERATOR':
    case 'PLACE_NOT_FOUND': // `city=` names no place the gazetteer knows: a field problem
    case 'LAST_ORG_ADMIN':
    case 'MATCH_SELF':
    case 'MENTOR_NOT_OPEN':
    case 'CANNOT_MESSAGE_SELF':
    case 'CASE_CARD_IDENTIFYING':
    case 'MATERIAL_LIMIT_REACHED':
    case 'EXPERT_NOT_LISTED':
      return 422;
    case 'MATERIAL_TOO_LARGE':
      return 413;
    case 'MATERIAL_TYPE_REFUSED':
      return 415;
    case 'FEEDBACK_CLOSED':
    case 'FEEDBACK_ALREADY_GIVEN':
      return 409;
    case 'MENTOR_AT_CAPACITY':
    case 'MATCH_EXISTS':
    case 'MATCH_TRANSITION_INVALID':
    case 'MATCH_EXPIRED':
    case 'AGREEMENT_VERSION_CONFLICT':
    case 'CONTRIBUTION_TRANSITION_INVALID':
    case 'CONTRIBUTION_PAID':
      return 409;
    case 'MATCH_BLOCKED':
      return 403;
    case 'MATCH_NOT_FOUND':
      return 404;
    case 'ALREADY_MEMBER':
    case 'SPACE_ARCHIVED':
    case 'COMMENTS_CLOSED':
    case 'ITEM_ALREADY_RESOLVED':
    case 'APPEAL_EXISTS':
    case 'OUTREACH_DECLINED':
      return 409;
    case 'NOT_FOUND':
    case 'TOKEN_NOT_FOUND':
    case 'USER_NOT_FOUND':
    case 'SPACE_NOT_FOUND':
    case 'REQUEST_NOT_FOUND':
    case 'MESSAGE_NOT_FOUND':
    case 'INVITE_INVALID':
    case 'STORY_NOT_FOUND':
    case 'COMMENT_NOT_FOUND':
    case 'EVENT_NOT_FOUND':
    case 'FEED_NOT_FOUND':
    case 'REPORT_TARGET_NOT_FOUND':
    case 'ITEM_NOT_FOUND':
    case 'APPEAL_NOT_FOUND':
    case 'BAN_NOT_FOUND':
    case 'ORGANIZATION_NOT_FOUND':
    case 'RESOURCE_NOT_FOUND':
    case 'CONVERSATION_NOT_FOUND':
    case 'CIRCLE_NOT_FOUND':
    case 'CASE_CARD_NOT_FOUND':
    case 'MATERIAL_NOT_FOUND':
    case 'FEEDBACK_NOT_FOUND':
    case 'CONTRIBUTION_NOT_FOUND':
    case 'REGISTRATION_NOT_FOUND':
    case 'EDITION_NOT_FOUND':
      return 404;
    case 'REGISTRATION_CLOSED':
      return 409;
    case 'IMPORT_TOO_LARGE':
      return 413;
    case 'UNAUTHENTICATED':
    case 'INVALID_CREDENTIALS':
    case 'RECOVERY_CODE_INVALID':
      return 401;
    case 'FORBIDDEN':
    case 'CASE_CARD_NOT_PERMITTED':
    case 'PASSWORD_INCORRECT':
    case 'NOT_A_MEMBER':
    case 'NOT_YOUR_MESSAGE':
    case 'INVITE_REQUIRED':
    case 'NOT_YOUR_STORY':
    case 'NOT_YOUR_COMMENT':
    case 'REPORT_ABOUT_YOU':
    case 'OWN_ACCOUNT':
    case 'MESSAGES_NOT_ACCEPTED':
    case 'USER_BLOCKED':
      return 403;
    case 'USERNAME_TAKEN':
    case 'EDITION_NOT_EDITABLE':
    case 'HANDBOOK_STORY_WITHDRAWN':
      return 409;
    case 'UNSUPPORTED_MEDIA_TYPE':
      return 415;
    case 'CROSS_SITE_REQUEST':
      return 403;
    case 'RATE_LIMITED':
    case 'TOO_MANY_CONNECTIONS':
    case 'LOGIN_THROTTLED':
    case 'SLOW_MODE':
      return 429;
    case 'BUSY':
      return 503;
    case 'MUTED':
    case 'ACCOUNT_SUSPENDED':
    case 'BANNED_FROM_SPACE':
      return 403;
    case 'INTERNAL':
      return 500;
    default: {
      const unmapped: never = code;
      throw new Error(`unmapped error code ${String(unmapped)}`);
    }
  }
}
