import { z } from 'zod';
import { plainText } from './spaces.schema.js';
import { text } from './common.schema.js';

/**
 * Peer mentoring. Every profile field is optional and self-declared; lived experience is chosen
 * from a fixed list, and there are deliberately no fields for diagnoses, health or legal status.
 */
export const MENTORING_ROLES = ['mentor', 'mentee', 'both', 'none'] as const;
export type MentoringRole = (typeof MENTORING_ROLES)[number];
export const MENTORING_EXPERIENCES = ['care_leaver', 'refugee', 'street_homelessness', 'hostel', 'housing_first_tenant', 'eviction', 'young_person'] as const;
export type MentoringExperience = (typeof MENTORING_EXPERIENCES)[number];
/** Who may read the profile: any signed-in member (and so it can be suggested), or only one's matches. */
export const MENTORING_VISIBILITIES = ['members', 'matches'] as const;
export type MentoringVisibility = (typeof MENTORING_VISIBILITIES)[number];
export const MATCH_STATES = ['requested', 'active', 'paused', 'ended', 'declined', 'expired'] as const;
export type MatchState = (typeof MATCH_STATES)[number];
export const MATCH_ACTIONS = ['accept', 'decline', 'pause', 'resume', 'end'] as const;
export type MatchAction = (typeof MATCH_ACTIONS)[number];
export const MENTOR_CAPACITY_MAX = 10;
export const MENTOR_CAPACITY_DEFAULT = 3;
/** A request not answered in this many days expires. */
export const MATCH_REQUEST_DAYS = 14;
/** An ended match's conversation is deleted after this many days unless both chose to keep it. */
export const ENDED_CONVERSATION_DAYS = 30;

/** ISO 639 language codes: mentors speak more than the six interface languages. */
const languageCode = z.string().trim().toLowerCase().regex(/^[a-z]{2,3}$/, { error: 'validation.language' });

export const mentoringProfileSchema = z.strictObject({
  role: z.enum(MENTORING_ROLES, { error: 'validation.invalidValue' }).optional(),
  languages: z.array(languageCode).max(10, { error: 'validation.tooBig' }).optional(),
  /** A town from the gazetteer (resolved by the API to its canonical name), or empty to clear. */
  city: text(100).optional(),
  availability: plainText(300).optional(),
  experiences: z.array(z.enum(MENTORING_EXPERIENCES, { error: 'validation.experience' })).max(MENTORING_EXPERIENCES.length).optional(),
  about: plainText(1000).optional(),
  capacity: z.coerce.number({ error: 'validation.capacity' }).int({ error: 'validation.capacity' }).min(1, { error: 'validation.tooSmall' }).max(MENTOR_CAPACITY_MAX, { error: 'validation.tooBig' }).optional(),
  open: z.boolean({ error: 'validation.invalidType' }).optional(),
  visibility: z.enum(MENTORING_VISIBILITIES, { error: 'validation.invalidValue' }).optional(),
});
export type MentoringProfileInput = z.infer<typeof mentoringProfileSchema>;

export interface MentoringProfile {
  role: MentoringRole;
  languages: string[];
  city: string | null;
  availability: string | null;
  experiences: MentoringExperience[];
  about: string | null;
  capacity: number;
  open: boolean;
  visibility: MentoringVisibility;
  trainedBy: { id: string; name: string; slug: string }[];
}

const uuid = z.uuid({ error: 'validation.uuid' });

export const createMatchSchema = z.strictObject({
  mentorId: uuid,
  /** Only organisation staff suggesting a pair name the mentee; a mentee asking leaves it out. */
  menteeId: uuid.optional(),
  /** The organisation on whose behalf staff suggest the pair. */
  organizationId: uuid.optional(),
  intro: plainText(1000).optional(),
});
export type CreateMatchInput = z.infer<typeof createMatchSchema>;

export const matchActionSchema = z.strictObject({
  /** On `end`: optional private feedback to the organisation; the other side never sees it. */
  note: plainText(2000).optional(),
});
export type MatchActionInput = z.infer<typeof matchActionSchema>;

export const feedbackSchema = z.strictObject({ note: plainText(2000).min(1, { error: 'validation.required' }) });

export const keepConversationSchema = z.strictObject({ keep: z.boolean({ error: 'validation.invalidType' }) });

export const agreementSchema = z.strictObject({
  howOften: plainText(300).optional(),
  channel: plainText(300).optional(),
  coordinatorMaySee: plainText(500).optional(),
  howToEnd: plainText(500).optional(),
  /** The version this edit was made from; a newer one on the server answers 409. */
  baseVersion: z.coerce.number().int().min(0).max(1_000_000).optional(),
});
export type AgreementInput = z.infer<typeof agreementSchema>;


export interface MentorSuggestion {
  userId: string;
  username: string;
  displayName: string | null;
  languages: string[];
  city: string | null;
  experiences: MentoringExperience[];
  about: string | null;
  availability: string | null;
  trainedBy: { id: string; name: string; slug: string }[];
  /** Plain reasons in the reader's language; never a score. */
  why: string[];
}

export interface MatchPerson {
  id: string;
  username: string;
  displayName: string | null;
}

export interface MentoringMatch {
  id: string;
  state: MatchState;
  myRole: 'mentor' | 'mentee';
  mentor: MatchPerson;
  mentee: MatchPerson;
  intro: string;
  /** Whether the mentee and the mentor have said yes. */
  menteeAccepted: boolean;
  mentorAccepted: boolean;
  suggestedBy: { id: string; name: string } | null;
  conversationId: string | null;
  /** What I may do next. */
  actions: MatchAction[];
  createdAt: string;
  startedAt: string | null;
  endedAt: string | null;
  expiresAt: string | null;
  keepConversation: boolean;
}

export interface MentoringAgreement {
  version: number;
  howOften: string;
  channel: string;
  coordinatorMaySee: string;
  howToEnd: string;
  writtenBy: MatchPerson | null;
  createdAt: string;
}
