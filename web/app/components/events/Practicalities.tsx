import { useTranslation } from 'react-i18next';
import type { Practicality } from '@sorstars/shared';
import { PRACTICALITY_KEYS } from './labels';

/** Simple line icons; each is shown next to its words, never instead of them. */
const ICONS: Record<Practicality, JSX.Element> = {
  stepFree: (
    <>
      <circle cx="11" cy="4" r="2" />
      <path d="M11 7v6h6l2 6M11 10h5M8 11a6 6 0 1 0 8 7" />
    </>
  ),
  food: (
    <>
      <path d="M3 12h18a9 9 0 0 1-18 0z" />
      <path d="M9 8c0-2 2-2 2-4M14 8c0-2 2-2 2-4" />
    </>
  ),
  travelCosts: (
    <>
      <rect x="4" y="3" width="16" height="14" rx="3" />
      <path d="M4 11h16M8 20v-3M16 20v-3" />
    </>
  ),
  childcare: <path d="M12 20s-7-4.5-7-10a4 4 0 0 1 7-2.6A4 4 0 0 1 19 10c0 5.5-7 10-7 10z" />,
  petsWelcome: (
    <>
      <circle cx="6" cy="10" r="2" />
      <circle cx="10" cy="5" r="2" />
      <circle cx="15" cy="5" r="2" />
      <circle cx="19" cy="10" r="2" />
      <path d="M12.5 11c-3 0-6 5-4 7.5 1.5 1.5 3 .5 4 .5s2.5 1 4-.5c2-2.5-1-7.5-4-7.5z" />
    </>
  ),
  noIdNeeded: (
    <>
      <rect x="3" y="5" width="18" height="14" rx="2" />
      <path d="M4 4l16 16" />
    </>
  ),
  freeOfCharge: (
    <>
      <path d="M3 12l9-9h8v8l-9 9z" />
      <circle cx="16" cy="7" r="1.5" />
    </>
  ),
};

export function PracticalityIcon({ name }: { name: Practicality }) {
  return (
    <svg className="practicality__icon" viewBox="0 0 24 24" width="22" height="22" aria-hidden="true" focusable="false">
      <g fill="none" stroke="currentColor" strokeWidth="2" strokeLinecap="round" strokeLinejoin="round">
        {ICONS[name]}
      </g>
    </svg>
  );
}

export function Practicalities({ items, label }: { items: Practicality[]; label?: string }) {
  const { t } = useTranslation('events');
  if (items.length === 0) return null;
  return (
    <ul className="practicalities" aria-label={label ?? t('details.practicalTitle')}>
      {items.map((item) => (
        <li key={item} className="practicality">
          <PracticalityIcon name={item} />
          <span>{t(PRACTICALITY_KEYS[item])}</span>
        </li>
      ))}
    </ul>
  );
}
