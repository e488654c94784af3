import { data, type ActionFunctionArgs, type LoaderFunctionArgs } from '@remix-run/node';
import { Link, useActionData, useLoaderData, useSearchParams } from '@remix-run/react';
import { useTranslation } from 'react-i18next';
import { conversationSchema, type Conversation } from '@sorstars/shared';
import { api } from '~/utils/api.server';
import { requireUser, withSignedInUser } from '~/utils/session.server';
import { problemErrors, translatorFor, type FormErrors } from '~/utils/forms.server';
import { answerConversation, CONVERSATION_ID, isAnswer, loadConversations } from '~/utils/conversations.server';
import { localRedirect } from '~/utils/redirect.server';
import { countValues } from '~/utils/i18n';
import type { RouteHandle } from '~/utils/route-handle';
import { ErrorSummary } from '~/components/ui/ErrorSummary';
import { GeneralErrorBoundary } from '~/components/ui/GeneralErrorBoundary';
import { RequestAnswers } from '~/components/conversations/RequestAnswers';
import { DONE_NOTICES, isDoneNotice, otherName, outreachLine } from '~/components/conversations/labels';

export const handle: RouteHandle = {
  title: (t) => t('direct.pageTitle', { ns: 'chat' }),
};

export async function loader({ request }: LoaderFunctionArgs) {
  const box = new URL(request.url).searchParams.get('box') === 'requests' ? 'requests' : 'inbox';
  // Both lists, so each tab can say how many requests wait.
  const {
    answer: [inbox, requests],
  } = await withSignedInUser(request, (locale) => Promise.all([loadConversations(request, 'inbox', locale), loadConversations(request, 'requests', locale)]));
  return { box, inbox, requests };
}

/**
 * `open`: "Send a message" on a person (then to the conversation); `outreach`: "reach out with
 * care" from a review item; `accept` / `ignore` /
 * `decline` / `blockUser`: answers to a request from the requests tab.
 */
export async function action({ request }: ActionFunctionArgs) {
  const user = await requireUser(request);
  const t = await translatorFor(user.locale);
  const formData = await request.formData();
  const intent = formData.get('intent');
  const fail = (errors: FormErrors, status: number) => data<{ errors: FormErrors }>({ errors }, { status });
  const userId = String(formData.get('userId') ?? '');
  if (intent === 'open') {
    if (!CONVERSATION_ID.test(userId)) return fail({ formError: t('validation.uuid', { ns: 'errors' }), fieldErrors: {} }, 400);
    const result = await api(request, '/api/conversations', { method: 'POST', body: { userId }, schema: conversationSchema, locale: user.locale });
    if (!result.ok) return fail(problemErrors(result, t), result.status);
    return localRedirect(`/messages/${result.data.id}`);
  }
  if (intent === 'outreach') {
    const itemId = String(formData.get('itemId') ?? '');
    if (!CONVERSATION_ID.test(itemId)) return fail({ formError: t('validation.uuid', { ns: 'errors' }), fieldErrors: {} }, 400);
    const result = await api(request, '/api/conversations/outreach', { method: 'POST', body: { itemId }, schema: conversationSchema, locale: user.locale });
    if (!result.ok) return fail(problemErrors(result, t), result.status);
    return localRedirect(`/messages/${result.data.id}`);
  }
  if (intent === 'blockUser') {
    if (!CONVERSATION_ID.test(userId)) return fail({ formError: t('validation.uuid', { ns: 'errors' }), fieldErrors: {} }, 400);
    const result = await api(request, `/api/users/${userId}/block`, { method: 'POST', locale: user.locale });
    if (!result.ok) return fail(problemErrors(result, t), result.status);
    return localRedirect('/messages?box=requests&done=blocked');
  }
  const id = String(formData.get('conversationId') ?? '');
  if (!isAnswer(intent) || !CONVERSATION_ID.test(id)) return fail({ formError: t('validation.invalidValue', { ns: 'errors' }), fieldErrors: {} }, 400);
  const result = await answerConversation(request, id, intent, user.locale);
  if (!result.ok) return fail(problemErrors(result, t), result.status);
  return localRedirect(intent === 'accept' ? `/messages/${id}` : `/messages?box=requests&done=${intent === 'ignore' ? 'ignored' : 'declined'}`);
}

export default function MessagesPage() {
  const { t, i18n } = useTranslation('chat');
  const { box, inbox, requests } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const [params] = useSearchParams();
  const done = params.get('done');
  const list = box === 'requests' ? requests : inbox;
  const waiting = requests?.length ?? 0;
  return (
    <div className="narrow-wide conversations">
      <h1>{t('direct.title')}</h1>
      <p className="lead">{t('direct.intro')}</p>
      <p>
        <Link to="/account/messages">{t('direct.settings.link')}</Link>
      </p>
      {isDoneNotice(done) ? (
        <p className="notice" role="status">
          {t(DONE_NOTICES[done])}
        </p>
      ) : null}
      <ErrorSummary formError={actionData?.errors.formError} fieldErrors={actionData?.errors.fieldErrors ?? {}} />
      <nav className="conversation-tabs" aria-label={t('direct.tabsLabel')}>
        <Link to="/messages" aria-current={box === 'inbox' ? 'page' : undefined}>
          {t('direct.inbox')}
        </Link>
        <Link to="/messages?box=requests" aria-current={box === 'requests' ? 'page' : undefined}>
          {waiting ? t('direct.requestsCount', countValues(waiting, i18n.language)) : t('direct.requestsTab')}
        </Link>
      </nav>
      {box === 'requests' ? <p>{t('direct.requests.explain')}</p> : null}
      {list === null ? (
        <p role="alert">{t('direct.couldNotLoad')}</p>
      ) : list.length === 0 ? (
        <p>{box === 'requests' ? t('direct.requests.empty') : t('direct.empty')}</p>
      ) : (
        <ul className="conversation-list" data-testid={`conversations-${box}`}>
          {list.map((c) => (
            <ConversationItem key={c.id} conversation={c} request={box === 'requests'} />
          ))}
        </ul>
      )}
    </div>
  );
}

function ConversationItem({ conversation: c, request }: { conversation: Conversation; request: boolean }) {
  const { t, i18n } = useTranslation('chat');
  const name = otherName(t, c);
  const outreach = outreachLine(t, c);
  return (
    <li className="conversation-item">
      <p className="conversation-item__name">
        <Link to={`/messages/${c.id}`}>{name}</Link>
        {c.other && c.other.displayName ? <span className="member-list__username"> ({c.other.username})</span> : null}
        {!request && c.unreadCount > 0 ? (
          <span className="badge"> {t('direct.unread', countValues(c.unreadCount, i18n.language))}</span>
        ) : null}
      </p>
      {outreach ? <p className="conversation-item__note">{outreach}</p> : null}
      {!request && c.state !== 'open' && c.startedByMe ? <p className="conversation-item__note">{t('direct.waiting')}</p> : null}
      {c.readOnly ? <p className="conversation-item__note">{t('direct.readOnly')}</p> : null}
      {request ? <RequestAnswers conversation={c} action="/messages" /> : null}
    </li>
  );
}

export function ErrorBoundary() {
  return <GeneralErrorBoundary />;
}
