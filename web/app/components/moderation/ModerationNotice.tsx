import { useTranslation } from 'react-i18next';
import { InPageLink } from '~/components/ui/InPageNavigation';

interface ModerationNoticeProps {
  moderation: { state: 'visible' | 'pending' | 'hidden' | 'removed'; reason: string | null } | null | undefined;
  /** The author sees why, and where to ask for another look. */
  isAuthor: boolean;
  className?: string;
}

/**
 * The tombstone of something moderators held, hid or removed. Readers see only that it happened;
 * its author also sees the reason and the way to appeal.
 */
export function ModerationNotice({ moderation, isAuthor, className = 'moderation-notice' }: ModerationNoticeProps) {
  const { t } = useTranslation('moderation');
  if (!moderation || moderation.state === 'visible') return null;
  const text =
    moderation.state === 'pending' ? (isAuthor ? t('tombstone.pendingAuthor') : t('tombstone.pending')) : moderation.state === 'hidden' ? t('tombstone.hidden') : t('tombstone.removed');
  return (
    <div className={className} data-testid="moderation-notice" data-state={moderation.state}>
      <p className="moderation-notice__state">{text}</p>
      {isAuthor && moderation.reason ? <p className="moderation-notice__reason">{t('tombstone.reason', { reason: moderation.reason })}</p> : null}
      {isAuthor && moderation.state !== 'pending' ? (
        <p className="moderation-notice__appeal">
          {/* A plain link (opened in the page): a message's HTML is rendered apart from the page and kept (Chat). */}
          <InPageLink to="/account/moderation">{t('tombstone.appeal')}</InPageLink>
        </p>
      ) : null}
    </div>
  );
}
