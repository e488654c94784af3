import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';

/** About 100 m: three decimals of a degree. The exact position never leaves the device. */
export function roundCoordinate(value: number): string {
  return (Math.round(value * 1000) / 1000).toFixed(3);
}

/**
 * "Use my location": asks the browser, rounds to ~100 m, and sends the search form with `near`.
 * Only with JavaScript (the browser's location needs it); the town or postcode field works without.
 * The position is not kept anywhere: it lives in this one search's address.
 */
export function UseMyLocation({ formId }: { formId: string }) {
  const { t } = useTranslation('resources');
  const [ready, setReady] = useState(false);
  const [state, setState] = useState<'idle' | 'locating' | 'failed'>('idle');
  useEffect(() => setReady('geolocation' in navigator), []);
  if (!ready) return null;
  return (
    <div className="use-location">
      <button
        type="button"
        className="button button--secondary"
        disabled={state === 'locating'}
        onClick={() => {
          setState('locating');
          navigator.geolocation.getCurrentPosition(
            (position) => {
              const form = document.getElementById(formId) as HTMLFormElement | null;
              if (!form) return;
              const near = form.elements.namedItem('near') as HTMLInputElement | null;
              const city = form.elements.namedItem('city') as HTMLInputElement | null;
              if (near) near.value = `${roundCoordinate(position.coords.latitude)},${roundCoordinate(position.coords.longitude)}`;
              if (city) city.value = '';
              setState('idle');
              form.requestSubmit();
            },
            () => setState('failed'),
            { enableHighAccuracy: false, maximumAge: 600_000, timeout: 15_000 },
          );
        }}
      >
        {t('list.useLocation')}
      </button>
      <p className="field__hint">{t('list.locationHint')}</p>
      <p role="status" className={state === 'failed' ? 'field__error' : 'visually-hidden'}>
        {state === 'locating' ? t('list.locating') : state === 'failed' ? t('list.locationFailed') : ''}
      </p>
    </div>
  );
}
