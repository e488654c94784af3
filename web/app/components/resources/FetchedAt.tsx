import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { formatDateTime } from '~/utils/i18n';

/**
 * When these details came from the server. Offline (a copy the service worker kept), it says so
 * plainly, so nobody walks to a shelter on week-old hours without knowing.
 */
export function FetchedAt({ fetchedAt }: { fetchedAt: string }) {
  const { t, i18n } = useTranslation('resources');
  const [offline, setOffline] = useState(false);
  useEffect(() => {
    const update = () => setOffline(!navigator.onLine);
    update();
    window.addEventListener('online', update);
    window.addEventListener('offline', update);
    return () => {
      window.removeEventListener('online', update);
      window.removeEventListener('offline', update);
    };
  }, []);
  const date = formatDateTime(fetchedAt, i18n.language, 'UTC') + ' UTC';
  return offline ? (
    <p className="notice offline-note" role="status" data-testid="offline-note">
      {t('offline.savedCopy', { date })}
    </p>
  ) : (
    <p className="muted fetched-at" data-testid="fetched-at">
      {t('offline.fetchedAt', { date })}
    </p>
  );
}
