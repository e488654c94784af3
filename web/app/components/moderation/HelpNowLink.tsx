import { InPageLink } from '~/components/ui/InPageNavigation';
import { useTranslation } from 'react-i18next';

/** "Get help now": one step from every page, beside the quick exit. */
export function HelpNowLink() {
  const { t } = useTranslation('moderation');
  return (
    <InPageLink to="/help" className="help-now" data-testid="help-now">
      {t('nav.help')}
    </InPageLink>
  );
}
