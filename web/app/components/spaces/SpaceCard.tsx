import { useTranslation } from 'react-i18next';
import { LOCALE_NAMES, type Space } from '@sorstars/shared';
import { countValues } from '~/utils/i18n';
import { unreadLabel, visibilityLabel } from './labels';
import { InPageLink } from '~/components/ui/InPageNavigation';

export function SpaceCard({ space }: { space: Space }) {
  const { t, i18n } = useTranslation('spaces');
  const titleId = `space-${space.id}`;
  return (
    <li className="space-card" aria-labelledby={titleId}>
      <h2 className="space-card__name" id={titleId}>
        <InPageLink to={`/spaces/${space.slug}`}>{space.name}</InPageLink>
      </h2>
      {space.description ? <p className="space-card__description">{space.description}</p> : null}
      <ul className="space-card__facts">
        <li>{visibilityLabel(t, space.visibility)}</li>
        {space.language ? <li lang={space.language}>{LOCALE_NAMES[space.language]}</li> : null}
        <li>{t('card.members', countValues(space.memberCount, i18n.language))}</li>
        {space.membership ? <li>{t('card.youAreMember')}</li> : space.requestPending ? <li>{t('card.requestPending')}</li> : null}
        {space.membership && space.unreadCount > 0 ? (
          <li className="space-card__unread" data-testid="unread-count">
            {unreadLabel(t, space.unreadCount)}
          </li>
        ) : null}
      </ul>
    </li>
  );
}
