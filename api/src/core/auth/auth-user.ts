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
}

export const SESSION_COOKIE = 'sid';
export const SESSION_DAYS = 30;
