import { Form } from '@remix-run/react';
import { useTranslation } from 'react-i18next';

/**
 * "Reach out with care" on a review item: opens a conversation with the person it is about, which
 * they see as a request saying who writes and why, and may decline.
 */
export function OutreachButton({ itemId, name }: { itemId: string; name: string }) {
  const { t } = useTranslation('chat');
  return (
    <Form method="post" action="/messages" className="outreach-button">
      <input type="hidden" name="intent" value="outreach" />
      <input type="hidden" name="itemId" value={itemId} />
      <p className="muted">{t('direct.reachOut.hint')}</p>
      <button type="submit" className="button button--secondary" aria-label={t('direct.reachOut.label', { name })}>
        {t('direct.reachOut.button')}
      </button>
    </Form>
  );
}
