import type { LoaderFunctionArgs } from '@remix-run/node';
import { Form, Link, useLoaderData } from '@remix-run/react';
import { useTranslation } from 'react-i18next';
import { spaceSchema } from '@sorstars/shared';
import { api, type ApiFailure } from '~/utils/api.server';
import { requireUser } from '~/utils/session.server';
import { failureResponse, messagePageSchema } from '~/utils/spaces.server';
import { UUID } from '~/utils/moderation.server';
import type { RouteHandle } from '~/utils/route-handle';
import { BlockFields, authorName } from '~/components/chat/MessageItem';
import { MessageText } from '~/components/chat/MessageText';
import { ReportLink } from '~/components/moderation/ReportLink';
import { GeneralErrorBoundary } from '~/components/ui/GeneralErrorBoundary';

export const handle: RouteHandle = {
  title: (t) => t('menu.pageTitle', { ns: 'chat' }),
};

/**
 * The options of someone else's message (report, block) on a page of their own: what a chat's
 * message menu opens in place once JavaScript runs. `space` and `message` are ids. The block form
 * posts to the chat's own page (a space's, a conversation's), whose action takes it; that page is
 * worked out from the space, never taken from the address, so a link cannot aim the button at
 * another form of the site.
 */
export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requireUser(request);
  const params = new URL(request.url).searchParams;
  const spaceId = params.get('space') ?? '';
  const messageId = params.get('message') ?? '';
  if (!UUID.test(spaceId) || !UUID.test(messageId)) throw new Response(null, { status: 404 });
  // The message as its page shows it to this reader: the API leaves out what they may not read
  // now, and the messages of anyone they blocked.
  const query = new URLSearchParams({ around: messageId, limit: '1' });
  const [space, messages] = await Promise.all([
    api(request, `/api/spaces/${spaceId}`, { schema: spaceSchema, locale: user.locale }),
    api(request, `/api/spaces/${spaceId}/messages?${query}`, { schema: messagePageSchema, locale: user.locale }),
  ]);
  if (!space.ok) throw notFound(space);
  if (!messages.ok) throw notFound(messages);
  const message = messages.data.items.find((m) => m.id === messageId);
  // Only what the menu offers: someone else's message that is still there for all to read.
  if (!message?.author || message.author.id === user.id || message.deletedAt || message.moderation) throw new Response(null, { status: 404 });
  const chat = space.data.conversationId ? `/messages/${space.data.conversationId}` : `/spaces/${space.data.slug}`;
  return { message: { id: message.id, body: message.body, author: message.author }, chat, me: user.username };
}

/** Whatever the reason the reader may not see it (a private space, a message elsewhere): not found. */
function notFound(failure: ApiFailure): Response {
  return failure.status >= 500 ? failureResponse(failure) : new Response(null, { status: 404 });
}

export default function MessageOptionsPage() {
  const { t } = useTranslation('chat');
  const { message, chat, me } = useLoaderData<typeof loader>();
  const name = authorName(t, message.author);
  return (
    <section className="narrow-wide message-options" aria-labelledby="options-title">
      <p className="breadcrumb">
        <Link to={`${chat}#message-${message.id}`}>{t('menu.back')}</Link>
      </p>
      <h1 id="options-title">{t('menu.pageHeading', { name })}</h1>
      <blockquote className="message-options__message">
        <MessageText text={message.body} me={me} />
      </blockquote>
      <ul className="message-options__list">
        <li>
          <ReportLink targetType="message" targetId={message.id} back={chat} />
        </li>
        <li>
          <h2>{t('menu.block', { name })}</h2>
          <Form method="post" action={chat} className="confirm">
            <BlockFields t={t} authorId={message.author.id} name={name} />
          </Form>
        </li>
      </ul>
    </section>
  );
}

export function ErrorBoundary() {
  return <GeneralErrorBoundary />;
}
