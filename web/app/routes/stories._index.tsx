import type { LinksFunction, LoaderFunctionArgs } from '@remix-run/node';
import { Form, Link, useLoaderData, useSearchParams } from '@remix-run/react';
import { useTranslation } from 'react-i18next';
import { LOCALE_NAMES, STORY_TOPICS, SUPPORTED_LOCALES, isLocale, type Story, type StoryTopic } from '@sorstars/shared';
import { api } from '~/utils/api.server';
import { resolveLocale } from '~/utils/i18n.server';
import { hasSessionCookie, withCurrentUser } from '~/utils/session.server';
import { storyPageSchema } from '~/utils/stories.server';
import type { RouteHandle } from '~/utils/route-handle';
import { Byline, NoteChips, TopicChips } from '~/components/stories/StoryMeta';
import { topicLabel } from '~/components/stories/labels';
import { SelectField } from '~/components/ui/SelectField';
import { GeneralErrorBoundary } from '~/components/ui/GeneralErrorBoundary';
import storiesStyles from '~/components/stories/stories.css?url';
import { InPageLink } from '~/components/ui/InPageNavigation';

export const handle: RouteHandle = {
  title: (t) => t('list.pageTitle', { ns: 'stories' }),
};

export const links: LinksFunction = () => [{ rel: 'stylesheet', href: storiesStyles }];

const isTopic = (value: string): value is StoryTopic => (STORY_TOPICS as readonly string[]).includes(value);

export async function loader({ request }: LoaderFunctionArgs) {
  const url = new URL(request.url);
  const topic = url.searchParams.get('topic') ?? '';
  const language = url.searchParams.get('language') ?? '';
  const mineAsked = url.searchParams.get('mine') === 'true';
  const cursor = url.searchParams.get('cursor') ?? '';
  const query = new URLSearchParams({ limit: '20' });
  if (isTopic(topic)) query.set('topic', topic);
  if (isLocale(language)) query.set('language', language);
  // Only a signed-in person has stories of their own: without a session, everyone's are asked for.
  if (mineAsked && hasSessionCookie(request)) query.set('mine', 'true');
  if (cursor) query.set('cursor', cursor.slice(0, 200));
  const listed = (locale: string) => api(request, `/api/stories?${query}`, { schema: storyPageSchema, locale });
  const { user, answer } = await withCurrentUser(request, listed);
  const locale = await resolveLocale(request, user?.locale);
  const mine = Boolean(user) && mineAsked;
  let result = answer;
  // A session that has ended asked for its own stories in vain: it sees everyone's.
  if (query.has('mine') && !user) {
    query.delete('mine');
    result = await listed(locale);
  }
  // A stale cursor is no reason for an error page: show the first page again instead.
  if (!result.ok && cursor && (result.status === 400 || result.status === 422)) {
    query.delete('cursor');
    result = await listed(locale);
  }
  return {
    signedIn: Boolean(user),
    filters: { topic: isTopic(topic) ? topic : '', language: isLocale(language) ? language : '', mine },
    stories: result.ok ? result.data.items : null,
    nextCursor: result.ok ? result.data.nextCursor : null,
    isLaterPage: Boolean(cursor),
  };
}

export default function StoriesPage() {
  const { t } = useTranslation('stories');
  const { signedIn, filters, stories, nextCursor, isLaterPage } = useLoaderData<typeof loader>();
  const [searchParams] = useSearchParams();
  const moreParams = new URLSearchParams();
  if (filters.topic) moreParams.set('topic', filters.topic);
  if (filters.language) moreParams.set('language', filters.language);
  if (filters.mine) moreParams.set('mine', 'true');
  const firstPage = `/stories${moreParams.size ? `?${moreParams}` : ''}`;
  if (nextCursor) moreParams.set('cursor', nextCursor);
  const filtered = Boolean(filters.topic || filters.language || filters.mine);

  return (
    <div className="stories">
      <div className="page-heading">
        <h1>{filters.mine ? t('list.mineTitle') : t('list.title')}</h1>
        {signedIn ? (
          <Link to="/stories/new" className="button">
            {t('list.write')}
          </Link>
        ) : null}
      </div>
      <p className="lead">{t('list.intro')}</p>
      {searchParams.get('deleted') === '1' ? (
        <p className="notice" role="status">
          {t('list.deletedNotice')}
        </p>
      ) : null}
      {!signedIn ? (
        <p>
          {t('list.visitorNote')} <Link to="/register">{t('list.joinLink')}</Link>
        </p>
      ) : null}

      <Form method="get" className="filters story-filters" aria-label={t('list.filtersLabel')}>
        <SelectField name="topic" label={t('list.topic')} defaultValue={filters.topic} key={`topic-${filters.topic}`}>
          <option value="">{t('list.anyTopic')}</option>
          {STORY_TOPICS.map((topic) => (
            <option key={topic} value={topic}>
              {topicLabel(t, topic)}
            </option>
          ))}
        </SelectField>
        <SelectField name="language" label={t('list.language')} defaultValue={filters.language} key={`language-${filters.language}`}>
          <option value="">{t('list.anyLanguage')}</option>
          {SUPPORTED_LOCALES.map((code) => (
            <option key={code} value={code} lang={code}>
              {LOCALE_NAMES[code]}
            </option>
          ))}
        </SelectField>
        {signedIn ? (
          <div className="field--checkbox">
            <input type="checkbox" id="mine" name="mine" value="true" defaultChecked={filters.mine} key={`mine-${filters.mine}`} />
            <label htmlFor="mine">{t('list.mine')}</label>
          </div>
        ) : null}
        <div className="button-row">
          <button type="submit" className="button">
            {t('list.apply')}
          </button>
          {filtered ? <Link to="/stories">{t('list.clear')}</Link> : null}
        </div>
      </Form>

      {stories === null ? (
        <p role="alert">{t('list.couldNotLoad')}</p>
      ) : stories.length === 0 ? (
        <p className="empty">{filters.mine ? t('list.noneMine') : filtered ? t('list.noneFiltered') : t('list.none')}</p>
      ) : (
        <ul className="story-list" aria-label={t('list.listLabel')}>
          {stories.map((story) => (
            <li key={story.id}>
              <StoryCard story={story} />
            </li>
          ))}
        </ul>
      )}
      {isLaterPage || nextCursor ? (
        <p className="pager">
          {isLaterPage ? <Link to={firstPage}>{t('list.firstPage')}</Link> : null}
          {nextCursor ? <Link to={`/stories?${moreParams}`}>{t('list.more')}</Link> : null}
        </p>
      ) : null}
    </div>
  );
}

function StoryCard({ story }: { story: Story }) {
  const { t } = useTranslation('stories');
  const notesId = `story-${story.id}-notes`;
  return (
    <article className="story-card" aria-labelledby={`story-${story.id}-title`}>
      <h2 className="story-card__title" id={`story-${story.id}-title`}>
        <InPageLink to={`/stories/${story.id}`}>{story.title}</InPageLink>
      </h2>
      <Byline story={story} />
      <TopicChips topics={story.topics} />
      <NoteChips notes={story.contentWarnings} id={notesId} />
      {story.covered ? (
        <p className="story-card__covered">
          <InPageLink to={`/stories/${story.id}`} aria-describedby={notesId}>
            {t('list.coveredLink')}
          </InPageLink>
        </p>
      ) : story.excerpt ? (
        <p className="story-card__excerpt">{story.excerpt}</p>
      ) : null}
    </article>
  );
}

export function ErrorBoundary() {
  return <GeneralErrorBoundary />;
}
