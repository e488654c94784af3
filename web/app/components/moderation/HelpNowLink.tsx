import { Link } from '@remix-run/react';
import { useTranslation } from 'react-i18next';

/** "Get help now": one step from every page, beside the quick exit. */
export function HelpNowLink() {
  const { t } = useTranslation('moderation');
  return (
    <Link to="/help" className="help-now" data-testid="help-now">
      {t('nav.help')}
    </Link>
  );
}
