import { Form } from '@remix-run/react';
import { useTranslation } from 'react-i18next';
import type { Conversation } from '@sorstars/shared';
import { otherName } from './labels';

/**
 * Accept, ignore or block a message request; an outreach is accepted or declined. Plain forms,
 * so they work before JavaScript loads. `action` is the page whose action answers them.
 */
export function RequestAnswers({ conversation: c, action }: { conversation: Conversation; action: string }) {
  const { t } = useTranslation('chat');
  const name = otherName(t, c);
  const hidden = (intent: string) => (
    <>
      <input type="hidden" name="intent" value={intent} />
      <input type="hidden" name="conversationId" value={c.id} />
    </>
  );
  return (
    <div className="request-answers">
      <Form method="post" action={action}>
        {hidden('accept')}
        <button type="submit" className="button" aria-label={t('direct.requests.acceptLabel', { name })}>
          {t('direct.requests.accept')}
        </button>
      </Form>
      {c.origin === 'outreach' ? (
        <Form method="post" action={action}>
          {hidden('decline')}
          <button type="submit" className="button button--secondary" aria-label={t('direct.requests.declineLabel', { name })}>
            {t('direct.requests.decline')}
          </button>
        </Form>
      ) : (
        <Form method="post" action={action}>
          {hidden('ignore')}
          <button type="submit" className="button button--secondary" aria-label={t('direct.requests.ignoreLabel', { name })}>
            {t('direct.requests.ignore')}
          </button>
        </Form>
      )}
      {c.other ? (
        <Form method="post" action={action}>
          {hidden('blockUser')}
          <input type="hidden" name="userId" value={c.other.id} />
          <button type="submit" className="button button--danger" aria-label={t('direct.requests.blockLabel', { name })}>
            {t('direct.requests.block')}
          </button>
        </Form>
      ) : null}
    </div>
  );
}
