import { data, type ActionFunctionArgs, type LoaderFunctionArgs } from '@remix-run/node';
import { Form, Link, useActionData, useLoaderData, useNavigation, useSearchParams } from '@remix-run/react';
import { useTranslation } from 'react-i18next';
import { LOCALE_NAMES, SPACE_NOTIFICATION_LEVELS, joinSpaceSchema, spaceSchema, type Space } from '@sorstars/shared';
import { api } from '~/utils/api.server';
import { requireUser, withSignedInUser } from '~/utils/session.server';
import { problemErrors, translatorFor, validate, type FormErrors } from '~/utils/forms.server';
import { loadSpace, loadSpaceView } from '~/utils/spaces.server';
import { canManage } from '~/utils/spaces';
import { countValues } from '~/utils/i18n';
import type { RouteHandle } from '~/utils/route-handle';
import { Chat } from '~/components/chat/Chat';
import { Guidelines } from '~/components/spaces/Guidelines';
import { SpaceBell } from '~/components/spaces/SpaceBell';
import { visibilityLabel } from '~/components/spaces/labels';
import { TextAreaField } from '~/components/ui/TextAreaField';
import { ErrorSummary } from '~/components/ui/ErrorSummary';
import { GeneralErrorBoundary } from '~/components/ui/GeneralErrorBoundary';
import { localRedirect } from '~/utils/redirect.server';
import { chatAction } from '~/utils/chat-actions.server';
import { chatClientAction, chatShouldRevalidate, isChatIntent } from '~/utils/chat-intents';

export const handle: RouteHandle = {
  title: (t) => t('space.pageTitle', { ns: 'spaces' }),
};

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export async function loader({ request, params }: LoaderFunctionArgs) {
  const before = new URL(request.url).searchParams.get('before');
  // `?message=<id>` (a search result) shows that message in context.
  const around = new URL(request.url).searchParams.get('message');
  const {
    user,
    answer: { space, history },
  } = await withSignedInUser(request, (locale) =>
    loadSpaceView(request, params.slug ?? '', locale, before && UUID.test(before) ? before : undefined, around && UUID.test(around) ? around : undefined),
  );
  // A one-to-one conversation's own space: its two members read it at /messages (anyone else got a 404 above).
  if (space.conversationId) throw localRedirect(`/messages/${space.conversationId}`);
  const readsChat = Boolean(space.membership?.guidelinesAccepted);
  return {
    // A group space tells of mentions and replies unless the person chose otherwise (direct
    // conversations, at /messages, tell of every message themselves).
    notifyLevel: space.membership?.notifyLevel ?? 'mentions',
    space,
    me: { id: user.id, username: user.username, displayName: user.displayName },
    messages: history?.messages ?? [],
    hasEarlier: history?.hasEarlier ?? false,
    historyFailed: readsChat && history === null,
    readingHistory: Boolean(before && UUID.test(before)),
  };
}

const INTENTS = ['send', 'join', 'acceptGuidelines', 'leave', 'cancelRequest', 'block', 'read', 'typing', 'notifyLevel'] as const;
type Intent = (typeof INTENTS)[number];

export interface SpaceActionData {
  intent: Intent;
  errors?: FormErrors;
  values?: Record<string, string>;
  blocked?: string;
}

export async function action({ request, params }: ActionFunctionArgs) {
  const user = await requireUser(request);
  const locale = user.locale;
  const t = await translatorFor(locale);
  const space = await loadSpace(request, params.slug ?? '', locale);
  const formData = await request.formData();
  const intent = formData.get('intent') as Intent;
  if (!INTENTS.includes(intent)) {
    return data<SpaceActionData>({ intent: 'send', errors: { formError: t('validation.invalidValue', { ns: 'errors' }), fieldErrors: {} } }, { status: 400 });
  }
  const here = `/spaces/${space.slug}`;
  const fail = (errors: FormErrors, status: number, values?: Record<string, string>) => data<SpaceActionData>({ intent, errors, values }, { status });

  if (isChatIntent(intent)) return chatAction(request, { intent, formData, spaceId: space.id, here, locale, t });

  switch (intent) {
    case 'join': {
      const accepted = formData.get('acceptGuidelines') === 'true';
      const note = String(formData.get('note') ?? '').trim();
      if (space.guidelines.trim() && !accepted) {
        return fail({ fieldErrors: { acceptGuidelines: t('validation.acceptGuidelines', { ns: 'errors' }) } }, 400, { note });
      }
      const checked = validate(joinSpaceSchema, { ...(accepted ? { acceptGuidelines: true } : {}), ...(note ? { note } : {}) }, t);
      if (!checked.ok) return fail(checked.errors, 400, { note });
      const result = await api(request, `/api/spaces/${space.id}/join`, { method: 'POST', body: checked.data, schema: spaceSchema, locale });
      if (!result.ok) return fail(problemErrors(result, t), result.status, { note });
      return localRedirect(result.data.membership ? `${here}?joined=1` : `${here}?requested=1`);
    }
    case 'acceptGuidelines': {
      if (formData.get('acceptGuidelines') !== 'true') {
        return fail({ fieldErrors: { acceptGuidelines: t('validation.acceptGuidelines', { ns: 'errors' }) } }, 400);
      }
      const result = await api(request, `/api/spaces/${space.id}/guidelines/accept`, { method: 'POST', locale });
      if (!result.ok) return fail(problemErrors(result, t), result.status);
      return localRedirect(here);
    }
    case 'leave':
    case 'cancelRequest': {
      const result = await api(request, `/api/spaces/${space.id}/leave`, { method: 'POST', locale });
      if (!result.ok) return fail(problemErrors(result, t), result.status);
      // A hidden space is out of sight once left; the directory is where to go then.
      return localRedirect(intent === 'leave' ? `/spaces?left=${encodeURIComponent(space.name)}` : here);
    }
    case 'notifyLevel': {
      const level = String(formData.get('level') ?? '');
      if (!(SPACE_NOTIFICATION_LEVELS as readonly string[]).includes(level)) return fail({ formError: t('validation.invalidValue', { ns: 'errors' }), fieldErrors: {} }, 400);
      const result = await api(request, '/api/notifications/preferences', { method: 'PUT', body: { spaces: { [space.id]: level } }, locale });
      if (!result.ok) return fail(problemErrors(result, t), result.status);
      return data<SpaceActionData>({ intent });
    }
  }
}

export const shouldRevalidate = chatShouldRevalidate;
export const clientAction = chatClientAction;

/** Search this space's chat: results link back here, to the message in context. */
function SpaceSearch({ spaceId }: { spaceId: string }) {
  const { t } = useTranslation('common');
  return (
    <Form method="get" action="/search" role="search" className="site-search__form space-search" aria-label={t('search.searchSpace')}>
      <input type="hidden" name="spaceId" value={spaceId} />
      <input type="hidden" name="type" value="message" />
      <label htmlFor="space-search-q" className="visually-hidden">
        {t('search.searchSpace')}
      </label>
      <input id="space-search-q" type="search" name="q" maxLength={500} data-testid="space-search" />
      <button type="submit">{t('search.button')}</button>
    </Form>
  );
}

export default function SpacePage() {
  const { t } = useTranslation('spaces');
  const { space, me, messages, hasEarlier, historyFailed, readingHistory, notifyLevel } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>() as SpaceActionData | undefined;
  const [searchParams] = useSearchParams();
  const membership = space.membership;
  const sendResult = actionData?.intent === 'send' ? actionData : undefined;

  return (
    <div className={membership?.guidelinesAccepted ? 'space-page space-page--chat' : 'space-page'}>
      <header className="space-header">
        <p className="breadcrumb">
          <Link to="/spaces">{t('back.toDirectory')}</Link>
        </p>
        <h1>{space.name}</h1>
        {membership ? (
          <nav className="space-nav" aria-label={t('space.navLabel')}>
            <Link to={`/spaces/${space.slug}/members`}>{t('space.membersLink')}</Link>
            {canManage(space) ? <Link to={`/spaces/${space.slug}/manage`}>{t('space.manageLink')}</Link> : null}
            <Link to={`/spaces/${space.slug}/moderation-log`}>{t('log.link', { ns: 'moderation' })}</Link>
            {canManage(space) ? <Link to={`/spaces/${space.slug}/moderation`}>{t('settings.link', { ns: 'moderation' })}</Link> : null}
          </nav>
        ) : (
          <SpaceFacts space={space} />
        )}
        {membership ? (
          <SpaceBell level={notifyLevel} saved={actionData?.intent === 'notifyLevel' && !actionData.errors} error={actionData?.intent === 'notifyLevel' ? actionData.errors?.formError : undefined} />
        ) : null}
        {membership ? <SpaceSearch spaceId={space.id} /> : null}
      </header>

      {searchParams.get('created') ? (
        <p className="notice" role="status">
          {t('space.created')}
        </p>
      ) : null}
      {searchParams.get('joined') ? (
        <p className="notice" role="status">
          {t('space.joined')}
        </p>
      ) : null}
      {space.archivedAt ? <p className="notice">{t('space.archivedNotice')}</p> : null}

      {!membership ? (
        <NotMember space={space} actionData={actionData} />
      ) : !membership.guidelinesAccepted ? (
        <AcceptChangedGuidelines space={space} actionData={actionData} />
      ) : (
        <>
          {/* On a phone the chat gets the screen: the rest of the space waits behind one disclosure. */}
          <details className="space-about" open={actionData?.intent === 'leave' && Boolean(actionData.errors)}>
            <summary>{space.guidelines.trim() && !space.description ? t('guidelines.title') : t('space.about')}</summary>
            {space.description ? <p className="space-about__description">{space.description}</p> : null}
            <SpaceFacts space={space} />
            <Guidelines text={space.guidelines} id="about-guidelines" />
            <LeaveSpace space={space} actionData={actionData} />
          </details>
          {readingHistory ? (
            <p className="notice">
              {t('space.readingHistory')} <Link to={`/spaces/${space.slug}`}>{t('space.backToLatest')}</Link>
            </p>
          ) : null}
          {historyFailed ? (
            <p className="notice" role="status">
              {t('space.historyFailed')}
            </p>
          ) : null}
          <Chat
            key={`${space.id}:${readingHistory ? 'history' : 'live'}`}
            space={{
              id: space.id,
              slug: space.slug,
              name: space.name,
              archived: Boolean(space.archivedAt),
              lastReadSeq: membership.lastReadSeq,
              showTyping: membership.showTyping,
            }}
            me={me}
            initialMessages={messages}
            hasEarlier={hasEarlier}
            live={!readingHistory}
            composer={sendResult ? { error: sendResult.errors?.fieldErrors.body || sendResult.errors?.formError, body: sendResult.values?.body } : undefined}
          />
        </>
      )}
    </div>
  );
}

function SpaceFacts({ space }: { space: Space }) {
  const { t, i18n } = useTranslation('spaces');
  return (
    <ul className="space-card__facts">
      <li>{visibilityLabel(t, space.visibility)}</li>
      {space.language ? <li lang={space.language}>{LOCALE_NAMES[space.language]}</li> : null}
      <li>{t('card.members', countValues(space.memberCount, i18n.language))}</li>
    </ul>
  );
}

function AcceptCheckbox({ error }: { error?: string }) {
  const { t } = useTranslation('spaces');
  return (
    <div className={error ? 'field field--checkbox field--invalid' : 'field field--checkbox'}>
      {error ? (
        <p className="field__error" id="acceptGuidelines-error">
          {error}
        </p>
      ) : null}
      <input
        type="checkbox"
        id="acceptGuidelines"
        name="acceptGuidelines"
        value="true"
        aria-invalid={error ? true : undefined}
        aria-describedby={error ? 'acceptGuidelines-error' : undefined}
      />
      <label htmlFor="acceptGuidelines">{t('join.accept')}</label>
    </div>
  );
}

function NotMember({ space, actionData }: { space: Space; actionData?: SpaceActionData }) {
  const { t } = useTranslation('spaces');
  const busy = useNavigation().state === 'submitting';
  const result = actionData?.intent === 'join' || actionData?.intent === 'cancelRequest' ? actionData : undefined;
  const errors = result?.errors?.fieldErrors ?? {};
  const hasGuidelines = Boolean(space.guidelines.trim());
  return (
    <>
      {space.description ? <p className="lead space-description">{space.description}</p> : null}
      <Guidelines text={space.guidelines} />
      <section className="panel join-panel" aria-labelledby="join-title">
        <h2 id="join-title">{space.visibility === 'private' ? t('join.askTitle') : t('join.title')}</h2>
        <ErrorSummary formError={result?.errors?.formError} fieldErrors={errors} />
        {space.archivedAt ? (
          <p>{t('join.archived')}</p>
        ) : space.requestPending ? (
          <>
            <p className="notice" role="status" data-testid="request-pending">
              {t('join.requestWaiting')}
            </p>
            <Form method="post">
              <input type="hidden" name="intent" value="cancelRequest" />
              <button type="submit" className="button button--secondary" disabled={busy}>
                {t('join.withdraw')}
              </button>
            </Form>
          </>
        ) : space.visibility === 'hidden' ? (
          <p>{t('join.inviteOnly')}</p>
        ) : (
          <Form method="post" noValidate className="form">
            <input type="hidden" name="intent" value="join" />
            {space.visibility === 'private' ? <p>{t('join.privateExplanation')}</p> : <p>{t('join.publicExplanation')}</p>}
            {hasGuidelines ? <AcceptCheckbox error={errors.acceptGuidelines} /> : null}
            {space.visibility === 'private' ? (
              <TextAreaField name="note" label={t('join.noteLabel')} hint={t('join.noteHint')} error={errors.note} defaultValue={result?.values?.note} maxLength={500} rows={3} />
            ) : null}
            <button type="submit" className="button" disabled={busy}>
              {space.visibility === 'private' ? t('join.askSubmit') : t('join.submit')}
            </button>
          </Form>
        )}
      </section>
    </>
  );
}

function AcceptChangedGuidelines({ space, actionData }: { space: Space; actionData?: SpaceActionData }) {
  const { t } = useTranslation('spaces');
  const busy = useNavigation().state === 'submitting';
  const result = actionData?.intent === 'acceptGuidelines' ? actionData : undefined;
  const errors = result?.errors?.fieldErrors ?? {};
  const firstTime = space.membership?.lastReadSeq === 0;
  return (
    <>
      <Guidelines text={space.guidelines} changed={!firstTime} />
      <section className="panel" aria-labelledby="accept-title">
        <h2 id="accept-title">{t('guidelines.acceptTitle')}</h2>
        <ErrorSummary formError={result?.errors?.formError} fieldErrors={errors} />
        <Form method="post" noValidate className="form">
          <input type="hidden" name="intent" value="acceptGuidelines" />
          <AcceptCheckbox error={errors.acceptGuidelines} />
          <button type="submit" className="button" disabled={busy}>
            {t('guidelines.acceptSubmit')}
          </button>
        </Form>
      </section>
      <LeaveSpace space={space} actionData={actionData} />
    </>
  );
}

function LeaveSpace({ space, actionData }: { space: Space; actionData?: SpaceActionData }) {
  const { t } = useTranslation('spaces');
  const result = actionData?.intent === 'leave' ? actionData : undefined;
  return (
    <details className="leave-space" open={Boolean(result?.errors)}>
      <summary>{t('leave.open')}</summary>
      <ErrorSummary formError={result?.errors?.formError} fieldErrors={{}} />
      <Form method="post">
        <input type="hidden" name="intent" value="leave" />
        <p>{space.visibility === 'public' ? t('leave.explanationPublic') : t('leave.explanation')}</p>
        <button type="submit" className="button button--danger">
          {t('leave.submit', { name: space.name })}
        </button>
      </Form>
    </details>
  );
}

export function ErrorBoundary() {
  return <GeneralErrorBoundary />;
}
