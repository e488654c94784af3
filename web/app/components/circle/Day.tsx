import { useTranslation } from 'react-i18next';
import { dateTimeFormat } from '~/utils/intl-format';

/** A calendar day in the reader's language. Days of the circle are UTC days, on server and browser alike. */
export function Day({ value }: { value: string }) {
  const { i18n } = useTranslation();
  const date = value.length === 10 ? `${value}T00:00:00Z` : value;
  return <time dateTime={value}>{dateTimeFormat(i18n.language, { dateStyle: 'medium', timeZone: 'UTC' }).format(new Date(date))}</time>;
}
