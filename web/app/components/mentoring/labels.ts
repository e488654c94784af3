import type { MatchAction, MatchState, MentoringExperience, MentoringRole } from '@sorstars/shared';

/** Locale keys (mentoring namespace) written out, so the locale check sees each one is used. */
export const STATE_KEYS: Record<MatchState, string> = {
  requested: 'state.requested',
  active: 'state.active',
  paused: 'state.paused',
  ended: 'state.ended',
  declined: 'state.declined',
  expired: 'state.expired',
};
export const ROLE_KEYS: Record<MentoringRole, string> = { mentor: 'role.mentor', mentee: 'role.mentee', both: 'role.both', none: 'role.none' };
export const EXPERIENCE_KEYS: Record<MentoringExperience, string> = {
  care_leaver: 'experience.care_leaver',
  refugee: 'experience.refugee',
  street_homelessness: 'experience.street_homelessness',
  hostel: 'experience.hostel',
  housing_first_tenant: 'experience.housing_first_tenant',
  eviction: 'experience.eviction',
  young_person: 'experience.young_person',
};
export const ACTION_KEYS: Record<MatchAction, string> = { accept: 'match.accept', decline: 'match.decline', pause: 'match.pause', resume: 'match.resume', end: 'match.end' };
export const DONE_KEYS: Record<MatchAction, string> = {
  accept: 'match.done.accept',
  decline: 'match.done.decline',
  pause: 'match.done.pause',
  resume: 'match.done.resume',
  end: 'match.done.end',
};
export const AGREEMENT_FIELDS = [
  { name: 'howOften', key: 'match.howOften', max: 300 },
  { name: 'channel', key: 'match.channel', max: 300 },
  { name: 'coordinatorMaySee', key: 'match.coordinatorMaySee', max: 500 },
  { name: 'howToEnd', key: 'match.howToEnd', max: 500 },
] as const;
export const WAITING_KEYS = { mentor: 'match.waitingForMentor', mentee: 'match.waitingForMentee' } as const;
