import type { FormErrors } from './forms.server';

/** What the chat's own forms post: the composer, marking read, the typing choice, blocking an author. */
export const CHAT_INTENTS = ['send', 'block', 'read', 'typing'] as const;
export type ChatIntent = (typeof CHAT_INTENTS)[number];
export const isChatIntent = (intent: unknown): intent is ChatIntent => (CHAT_INTENTS as readonly unknown[]).includes(intent);

export interface ChatActionData {
  intent: string;
  errors?: FormErrors;
  values?: Record<string, string>;
  blocked?: string;
}
