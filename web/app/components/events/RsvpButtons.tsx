import { Form, useNavigation } from '@remix-run/react';
import { useTranslation } from 'react-i18next';
import type { EventOccurrence } from '@sorstars/shared';

/**
 * Going / maybe / not going, as three submit buttons of one small form: it works before (and
 * without) JavaScript. `describedBy` names the date the answer is for, for screen readers.
 */
export function RsvpButtons({ occurrence, current, describedBy }: { occurrence: string; current: EventOccurrence['myStatus']; describedBy?: string }) {
  const { t } = useTranslation('events');
  const navigation = useNavigation();
  const busy = navigation.state === 'submitting' && navigation.formData?.get('intent') === 'rsvp' && navigation.formData?.get('occurrence') === occurrence;
  const options = [
    { status: 'going', label: t('rsvp.going'), chosen: current === 'going' || current === 'waitlisted' },
    { status: 'maybe', label: t('rsvp.maybe'), chosen: current === 'maybe' },
    { status: 'declined', label: t('rsvp.declined'), chosen: current === 'declined' },
  ];
  return (
    <Form method="post" className="rsvp" preventScrollReset>
      <input type="hidden" name="intent" value="rsvp" />
      <input type="hidden" name="occurrence" value={occurrence} />
      {options.map((option) => (
        <button
          key={option.status}
          type="submit"
          name="status"
          value={option.status}
          className={option.chosen ? 'button rsvp__button rsvp__button--chosen' : 'button button--secondary rsvp__button'}
          aria-describedby={describedBy}
          disabled={busy}
        >
          {option.chosen ? <span aria-hidden="true">✓ </span> : null}
          {option.label}
          {option.chosen ? <span className="visually-hidden"> {t('rsvp.yourAnswer')}</span> : null}
        </button>
      ))}
    </Form>
  );
}
