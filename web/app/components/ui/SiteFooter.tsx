import { useTranslation } from 'react-i18next';

export function SiteFooter() {
  const { t } = useTranslation('common');
  return (
    <footer className="site-footer">
      <p>{t('footer.emergency')}</p>
      <p>{t('footer.openSource')}</p>
    </footer>
  );
}
