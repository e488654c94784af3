import { dateTimeFormat } from '~/utils/intl-format';

/** A calendar day (`YYYY-MM-DD`, no time zone) in the reader's words, e.g. "4 May 2031". */
export const formatDayOnly = (day: string, locale: string) => dateTimeFormat(locale, { dateStyle: 'long', timeZone: 'UTC' }).format(new Date(`${day}T00:00:00Z`));
