import { useTranslation } from 'react-i18next';
import type { RouteHandle } from '~/utils/route-handle';

export const handle: RouteHandle = {
  title: (t) => t('card.removedTitle', { ns: 'circle' }),
};

/** Where removing a card lands: it is gone, with its view log. */
export default function CaseCardRemoved() {
  const { t } = useTranslation('circle');
  return (
    <article aria-labelledby="removed-title">
      <h1 id="removed-title">{t('card.removedTitle')}</h1>
      <p>{t('card.removed')}</p>
    </article>
  );
}
