import { data, type ActionFunctionArgs, type LinksFunction, type LoaderFunctionArgs } from '@remix-run/node';
import { Form, Link, useActionData, useLoaderData, useNavigation, useSearchParams } from '@remix-run/react';
import { useTranslation } from 'react-i18next';
import { STORY_REACTIONS, type Story, type StoryReaction } from '@sorstars/shared';
import { api, withApiCookies } from '~/utils/api.server';
import { resolveLocale } from '~/utils/i18n.server';
import { requireUser, withCurrentUser } from '~/utils/session.server';
import { translatorFor } from '~/utils/forms.server';
import { commentListSchema, commentSchema, readRichText, storyProblemErrors, storySchema } from '~/utils/stories.server';
import type { RouteHandle } from '~/utils/route-handle';
import { Byline, NoteChips, TopicChips } from '~/components/stories/StoryMeta';
import { Comments } from '~/components/stories/Comments';
import { ModerationNotice } from '~/components/moderation/ModerationNotice';
import { ReportLink } from '~/components/moderation/ReportLink';
import { reactionLabel } from '~/components/stories/labels';
import { countValues } from '~/utils/i18n';
import { GeneralErrorBoundary, type ErrorPageData } from '~/components/ui/GeneralErrorBoundary';
import storiesStyles from '~/components/stories/stories.css?url';
import { localRedirect } from '~/utils/redirect.server';

export const handle: RouteHandle = {
  title: (t) => t('story.pageTitle', { ns: 'stories' }),
};

export const links: LinksFunction = () => [{ rel: 'stylesheet', href: storiesStyles }];

export async function loader({ request, params }: LoaderFunctionArgs) {
  const id = params.id ?? '';
  const url = new URL(request.url);
  const reveal = url.searchParams.get('reveal') === '1' || url.searchParams.get('reveal') === 'true';
  const path = `/api/stories/${encodeURIComponent(id)}`;
  const { user, answer: story } = await withCurrentUser(request, (locale) => api(request, reveal ? `${path}?reveal=true` : path, { schema: storySchema, locale }));
  const locale = await resolveLocale(request, user?.locale);
  if (!story.ok) {
    const notFound = story.status === 400 || story.status === 404;
    // Signed out, a members-only story looks missing: offer to sign in (and come back) rather than "not found".
    const payload: ErrorPageData | null = notFound && !user ? { signInTo: url.pathname + url.search } : null;
    throw data(payload, { status: notFound ? 404 : story.status });
  }
  // A signed-in reader's choice is remembered by the API, so the address can stay plain.
  if (reveal && user && !story.data.covered) throw localRedirect(`/stories/${story.data.id}#story-body`);
  const commentsFrom = url.searchParams.get('comments');
  const commentsPath = commentsFrom ? `${path}/comments?cursor=${encodeURIComponent(commentsFrom)}` : `${path}/comments`;
  const comments = story.data.covered ? null : await api(request, commentsPath, { schema: commentListSchema, locale });
  return {
    story: story.data,
    comments: comments?.ok ? comments.data.items : null,
    commentsNext: comments?.ok ? comments.data.nextCursor : null,
    commentsLaterPage: commentsFrom !== null,
    viewerId: user?.id ?? null,
  };
}

const INTENTS = ['react', 'comment', 'editComment', 'deleteComment', 'publish', 'unpublish', 'delete', 'consent', 'comments'] as const;
type Intent = (typeof INTENTS)[number];

interface StoryActionData {
  intent: Intent;
  /** Which form answered: "comment", "reply-<id>", "edit-<id>", or the intent. */
  form: string;
  saved?: boolean;
  error?: string;
  seq?: number;
}

export async function action({ request, params }: ActionFunctionArgs) {
  const user = await requireUser(request);
  const locale = user.locale;
  const id = params.id ?? '';
  const path = `/api/stories/${encodeURIComponent(id)}`;
  const formData = await request.formData();
  const intentValue = formData.get('intent');
  const t = await translatorFor(locale);
  if (!INTENTS.includes(intentValue as Intent)) {
    return data<StoryActionData>({ intent: 'react', form: 'react', error: t('validation.invalidValue', { ns: 'errors' }) }, { status: 400 });
  }
  const intent = intentValue as Intent;
  const field = (name: string) => {
    const value = formData.get(name);
    return typeof value === 'string' ? value : '';
  };
  const commentId = encodeURIComponent(field('commentId'));

  let result;
  let form: string = intent;
  switch (intent) {
    case 'react':
      result = await api(request, `${path}/reactions`, { method: 'POST', body: { kind: field('kind') }, schema: storySchema, locale });
      break;
    case 'comment': {
      const replyToId = field('replyToId');
      form = replyToId ? `reply-${replyToId}` : 'comment';
      const body = { content: readRichText(formData, 'contentJson', 'body'), ...(replyToId ? { replyToId } : {}) };
      result = await api(request, `${path}/comments`, { method: 'POST', body, schema: commentSchema, locale });
      break;
    }
    case 'editComment':
      form = `edit-${field('commentId')}`;
      result = await api(request, `${path}/comments/${commentId}`, {
        method: 'PATCH',
        body: { content: readRichText(formData, 'contentJson', 'body') },
        schema: commentSchema,
        locale,
      });
      break;
    case 'deleteComment':
      result = await api(request, `${path}/comments/${commentId}`, { method: 'DELETE', locale });
      break;
    case 'publish':
    case 'unpublish':
      result = await api(request, path, { method: 'PATCH', body: { status: intent === 'publish' ? 'published' : 'draft' }, schema: storySchema, locale });
      break;
    case 'consent':
      result = await api(request, path, { method: 'PATCH', body: { consent: { handbook: field('value') === 'true' } }, schema: storySchema, locale });
      break;
    case 'comments':
      result = await api(request, path, { method: 'PATCH', body: { commentsEnabled: field('value') === 'true' }, schema: storySchema, locale });
      break;
    case 'delete':
      result = await api(request, path, { method: 'DELETE', locale });
      if (result.ok) throw localRedirect('/stories?mine=true&deleted=1', { headers: withApiCookies(result) });
      break;
  }
  if (!result.ok) {
    const errors = storyProblemErrors(result, t);
    const message = errors.fieldErrors.content ?? Object.values(errors.fieldErrors)[0] ?? errors.formError;
    return data<StoryActionData>({ intent, form, error: message }, { status: result.status, headers: withApiCookies(result) });
  }
  return data<StoryActionData>({ intent, form, saved: true, seq: Date.now() }, { headers: withApiCookies(result) });
}

export default function StoryPage() {
  const { t } = useTranslation('stories');
  const { story, comments, commentsNext, commentsLaterPage, viewerId } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const [searchParams] = useSearchParams();
  const canRespond = viewerId !== null && story.status === 'published';
  const storyError = actionData?.error && !actionData.form.startsWith('reply-') && !actionData.form.startsWith('edit-') && actionData.form !== 'comment' ? actionData.error : undefined;

  return (
    <article className="story" aria-labelledby="story-title">
      <p className="breadcrumb">
        <Link to="/stories">{t('list.backToStories')}</Link>
      </p>
      {/* The author's own link after publishing; anyone else opening it just sees the story. */}
      {searchParams.get('published') === '1' && story.isAuthor ? (
        <p className="notice" role="status">
          {t('story.publishedNotice')}
        </p>
      ) : searchParams.get('saved') === '1' ? (
        <p className="notice" role="status">
          {t('story.savedNotice')}
        </p>
      ) : null}
      {storyError ? (
        <p className="error-summary" role="alert">
          {storyError}
        </p>
      ) : null}
      <header className="story__header">
        <h1 id="story-title">{story.title}</h1>
        <Byline story={story} />
        <TopicChips topics={story.topics} />
        <NoteChips notes={story.contentWarnings} id="story-notes" />
        <ModerationNotice moderation={story.moderation} isAuthor={story.isAuthor} />
        {viewerId !== null && !story.isAuthor && story.status === 'published' ? <ReportLink targetType="story" targetId={story.id} /> : null}
      </header>

      {story.covered ? (
        <CoveredPanel story={story} signedIn={viewerId !== null} />
      ) : (
        <>
          {/* Sanitised HTML rendered by the API from a checked document: the one place this is allowed. */}
          <div className="story-body rich-body" id="story-body" tabIndex={-1} dangerouslySetInnerHTML={{ __html: story.html ?? '' }} />
          {story.isAuthor ? <AuthorControls story={story} result={actionData} /> : null}
          {story.status === 'published' ? <Reactions story={story} signedIn={viewerId !== null} /> : null}
          {story.status === 'published' ? (
            <Comments
              storyId={story.id}
              comments={comments}
              nextCursor={commentsNext}
              laterPage={commentsLaterPage}
              enabled={story.commentsEnabled}
              viewerId={viewerId}
              canRespond={canRespond}
              result={actionData ? { form: actionData.form, error: actionData.error, saved: actionData.saved, seq: actionData.seq } : undefined}
            />
          ) : null}
        </>
      )}
    </article>
  );
}

/** The story stays behind its notes until the reader chooses; a plain link, so it works without JavaScript. */
function CoveredPanel({ story, signedIn }: { story: Story; signedIn: boolean }) {
  const { t } = useTranslation('stories');
  return (
    <section className="covered" aria-labelledby="covered-title" data-testid="covered">
      <h2 id="covered-title" className="covered__title">
        {t('story.coveredTitle')}
      </h2>
      {/* Only a signed-in reader has chosen anything; a signed-out one sees the site's default. */}
      <p>{!signedIn ? t('story.coveredSignedOut') : story.noteMode === 'hide' ? t('story.coveredHide') : t('story.coveredBlur')}</p>
      <p>{t('story.coveredCare')}</p>
      <p className="button-row">
        <a href={`/stories/${story.id}?reveal=1`} className="button" data-testid="reveal" aria-describedby="story-notes">
          {t('story.reveal')}
        </a>
        <Link to="/stories">{t('story.notNow')}</Link>
      </p>
      {signedIn ? (
        <p className="covered__settings">
          <Link to="/account/content-notes">{t('story.changeSettings')}</Link>
        </p>
      ) : null}
    </section>
  );
}

/** Supportive reactions only. Counts are for the author; readers see just their own choice. */
function Reactions({ story, signedIn }: { story: Story; signedIn: boolean }) {
  const { t, i18n } = useTranslation('stories');
  const navigation = useNavigation();
  const pendingKind = navigation.formData?.get('intent') === 'react' ? navigation.formData.get('kind') : null;
  return (
    <section className="story-reactions" aria-labelledby="reactions-title">
      <h2 id="reactions-title">{t('reactions.title')}</h2>
      {story.isAuthor ? <p className="muted">{t('reactions.authorHint')}</p> : <p className="muted">{t('reactions.readerHint')}</p>}
      {signedIn ? (
        <Form method="post" preventScrollReset className="reaction-form">
          <input type="hidden" name="intent" value="react" />
          <ul className="reactions story-reactions__list">
            {STORY_REACTIONS.map((kind: StoryReaction) => {
              const reaction = story.reactions.find((r) => r.kind === kind);
              const mine = reaction?.mine ?? false;
              const pressed = pendingKind === kind ? !mine : mine;
              return (
                <li key={kind}>
                  <button type="submit" name="kind" value={kind} className="reaction story-reaction" aria-pressed={pressed}>
                    {reactionLabel(t, kind)}
                    {reaction && reaction.count !== null ? (
                      <span className="reaction__count"> · {t('reactions.count', countValues(reaction.count, i18n.language))}</span>
                    ) : null}
                  </button>
                </li>
              );
            })}
          </ul>
        </Form>
      ) : (
        <p>
          <Link to={`/login?redirectTo=${encodeURIComponent(`/stories/${story.id}`)}`}>{t('reactions.loginToRespond')}</Link>
        </p>
      )}
    </section>
  );
}

function AuthorControls({ story, result }: { story: Story; result?: StoryActionData }) {
  const { t } = useTranslation('stories');
  const busy = useNavigation().state === 'submitting';
  const published = story.status === 'published';
  return (
    <section className="panel author-controls" aria-labelledby="author-title">
      <h2 id="author-title">{t('author.title')}</h2>
      <p>{published ? t('author.isPublished') : t('author.isDraft')}</p>
      <div className="button-row">
        <Link to={`/stories/${story.id}/edit`} className="button button--secondary">
          {t('author.edit')}
        </Link>
        <Form method="post" preventScrollReset>
          <input type="hidden" name="intent" value={published ? 'unpublish' : 'publish'} />
          <button type="submit" className="button button--secondary" disabled={busy}>
            {published ? t('author.unpublish') : t('author.publish')}
          </button>
        </Form>
      </div>

      <h3>{t('author.consentTitle')}</h3>
      <p>{t('author.consentExplain')}</p>
      <p data-testid="consent-state">{story.consent.handbook ? t('author.consentYes') : t('author.consentNo')}</p>
      <Form method="post" preventScrollReset>
        <input type="hidden" name="intent" value="consent" />
        <input type="hidden" name="value" value={story.consent.handbook ? 'false' : 'true'} />
        {story.consent.handbook ? <p className="field__hint">{t('author.withdrawHint')}</p> : null}
        <button type="submit" className="button button--secondary button--small" disabled={busy}>
          {story.consent.handbook ? t('author.withdraw') : t('author.give')}
        </button>
        {result?.intent === 'consent' && result.saved ? (
          <span className="inline-status" role="status">
            {' '}
            {t('author.saved')}
          </span>
        ) : null}
      </Form>

      <h3>{t('author.commentsTitle')}</h3>
      <p>{story.commentsEnabled ? t('author.commentsOn') : t('author.commentsOff')}</p>
      <Form method="post" preventScrollReset>
        <input type="hidden" name="intent" value="comments" />
        <input type="hidden" name="value" value={story.commentsEnabled ? 'false' : 'true'} />
        <button type="submit" className="button button--secondary button--small" disabled={busy}>
          {story.commentsEnabled ? t('author.turnCommentsOff') : t('author.turnCommentsOn')}
        </button>
      </Form>

      <details className="danger-zone">
        <summary>{t('author.delete')}</summary>
        <Form method="post">
          <input type="hidden" name="intent" value="delete" />
          <p>{t('author.deleteConfirmText')}</p>
          <button type="submit" className="button button--danger" disabled={busy}>
            {t('author.deleteConfirm')}
          </button>
        </Form>
      </details>
    </section>
  );
}

export function ErrorBoundary() {
  return <GeneralErrorBoundary />;
}
