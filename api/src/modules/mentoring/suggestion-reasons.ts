import type { Locale, MentoringExperience } from '@sorstars/shared';
import { translate } from '../../core/i18n/i18n.js';
import type { ProfileRow } from './mentoring.repository.js';

/** Locale keys written out, so the locale check sees each one is used. */
const SHARED_EXPERIENCE: Record<MentoringExperience, string> = {
  care_leaver: 'why.experience.care_leaver',
  refugee: 'why.experience.refugee',
  street_homelessness: 'why.experience.street_homelessness',
  hostel: 'why.experience.hostel',
  housing_first_tenant: 'why.experience.housing_first_tenant',
  eviction: 'why.experience.eviction',
  young_person: 'why.experience.young_person',
};

/**
 * Why a mentor is suggested, in the reader's words: each thing the two share is one plain reason
 * ("shares your language: Danish", "lives in Aarhus too", "has also left care"). `shared` orders
 * the suggestions and stays on the server: people see reasons, never a score.
 */
export function whyOf(me: Omit<ProfileRow, 'user_id'>, mentor: Omit<ProfileRow, 'user_id'>, locale: Locale): { reasons: string[]; shared: number } {
  const reasons: string[] = [];
  const names = new Intl.DisplayNames([locale], { type: 'language', fallback: 'code' });
  for (const lang of mentor.languages.filter((l) => me.languages.includes(l)).slice(0, 3)) {
    reasons.push(translate(locale, 'mentoring', 'why.language', { language: names.of(lang) ?? lang }));
  }
  if (me.city && mentor.city === me.city) reasons.push(translate(locale, 'mentoring', 'why.city', { city: mentor.city }));
  for (const exp of mentor.experiences.filter((e) => me.experiences.includes(e))) {
    reasons.push(translate(locale, 'mentoring', SHARED_EXPERIENCE[exp]));
  }
  const shared = reasons.length;
  if (shared === 0) reasons.push(translate(locale, 'mentoring', 'why.hasRoom'));
  return { reasons, shared };
}
