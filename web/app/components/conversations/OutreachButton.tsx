import { Form } from '@remix-run/react';
import { useTranslation } from 'react-i18next';

/**
 * "Reach out with care" on a review item: opens a conversation with the person it is about, which
 * they see as a request saying who writes and why, and may decline.
 */
export function OutreachButton({ itemId, name, action = '/messages', children }: { itemId: string; name: string; action?: string; children?: React.ReactNode }) {
  const { t } = useTranslation('chat');
  return (
    <Form method="post" action={action} className="outreach-button">
      {children}
      <input type="hidden" name="intent" value="outreach" />
      <input type="hidden" name="itemId" value={itemId} />
      <p className="muted">{t('direct.reachOut.hint')}</p>
      <button type="submit" className="button button--secondary" aria-label={t('direct.reachOut.label', { name })}>
        {t('direct.reachOut.button')}
      </button>
    </Form>
  );
}
