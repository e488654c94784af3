/**
 * "Private browsing": a per-device choice (a cookie, so the server renders the setting and it
 * survives a quick exit) that makes moving inside the site replace the history entry, so after a
 * quick exit Back leaves the site instead of walking through it.
 */
export const PRIVATE_BROWSING_COOKIE = 'private_browsing';
const ONE_YEAR_SECONDS = 365 * 24 * 60 * 60;

export function privateBrowsingCookie(on: boolean): string {
  return on
    ? `${PRIVATE_BROWSING_COOKIE}=on; Path=/; Max-Age=${ONE_YEAR_SECONDS}; SameSite=Lax`
    : `${PRIVATE_BROWSING_COOKIE}=; Path=/; Max-Age=0; SameSite=Lax`;
}

export function isPrivateBrowsing(cookieHeader: string | null): boolean {
  return (cookieHeader ?? '').split(';').some((part) => part.trim() === `${PRIVATE_BROWSING_COOKIE}=on`);
}
