import type { ContributionKind, ContributionStatus, ContributionTheme } from '@sorstars/shared';

/* Each code's translation key, spelled out so a key nobody uses (or a code without words) shows up. */
export const KIND_KEYS: Record<ContributionKind, string> = {
  consultation: 'kinds.consultation',
  training: 'kinds.training',
  working_group: 'kinds.working_group',
  lecture: 'kinds.lecture',
  peer_research_interview: 'kinds.peer_research_interview',
  other: 'kinds.other',
};
export const THEME_KEYS: Record<ContributionTheme, string> = {
  early_intervention: 'themes.early_intervention',
  social_inclusion: 'themes.social_inclusion',
  supported_housing: 'themes.supported_housing',
  other: 'themes.other',
};
export const STATUS_KEYS: Record<ContributionStatus, string> = {
  planned: 'statuses.planned',
  done: 'statuses.done',
  paid: 'statuses.paid',
};
