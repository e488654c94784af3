import { MATCH_REQUEST_DAYS, type ErrorCode, type MatchAction, type MatchState } from '@sorstars/shared';

/**
 * The match state machine, pure so the API, the web's buttons and the property test share it:
 *
 *   requested ──both said yes──▶ active ⇄ paused ──end──▶ ended
 *       └──decline / end (withdraw)──▶ declined      └── 14 days unanswered ──▶ expired
 *
 * A mentee who asks has said yes by asking; a pair suggested by an organisation needs both yeses.
 * The database enforces the same (no active row without both acceptances, capacity, blocks).
 */
export interface MatchFacts {
  state: MatchState;
  mentorId: string;
  menteeId: string;
  menteeAcceptedAt: Date | null;
  mentorAcceptedAt: Date | null;
  createdAt: Date;
}

export interface Transition {
  state: MatchState;
  menteeAccepted?: boolean;
  mentorAccepted?: boolean;
  started?: boolean;
  paused?: boolean;
  ended?: boolean;
}

export const REQUEST_TTL_MS = MATCH_REQUEST_DAYS * 24 * 60 * 60_000;

/** Expired by the sweep, or due and not yet swept: the answer must not depend on when the sweep last ran. */
export const isExpired = (m: MatchFacts, now: Date) =>
  m.state === 'expired' || (m.state === 'requested' && now.getTime() - m.createdAt.getTime() >= REQUEST_TTL_MS);

export function sideOf(m: MatchFacts, userId: string): 'mentor' | 'mentee' | null {
  if (m.mentorId === userId) return 'mentor';
  if (m.menteeId === userId) return 'mentee';
  return null;
}

/** The next state, or the error code that refuses the step. */
export function transition(m: MatchFacts, actorId: string, action: MatchAction, now: Date): Transition | ErrorCode {
  const side = sideOf(m, actorId);
  if (!side) return 'MATCH_NOT_FOUND';
  if (isExpired(m, now)) return 'MATCH_EXPIRED';
  switch (action) {
    case 'accept': {
      if (m.state !== 'requested') return 'MATCH_TRANSITION_INVALID';
      const mine = side === 'mentee' ? m.menteeAcceptedAt : m.mentorAcceptedAt;
      if (mine) return 'MATCH_TRANSITION_INVALID';
      const theirs = side === 'mentee' ? m.mentorAcceptedAt : m.menteeAcceptedAt;
      const yes = side === 'mentee' ? { menteeAccepted: true } : { mentorAccepted: true };
      return theirs ? { state: 'active', started: true, ...yes } : { state: 'requested', ...yes };
    }
    case 'decline':
      return m.state === 'requested' ? { state: 'declined', ended: true } : 'MATCH_TRANSITION_INVALID';
    case 'pause':
      return m.state === 'active' ? { state: 'paused', paused: true } : 'MATCH_TRANSITION_INVALID';
    case 'resume':
      return m.state === 'paused' ? { state: 'active' } : 'MATCH_TRANSITION_INVALID';
    case 'end':
      if (m.state === 'requested') return { state: 'declined', ended: true };
      return m.state === 'active' || m.state === 'paused' ? { state: 'ended', ended: true } : 'MATCH_TRANSITION_INVALID';
  }
}

/** What the person may do next, for the buttons on their match page. */
export function actionsFor(m: MatchFacts, userId: string, now: Date): MatchAction[] {
  const all: MatchAction[] = ['accept', 'decline', 'pause', 'resume', 'end'];
  return all.filter((a) => {
    const t = transition(m, userId, a, now);
    // Withdrawing one's own request is offered as "end", not as a second "decline" button.
    if (a === 'decline' && typeof t !== 'string') return sideOf(m, userId) === 'mentee' ? !m.menteeAcceptedAt : !m.mentorAcceptedAt;
    if (a === 'end' && m.state === 'requested') return sideOf(m, userId) === 'mentee' ? !!m.menteeAcceptedAt : !!m.mentorAcceptedAt;
    return typeof t !== 'string';
  });
}
