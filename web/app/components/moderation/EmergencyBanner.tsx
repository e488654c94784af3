import { useTranslation } from 'react-i18next';
import type { EmergencyBanner as Banner } from '@sorstars/shared';

/** An admin's urgent notice (a cold snap, a shelter closing), at the top of every page while it runs. */
export function EmergencyBanner({ banner }: { banner: Banner | null | undefined }) {
  const { t } = useTranslation('moderation');
  if (!banner?.message) return null;
  return (
    <aside className="emergency-banner" aria-label={t('banner.label')} data-testid="emergency-banner">
      <p>
        {banner.message}
        {banner.url ? (
          <>
            {' '}
            <a href={banner.url} rel="noreferrer noopener">
              {t('banner.more')}
            </a>
          </>
        ) : null}
      </p>
    </aside>
  );
}
