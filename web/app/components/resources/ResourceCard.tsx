import { useTranslation } from 'react-i18next';
import type { TFunction } from 'i18next';
import type { ResourceCardData } from '@sorstars/shared';
import { OpenNowBadge } from './OpenNowBadge';
import { VerifiedMark } from './VerifiedMark';
import { formatDistance, openNowText } from './format';
import { STATUS_KEYS, attributeLabel, categoryLabel } from './labels';
import { InPageLink } from '~/components/ui/InPageNavigation';
import { lasting } from '~/utils/lasting-values';

export function resourceHref(id: string, at: string | null): string {
  return at ? `/resources/${id}?${new URLSearchParams({ at })}` : `/resources/${id}`;
}

/**
 * Everything a card's HTML depends on, as the key the server keeps that HTML under
 * (remembered-html.server.ts): the resource as the API gave it, the time asked about, the
 * language, and the open-now badge's words (they count down to closing time, and say "today" by
 * the clock). Change this with ResourceCard.
 */
export function resourceCardKey(t: TFunction, language: string, props: { resource: ResourceCardData; reference: string; at: string | null }): string {
  const { resource, reference, at } = props;
  const badge = resource.status === 'active' && resource.location ? openNowText(t, resource.openNow, resource.location.timezone, language, reference) : null;
  return JSON.stringify([language, at, badge, resource]);
}

/** One search result: name, open-now badge, distance, place, and what it offers. */
export function ResourceCard({ resource, reference, at }: { resource: ResourceCardData; reference: string; at: string | null }) {
  const { t, i18n } = useTranslation('resources');
  const { location, distanceKm: distance } = resource;
  return (
    <li className="resource-card" data-testid="resource-card">
      <h3 className="resource-card__name">
        <InPageLink to={resourceHref(resource.id, at)}>{resource.name}</InPageLink>
      </h3>
      <p className="resource-card__status">
        {resource.status !== 'active' ? <span className="open-badge open-badge--closed">{t(STATUS_KEYS[resource.status])}</span> : null}
        {resource.status === 'active' && location ? <OpenNowBadge openNow={resource.openNow} zone={location.timezone} reference={reference} /> : null}
        {distance !== undefined ? <span className="resource-card__distance">{t('list.distance', lasting({ distance: formatDistance(distance, i18n.language) }))}</span> : null}
      </p>
      {location ? (
        <p className="resource-card__place">
          {location.confidential ? t('details.confidential') : [location.address, location.city].filter(Boolean).join(', ')}
        </p>
      ) : null}
      <p className="resource-card__org">
        {resource.organization.name} <VerifiedMark verified={resource.organization.verified} />
      </p>
      <ul className="tag-list" aria-label={t('list.offers')}>
        {resource.categories.map((code) => (
          <li key={code} className="tag">
            {categoryLabel(t, code)}
          </li>
        ))}
        {resource.attributes.map((code) => (
          <li key={code} className="tag tag--attribute">
            {attributeLabel(t, code)}
          </li>
        ))}
      </ul>
    </li>
  );
}
