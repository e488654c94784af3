import { Link } from '@remix-run/react';
import { useTranslation } from 'react-i18next';
import type { RouteHandle } from '~/utils/route-handle';

export const handle: RouteHandle = {
  title: (t) => t('powers.pageTitle', { ns: 'circle' }),
};

// Literal keys (not built at run time) so the locale check sees each one used.
const CAN = ['powers.can.circle', 'powers.can.mentors', 'powers.can.numbers', 'powers.can.feedback', 'powers.can.suggest', 'powers.can.reachOut'] as const;
const CANNOT = ['powers.cannot.cards', 'powers.cannot.conversations', 'powers.cannot.smallNumbers', 'powers.cannot.profiles', 'powers.cannot.activate', 'powers.cannot.secret'] as const;

/** Public, no sign-in: what an organisation's coordinators can and cannot see, in plain words. */
export default function CoordinatorsPage() {
  const { t } = useTranslation('circle');
  return (
    <article className="coordinators-page" aria-labelledby="powers-title">
      <h1 id="powers-title">{t('powers.title')}</h1>
      <p className="lead">{t('powers.lead')}</p>
      <section aria-labelledby="powers-can">
        <h2 id="powers-can">{t('powers.canTitle')}</h2>
        <ul>
          {CAN.map((key) => (
            <li key={key}>{t(key)}</li>
          ))}
        </ul>
      </section>
      <section aria-labelledby="powers-cannot">
        <h2 id="powers-cannot">{t('powers.cannotTitle')}</h2>
        <ul>
          {CANNOT.map((key) => (
            <li key={key}>{t(key)}</li>
          ))}
        </ul>
      </section>
      <section aria-labelledby="powers-cards">
        <h2 id="powers-cards">{t('powers.cardsTitle')}</h2>
        <p>{t('powers.cards')}</p>
        <p>
          <Link to="/account/circle">{t('powers.yourCards')}</Link>
        </p>
      </section>
    </article>
  );
}
