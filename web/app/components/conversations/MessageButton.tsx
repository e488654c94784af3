import { Form } from '@remix-run/react';
import { useTranslation } from 'react-i18next';

/** "Send a message" beside a person's name: opens (or finds) the conversation, without JavaScript too. */
export function MessageButton({ userId, name }: { userId: string; name: string }) {
  const { t } = useTranslation('chat');
  return (
    <Form method="post" action="/messages" className="message-button">
      <input type="hidden" name="intent" value="open" />
      <input type="hidden" name="userId" value={userId} />
      <button type="submit" className="link-button" aria-label={t('direct.sendTo', { name })}>
        {t('direct.send')}
      </button>
    </Form>
  );
}
