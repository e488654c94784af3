import type { Locale, PlatformRole } from '@sorstars/shared';

/** Who is asking: what every guard, policy and service sees of the caller. */
export interface AuthUser {
  id: string;
  username: string;
  displayName: string | null;
  locale: Locale;
  roles: PlatformRole[];
  /** How they proved it: a browser session or a personal access token. */
  via: 'session' | 'token';
  /** The session id hash or token id, so logout ends exactly this one. */
  credentialId: string;
  /**
   * When the account was made (ISO 8601), where the credential check read the account: with it,
   * GET /api/me and every page's frame answer without reading the person a second time.
   */
  createdAt?: string;
}

export const SESSION_COOKIE = 'sid';
export const SESSION_DAYS = 30;
