import { useTranslation } from 'react-i18next';
import type { OrganizationFeedback } from '@sorstars/shared';
import { dateTimeFormat } from '~/utils/intl-format';

/**
 * The private feedback left at the end of matches, as the API gives it to coordinators: the words,
 * which side wrote them and the month — no names, no match. Feedback about a match the reader was
 * part of never reaches them, so the list says that it may be incomplete for them.
 */
export function FeedbackList({ items }: { items: OrganizationFeedback[] }) {
  const { t, i18n } = useTranslation('circle');
  const month = (value: string) => dateTimeFormat(i18n.language, { year: 'numeric', month: 'long', timeZone: 'UTC' }).format(new Date(`${value}-01T00:00:00Z`));
  return (
    <section aria-labelledby="feedback-title">
      <h2 id="feedback-title">{t('feedback.title')}</h2>
      <p className="muted">{t('feedback.lead')}</p>
      {items.length === 0 ? (
        <p>{t('feedback.none')}</p>
      ) : (
        <ul className="feedback-list">
          {items.map((f) => (
            <li key={f.id}>
              <p className="muted">
                {f.from === 'mentor' ? t('feedback.fromMentor') : f.from === 'mentee' ? t('feedback.fromMentee') : t('feedback.fromFormer')} · {month(f.month)}
              </p>
              <blockquote className="feedback-list__note">{f.note}</blockquote>
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}
