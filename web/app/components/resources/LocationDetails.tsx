import { useTranslation } from 'react-i18next';
import type { ResourceLocation } from '@sorstars/shared';
import { OpenNowBadge } from './OpenNowBadge';
import { countryName, daysText, directionLinks, formatDate, formatDistance } from './format';

/** Weekly hours, one line per period; a period that closes earlier than it opens runs past midnight. */
export function HoursList({ location }: { location: Pick<ResourceLocation, 'hours' | 'closed' | 'hoursNote'> }) {
  const { t, i18n } = useTranslation('resources');
  const locale = i18n.language;
  if (location.hours.length === 0) return <p>{t('details.noHours')}</p>;
  return (
    <>
      <ul className="hours" data-testid="hours">
        {location.hours.map((period, i) => (
          <li key={i}>
            <span className="hours__days">{daysText(period.days, locale)}</span>{' '}
            <span className="hours__time">
              {period.opens === '00:00' && period.closes === '24:00'
                ? t('details.allDay')
                : period.closes <= period.opens
                  ? t('details.overnight', { opens: period.opens, closes: period.closes })
                  : `${period.opens}–${period.closes}`}
            </span>
          </li>
        ))}
      </ul>
      {location.hoursNote ? <p className="hours__note">{location.hoursNote}</p> : null}
      {location.closed.length > 0 ? (
        <>
          <h4>{t('details.closedDates')}</h4>
          <ul className="hours hours--closed">
            {location.closed.map((c, i) => (
              <li key={i}>
                {c.from === c.to ? formatDate(c.from, locale) : t('details.dateRange', { from: formatDate(c.from, locale), to: formatDate(c.to, locale) })}
                {c.note ? ` — ${c.note}` : null}
              </li>
            ))}
          </ul>
        </>
      ) : null}
    </>
  );
}

/** One place: where (or "kept confidential"), open now, hours, access, getting there, directions. */
export function LocationDetails({ location, reference, contactRoute }: { location: ResourceLocation; reference: string; contactRoute: string | null }) {
  const { t, i18n } = useTranslation('resources');
  const locale = i18n.language;
  const directions = location.lat !== null && location.lng !== null ? directionLinks(location.lat, location.lng) : null;
  return (
    <div className="location" data-testid="location">
      {location.name ? <h3>{location.name}</h3> : null}
      <p>
        <OpenNowBadge openNow={location.openNow} zone={location.timezone} reference={reference} />
      </p>
      {location.confidential ? (
        <div className="confidential" data-testid="confidential">
          <p>
            <strong>{t('details.confidential')}</strong>
          </p>
          <p>{t('details.confidentialHelp')}</p>
          {contactRoute ? <p>{contactRoute}</p> : null}
          <p className="muted">{[location.city, countryName(location.country, locale)].join(', ')}</p>
        </div>
      ) : (
        <address className="location__address">
          {location.address}
          <br />
          {[location.postalCode, location.city].filter(Boolean).join(' ')}
          {location.region ? `, ${location.region}` : null}
          <br />
          {countryName(location.country, locale)}
        </address>
      )}
      {location.distanceKm !== undefined ? <p>{t('list.distance', { distance: formatDistance(location.distanceKm, locale) })}</p> : null}
      {directions ? (
        <p className="location__directions">
          <a href={directions.geo}>{t('details.openInMapApp')}</a>{' '}
          <a href={directions.osm} rel="noreferrer noopener" target="_blank">
            {t('details.directions')}
          </a>
        </p>
      ) : null}
      <h4>{t('details.hours')}</h4>
      <p className="muted">{t('details.hoursZone', { zone: location.timezone })}</p>
      <HoursList location={location} />
      {location.accessibility.length > 0 ? (
        <>
          <h4>{t('details.accessibility')}</h4>
          <ul>
            {location.accessibility.map((item) => (
              <li key={item}>{item}</li>
            ))}
          </ul>
        </>
      ) : null}
      {location.transport ? (
        <>
          <h4>{t('details.transport')}</h4>
          <p className="pre-line">{location.transport}</p>
        </>
      ) : null}
    </div>
  );
}
