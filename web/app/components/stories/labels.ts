import type { TFunction } from 'i18next';
import { CONTENT_NOTES, type ContentNote, type NoteMode, type StoryReaction, type StoryTopic } from '@sorstars/shared';

/* Written out key by key, so every translation key stays findable in the code. */

const TOPIC_KEYS: Record<StoryTopic, string> = {
  housing: 'stories:topics.housing',
  work: 'stories:topics.work',
  health: 'stories:topics.health',
  family: 'stories:topics.family',
  rights_papers: 'stories:topics.rights_papers',
  recovery: 'stories:topics.recovery',
  leaving_care: 'stories:topics.leaving_care',
  community: 'stories:topics.community',
  money: 'stories:topics.money',
  education: 'stories:topics.education',
};

const NOTE_KEYS: Record<ContentNote, string> = {
  violence: 'stories:notes.violence',
  abuse: 'stories:notes.abuse',
  self_harm: 'stories:notes.self_harm',
  suicide: 'stories:notes.suicide',
  substance_use: 'stories:notes.substance_use',
  eviction: 'stories:notes.eviction',
  detention: 'stories:notes.detention',
  loss: 'stories:notes.loss',
  mental_health: 'stories:notes.mental_health',
  discrimination: 'stories:notes.discrimination',
};

const REACTION_KEYS: Record<StoryReaction, string> = {
  relate: 'stories:reactions.relate',
  thanks: 'stories:reactions.thanks',
  strength: 'stories:reactions.strength',
};

const MODE_KEYS: Record<NoteMode, string> = {
  show: 'stories:settings.modeShow',
  blur: 'stories:settings.modeBlur',
  hide: 'stories:settings.modeHide',
};

export const topicLabel = (t: TFunction, topic: StoryTopic) => t(TOPIC_KEYS[topic]);
export const reactionLabel = (t: TFunction, kind: StoryReaction) => t(REACTION_KEYS[kind]);
export const noteModeLabel = (t: TFunction, mode: NoteMode) => t(MODE_KEYS[mode]);

export const isFixedNote = (note: string): note is ContentNote => (CONTENT_NOTES as readonly string[]).includes(note);

/** A fixed note in the reader's language; an author's own words as they wrote them. */
export const noteLabel = (t: TFunction, note: string) => (isFixedNote(note) ? t(NOTE_KEYS[note]) : note);
