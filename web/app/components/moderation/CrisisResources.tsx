import { useTranslation } from 'react-i18next';
import type { CrisisResource } from '@sorstars/shared';

/** tel: wants digits and a leading +, not the spaces people read a number with. */
export function telHref(phone: string): string {
  return `tel:${phone.replace(/[^\d+]/g, '')}`;
}

interface CrisisResourcesProps {
  items: CrisisResource[];
  /** The heading level of each resource's name. */
  level?: 2 | 3;
}

/** Services to call or visit, each with a number to tap and its opening hours. */
export function CrisisResources({ items, level = 3 }: CrisisResourcesProps) {
  const { t } = useTranslation('moderation');
  const Heading = level === 2 ? 'h2' : 'h3';
  return (
    <ul className="crisis-list" data-testid="crisis-resources">
      {items.map((item) => (
        <li key={item.id} className="crisis-list__item">
          <Heading className="crisis-list__name">{item.name}</Heading>
          {item.municipality ? <p className="muted">{item.municipality}</p> : null}
          {item.description ? <p>{item.description}</p> : null}
          {/* Every line says when it answers; where nobody has entered it, say so rather than imply "always". */}
          <p>{item.hours ? t('help.hours', { hours: item.hours }) : t('help.hoursUnknown')}</p>
          <p className="crisis-list__actions">
            {item.phone ? (
              <a className="button crisis-list__call" href={telHref(item.phone)}>
                {t('help.call', { phone: item.phone })}
              </a>
            ) : null}
            {item.url ? (
              <a href={item.url} rel="noreferrer noopener" target="_blank">
                {t('help.website')}
                <span className="visually-hidden"> {t('help.websiteOf', { name: item.name })}</span>
              </a>
            ) : null}
          </p>
        </li>
      ))}
    </ul>
  );
}
