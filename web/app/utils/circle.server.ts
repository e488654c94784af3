import type { CaseCard, CaseCardAboutMe, CaseCardSummary, NumbersRow, OrganizationFeedback, OrganizationLogEntry } from '@sorstars/shared';
import { listOf, shaped } from './shaped-answers';

/* The circle's answers, checked for the fields the pages rely on before a page uses them. */
const isCard = (v: Record<string, unknown>) => typeof v.id === 'string' && typeof v.alias === 'string' && typeof v.createdAt === 'string';

export interface Person {
  userId: string;
  username: string;
  displayName: string | null;
}
export interface CircleView {
  organization: { id: string; name: string };
  spaceId: string;
  cards: CaseCardSummary[];
  menteesWhoAllow: Person[];
}
export interface Permission {
  mentorId: string;
  username: string;
  displayName: string | null;
  allowed: boolean;
  since: string;
}

export const circleSchema = shaped<CircleView>((v) => typeof v.spaceId === 'string' && Array.isArray(v.cards) && Array.isArray(v.menteesWhoAllow), 'a circle');
export const caseCardSchema = shaped<CaseCard>((v) => isCard(v) && typeof v.body === 'string', 'a case card');
export const aboutMeSchema = shaped<{ items: CaseCardAboutMe[] }>(listOf((v) => typeof v.id === 'string' && Array.isArray(v.discussedOn)), 'cards about me');
export const permissionsSchema = shaped<{ items: Permission[] }>(listOf((v) => typeof v.mentorId === 'string' && typeof v.allowed === 'boolean'), 'permissions');
export const logSchema = shaped<{ items: OrganizationLogEntry[] }>(listOf((v) => typeof v.action === 'string' && typeof v.createdAt === 'string'), 'a log');
export const mentorsSchema = shaped<{ circle: boolean; items: (Person & { since: string })[] }>(
  (v) => typeof v.circle === 'boolean' && listOf((m) => typeof m.userId === 'string')(v),
  'a mentor list',
);
export const organizationFeedbackSchema = shaped<{ items: OrganizationFeedback[] }>(listOf((v) => typeof v.note === 'string' && typeof v.month === 'string'), 'feedback');
export const numbersSchema = shaped<{ items: NumbersRow[] }>(listOf((v) => typeof v.group === 'string' && typeof v.key === 'string'), 'numbers');

/** Every message the API gave for one field, joined: a refused card lists each kind of detail. */
export function fieldMessages(problem: { errors?: { path: string; message: string }[] }, field: string): string | undefined {
  const messages = (problem.errors ?? []).filter((e) => e.path === field).map((e) => e.message);
  return messages.length ? messages.join(' ') : undefined;
}
export const myCirclesSchema = shaped<{ items: { id: string; slug: string; name: string }[] }>(listOf((v) => typeof v.slug === 'string' && typeof v.name === 'string'), 'my circles');
