import { data, type ActionFunctionArgs, type LoaderFunctionArgs } from '@remix-run/node';
import { Form, Link, useActionData, useLoaderData } from '@remix-run/react';
import { useTranslation } from 'react-i18next';
import { api } from '~/utils/api.server';
import { requireUser } from '~/utils/session.server';
import { problemErrors, translatorFor, type FormErrors } from '~/utils/forms.server';
import { chatAction } from '~/utils/chat-actions.server';
import { chatClientAction, chatShouldRevalidate, isChatIntent, type ChatActionData } from '~/utils/chat-intents';
import { answerConversation, CONVERSATION_ID, isAnswer, loadConversation } from '~/utils/conversations.server';
import { loadMessages } from '~/utils/spaces.server';
import { MATCH_ID } from '~/utils/mentoring.server';
import { localRedirect } from '~/utils/redirect.server';
import type { RouteHandle } from '~/utils/route-handle';
import { Chat } from '~/components/chat/Chat';
import { ErrorSummary } from '~/components/ui/ErrorSummary';
import { GeneralErrorBoundary } from '~/components/ui/GeneralErrorBoundary';
import { RequestAnswers } from '~/components/conversations/RequestAnswers';
import { otherName, outreachLine } from '~/components/conversations/labels';

export const handle: RouteHandle = {
  title: (t) => t('direct.conversationTitle', { ns: 'chat' }),
};

export async function loader({ request, params }: LoaderFunctionArgs) {
  const user = await requireUser(request);
  const conversation = await loadConversation(request, params.id ?? '', user.locale);
  const before = new URL(request.url).searchParams.get('before');
  const readingHistory = Boolean(before && CONVERSATION_ID.test(before));
  const history = await loadMessages(request, conversation.spaceId, user.locale, readingHistory ? before! : undefined);
  // A mentoring match's conversation: ending it is one tap from here, for either side, while it can still be written in.
  return {
    conversation,
    match: conversation.matchId && !conversation.readOnly ? { id: conversation.matchId } : null,
    me: { id: user.id, username: user.username, displayName: user.displayName },
    messages: history?.messages ?? [],
    hasEarlier: history?.hasEarlier ?? false,
    historyFailed: history === null,
    readingHistory,
  };
}

export async function action({ request, params }: ActionFunctionArgs) {
  const user = await requireUser(request);
  const t = await translatorFor(user.locale);
  const conversation = await loadConversation(request, params.id ?? '', user.locale);
  const here = `/messages/${conversation.id}`;
  const formData = await request.formData();
  const intent = formData.get('intent');
  if (isChatIntent(intent)) return chatAction(request, { intent, formData, spaceId: conversation.spaceId, here, locale: user.locale, t });
  const fail = (errors: FormErrors, status: number) => data<ChatActionData>({ intent: String(intent), errors }, { status });
  if (intent === 'endMatch') {
    const matchId = String(formData.get('matchId') ?? '');
    if (!MATCH_ID.test(matchId)) return fail({ formError: t('validation.invalidValue', { ns: 'errors' }), fieldErrors: {} }, 400);
    const result = await api(request, `/api/mentoring/matches/${matchId}/end`, { method: 'POST', body: {}, locale: user.locale });
    if (!result.ok) return fail(problemErrors(result, t), result.status);
    return localRedirect(`/mentoring/matches/${matchId}`);
  }
  if (intent === 'blockUser' && conversation.other) {
    const result = await api(request, `/api/users/${conversation.other.id}/block`, { method: 'POST', locale: user.locale });
    if (!result.ok) return fail(problemErrors(result, t), result.status);
    return localRedirect('/messages?done=blocked');
  }
  if (!isAnswer(intent)) return fail({ formError: t('validation.invalidValue', { ns: 'errors' }), fieldErrors: {} }, 400);
  const result = await answerConversation(request, conversation.id, intent, user.locale);
  if (!result.ok) return fail(problemErrors(result, t), result.status);
  return localRedirect(intent === 'accept' ? here : `/messages?box=requests&done=${intent === 'ignore' ? 'ignored' : 'declined'}`);
}

export const shouldRevalidate = chatShouldRevalidate;
export const clientAction = chatClientAction;

/** One conversation: the space chat's own component, with the request's answers above it. */
export default function ConversationPage() {
  const { t } = useTranslation('chat');
  const { conversation: c, match, me, messages, hasEarlier, historyFailed, readingHistory } = useLoaderData<typeof loader>();
  const { t: tm } = useTranslation('mentoring');
  const actionData = useActionData<typeof action>() as ChatActionData | undefined;
  const name = otherName(t, c);
  const askedMe = c.state === 'request' && !c.startedByMe;
  const canPost = !c.readOnly && (c.state === 'open' || (c.startedByMe && (c.state === 'request' || c.state === 'ignored')));
  const outreach = outreachLine(t, c);
  const here = `/messages/${c.id}`;
  const sendResult = actionData?.intent === 'send' ? actionData : undefined;
  const closedNotice = c.readOnly ? t('direct.readOnly') : askedMe ? t('direct.acceptToReply') : t('direct.closed');
  return (
    <div className="space-page space-page--chat conversation-page">
      <header className="space-header">
        <p className="breadcrumb">
          <Link to={askedMe ? '/messages?box=requests' : '/messages'}>{t('direct.back')}</Link>
        </p>
        <h1>{t('direct.with', { name })}</h1>
        {match ? (
          <Form method="post" className="conversation-end">
            <input type="hidden" name="intent" value="endMatch" />
            <input type="hidden" name="matchId" value={match.id} />
            <button type="submit" className="button button--secondary">
              {tm('match.end')}
            </button>
            <span className="hint">{tm('match.endHint')}</span>
          </Form>
        ) : null}
      </header>
      {actionData?.intent === 'endMatch' ? <ErrorSummary formError={actionData.errors?.formError} fieldErrors={{}} /> : null}
      {outreach ? <p className="notice">{outreach}</p> : null}
      {askedMe ? (
        <section className="panel" aria-labelledby="request-title">
          <h2 id="request-title">{t('direct.requests.title', { name })}</h2>
          <p>{c.origin === 'outreach' ? t('direct.requests.outreachExplain') : t('direct.requests.privacy')}</p>
          {actionData && !isChatIntent(actionData.intent) ? <ErrorSummary formError={actionData.errors?.formError} fieldErrors={{}} /> : null}
          <RequestAnswers conversation={c} action={here} />
        </section>
      ) : null}
      {c.state !== 'open' && c.startedByMe ? <p className="notice">{t('direct.waiting')}</p> : null}
      {readingHistory ? (
        <p className="notice">
          <Link to={here}>{t('direct.latest')}</Link>
        </p>
      ) : null}
      {historyFailed ? (
        <p className="notice" role="status">
          {t('direct.couldNotLoad')}
        </p>
      ) : null}
      <Chat
        key={`${c.id}:${readingHistory ? 'history' : 'live'}`}
        space={{ id: c.spaceId, slug: c.spaceId, name, path: here, archived: !canPost, closedNotice, lastReadSeq: c.lastReadSeq, showTyping: false }}
        me={me}
        initialMessages={messages}
        hasEarlier={hasEarlier}
        live={!readingHistory}
        composer={sendResult ? { error: sendResult.errors?.fieldErrors.body || sendResult.errors?.formError, body: sendResult.values?.body } : undefined}
      />
    </div>
  );
}

export function ErrorBoundary() {
  return <GeneralErrorBoundary />;
}
