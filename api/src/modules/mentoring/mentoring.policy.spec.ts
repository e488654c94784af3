import { actionsFor, transition, type MatchFacts } from './mentoring.policy.js';

const now = new Date('2026-11-30T12:00:00Z');
const base = (over: Partial<MatchFacts> = {}): MatchFacts => ({
  state: 'requested',
  mentorId: 'mentor',
  menteeId: 'mentee',
  menteeAcceptedAt: now,
  mentorAcceptedAt: null,
  createdAt: new Date(now.getTime() - 60_000),
  ...over,
});

describe('match state machine', () => {
  it.each([
    // state, acceptances, actor, action → next state or refusal
    ['requested', 'mentee', 'mentor', 'accept', 'active'],
    ['requested', 'mentee', 'mentee', 'accept', 'MATCH_TRANSITION_INVALID'],
    ['requested', 'none', 'mentor', 'accept', 'requested'],
    ['requested', 'mentor', 'mentee', 'accept', 'active'],
    ['requested', 'mentee', 'mentor', 'decline', 'declined'],
    ['requested', 'mentee', 'mentee', 'end', 'declined'],
    ['requested', 'mentee', 'mentor', 'pause', 'MATCH_TRANSITION_INVALID'],
    ['active', 'both', 'mentee', 'pause', 'paused'],
    ['active', 'both', 'mentor', 'end', 'ended'],
    ['active', 'both', 'mentor', 'accept', 'MATCH_TRANSITION_INVALID'],
    ['paused', 'both', 'mentor', 'resume', 'active'],
    ['paused', 'both', 'mentee', 'end', 'ended'],
    ['ended', 'both', 'mentee', 'resume', 'MATCH_TRANSITION_INVALID'],
    ['declined', 'mentee', 'mentor', 'accept', 'MATCH_TRANSITION_INVALID'],
    ['active', 'both', 'stranger', 'end', 'MATCH_NOT_FOUND'],
  ] as const)('%s (yes from %s): %s %s → %s', (state, yes, actor, action, expected) => {
    const m = base({
      state,
      menteeAcceptedAt: yes === 'mentee' || yes === 'both' ? now : null,
      mentorAcceptedAt: yes === 'mentor' || yes === 'both' ? now : null,
    });
    const t = transition(m, actor, action, now);
    expect(typeof t === 'string' ? t : t.state).toBe(expected);
  });

  it('never reaches active without the mentee having said yes', () => {
    const m = base({ menteeAcceptedAt: null });
    const t = transition(m, 'mentor', 'accept', now);
    expect(typeof t !== 'string' && t.state).toBe('requested');
  });

  it('a request 14 days old has expired', () => {
    expect(transition(base({ createdAt: new Date(now.getTime() - 14 * 86_400_000) }), 'mentor', 'accept', now)).toBe('MATCH_EXPIRED');
  });

  it('a request the sweep already expired says so too, whenever the sweep ran', () => {
    for (const action of ['accept', 'decline', 'end'] as const) expect(transition(base({ state: 'expired' }), 'mentor', action, now)).toBe('MATCH_EXPIRED');
    expect(actionsFor(base({ state: 'expired' }), 'mentee', now)).toEqual([]);
  });

  it('offers each side only what it may do', () => {
    expect(actionsFor(base(), 'mentor', now)).toEqual(['accept', 'decline']);
    expect(actionsFor(base(), 'mentee', now)).toEqual(['end']);
    expect(actionsFor(base({ state: 'active', mentorAcceptedAt: now }), 'mentee', now)).toEqual(['pause', 'end']);
  });
});
