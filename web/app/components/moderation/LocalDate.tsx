import { useEffect, useState } from 'react';
import { dateTimeFormat } from '~/utils/intl-format';

/** A day in words ("3 Nov 2025"): written in UTC on the server, then in the reader's own time zone. */
export function formatDay(value: string, locale: string, timeZone?: string): string {
  const date = new Date(value);
  if (Number.isNaN(date.getTime())) return '';
  return dateTimeFormat(locale, { dateStyle: 'medium', timeZone }).format(date);
}

export function formatMoment(value: string, locale: string, timeZone?: string): string {
  const date = new Date(value);
  if (Number.isNaN(date.getTime())) return '';
  return dateTimeFormat(locale, { dateStyle: 'medium', timeStyle: 'short', timeZone }).format(date);
}

/** Both renders start from the UTC text, so hydration agrees; the browser then shows local time. */
export function useLocalText(value: string | null, locale: string, format: typeof formatDay = formatMoment): string {
  const [text, setText] = useState(() => (value ? format(value, locale, 'UTC') : ''));
  useEffect(() => setText(value ? format(value, locale) : ''), [value, locale, format]);
  return text;
}

export function LocalDay({ value, locale }: { value: string; locale: string }) {
  const text = useLocalText(value, locale, formatDay);
  return <time dateTime={value}>{text}</time>;
}
