import type { MentoringMatch } from '@sorstars/shared';

/** The other person of a match, as the viewer sees it. */
export const otherOf = (m: MentoringMatch) => (m.myRole === 'mentor' ? m.mentee : m.mentor);
export const nameOf = (p: { username: string; displayName: string | null }) => p.displayName || p.username;
