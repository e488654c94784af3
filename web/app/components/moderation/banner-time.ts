import { isoWithOffset, isValidZone, localDate, localTime, zonedToInstant } from '~/components/events/time';

/*
 * Banner times in the admin's own time zone. Accounts carry no time zone, so the zone is the
 * browser's, told by the `tz` cookie (the events pages' little script), else the language's usual
 * one — the same rule the event forms use. The form sends the zone it showed, so the times typed
 * are read in exactly the zone the person saw.
 */

/** `datetime-local` text ("2026-12-01T18:00") read as wall-clock time in `zone`; other text goes on unchanged, for validation to name. */
export function instantFromLocalInput(value: string, zone: string): string {
  const m = /^(\d{4}-\d{2}-\d{2})T(\d{2}:\d{2})$/.exec(value);
  if (!m || !isValidZone(zone)) return value;
  const instant = zonedToInstant(m[1], m[2], zone);
  return instant ? isoWithOffset(instant, zone) : value;
}

/** An instant as `datetime-local` text in `zone`. */
export function localInputValue(iso: string, zone: string): string {
  return `${localDate(iso, zone)}T${localTime(iso, zone)}`;
}
