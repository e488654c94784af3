import { useTranslation } from 'react-i18next';
import { LOCALE_NAMES, isLocale, type Story } from '@sorstars/shared';
import { DateTime } from '~/components/ui/DateTime';
import { noteLabel, topicLabel } from './labels';
import { shownName } from '~/utils/people';

/** Content notes as calm chips; the author's own words are shown as they wrote them. */
export function NoteChips({ notes, id }: { notes: string[]; id?: string }) {
  const { t } = useTranslation('stories');
  if (notes.length === 0) return null;
  return (
    <div className="story-notes" id={id}>
      <span className="story-notes__label">{t('meta.notes')}</span>
      <ul className="chips" aria-label={t('meta.notes')}>
        {notes.map((note) => (
          <li key={note} className="chip chip--note">
            {noteLabel(t, note)}
          </li>
        ))}
      </ul>
    </div>
  );
}

export function TopicChips({ topics }: { topics: Story['topics'] }) {
  const { t } = useTranslation('stories');
  if (topics.length === 0) return null;
  return (
    <ul className="chips" aria-label={t('meta.topics')}>
      {topics.map((topic) => (
        <li key={topic} className="chip">
          {topicLabel(t, topic)}
        </li>
      ))}
    </ul>
  );
}

export function authorName(t: (key: string) => string, author: Story['author']): string {
  return author ? shownName(author) : t('meta.aMember');
}

/** Who wrote it, when, in which language; "edited" when the words changed after publishing. */
export function Byline({ story }: { story: Story }) {
  const { t, i18n } = useTranslation('stories');
  const when = story.publishedAt ?? story.createdAt;
  return (
    <p className="story-byline">
      <span>{t('meta.by', { name: authorName(t, story.author) })}</span>
      <span aria-hidden="true"> · </span>
      <DateTime value={when} locale={i18n.language} />
      {story.editedAt ? (
        <>
          <span aria-hidden="true"> · </span>
          <span className="story-byline__edited">{t('meta.edited')}</span>
        </>
      ) : null}
      {isLocale(story.language) ? (
        <>
          <span aria-hidden="true"> · </span>
          <span lang={story.language}>{LOCALE_NAMES[story.language]}</span>
        </>
      ) : null}
      {story.status === 'draft' ? <span className="badge">{t('meta.draft')}</span> : null}
    </p>
  );
}
