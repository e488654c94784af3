import { useTranslation } from 'react-i18next';
import { openNowText, type OpenNow } from './format';

/**
 * "Open, closes in 40 min" / "Closed, opens Tuesday 09:00" / "Hours not known", at the place's own
 * clock. Colour is never the only sign: the words say it.
 */
export function OpenNowBadge({ openNow, zone, reference }: { openNow: OpenNow; zone: string; reference: string }) {
  const { t, i18n } = useTranslation('resources');
  return (
    <span className={`open-badge open-badge--${openNow.state}`} data-testid="open-now" data-state={openNow.state}>
      {openNowText(t, openNow, zone, i18n.language, reference)}
    </span>
  );
}
