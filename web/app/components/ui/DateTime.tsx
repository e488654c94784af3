import { useEffect, useState } from 'react';
import { formatDateTime } from '~/utils/i18n';

/**
 * A date in the reader's language and time zone. The server does not know the time zone, so it
 * writes UTC (saying so); once in the browser, the local time replaces it. Both renders agree on
 * the first text, so hydration does not throw the page away.
 */
export function DateTime({ value, locale }: { value: string; locale: string }) {
  const [text, setText] = useState(() => `${formatDateTime(value, locale, 'UTC')} UTC`);
  useEffect(() => setText(formatDateTime(value, locale)), [value, locale]);
  return <time dateTime={value}>{text}</time>;
}
