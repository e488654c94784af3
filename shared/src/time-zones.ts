/**
 * IANA time-zone names ("Europe/Budapest", "UTC"), the same on every Node and browser.
 *
 * Newer ICU versions (Node 24) also take UTC offsets such as "+02:00" as a time zone, and
 * luxon's check follows Intl, so "is Intl happy with it" is not enough: an offset has no
 * daylight-saving rules and no VTIMEZONE, and an event at "+02:00" would drift by an hour each
 * spring and autumn. A name is accepted when it has the Area/Location form (or is "UTC") and Intl
 * resolves it to one of the zones it lists as supported — which keeps aliases such as
 * "Europe/Kiev" or "Asia/Calcutta" working and leaves out offsets, abbreviations ("CET") and the
 * fixed-offset "Etc/GMT+2" family, whose signs are inverted and which no place uses.
 */
const NAME_FORM = /^(?:UTC|[A-Za-z]+(?:\/[A-Za-z0-9_+-]+)+)$/;
export const TIME_ZONE_NAME_MAX = 64;

let supported: Set<string> | null = null;
const supportedZones = (): Set<string> => (supported ??= new Set(Intl.supportedValuesOf('timeZone')));

export function isIanaTimeZone(name: string): boolean {
  if (name.length > TIME_ZONE_NAME_MAX || !NAME_FORM.test(name)) return false;
  let resolved: string;
  try {
    resolved = new Intl.DateTimeFormat('en-US', { timeZone: name }).resolvedOptions().timeZone;
  } catch {
    return false;
  }
  return resolved === 'UTC' || supportedZones().has(resolved);
}
