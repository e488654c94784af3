import type { ShouldRevalidateFunction } from '@remix-run/react';
import type { FormErrors } from './forms.server';
import { quietWhenUnreachable } from './unreachable';

/** What the chat's own forms post: the composer, marking read, the typing choice, blocking an author. */
export const CHAT_INTENTS = ['send', 'block', 'read', 'typing'] as const;
export type ChatIntent = (typeof CHAT_INTENTS)[number];
export const isChatIntent = (intent: unknown): intent is ChatIntent => (CHAT_INTENTS as readonly unknown[]).includes(intent);

/** The ones the chat posts by itself with JavaScript, with no page to answer with. */
const BACKGROUND_INTENTS: readonly string[] = ['block', 'read', 'typing'] satisfies ChatIntent[];

export interface ChatActionData {
  intent: string;
  errors?: FormErrors;
  values?: Record<string, string>;
  blocked?: string;
}

/** For the routes the chat posts to: its background requests change nothing their loaders show. */
export const chatShouldRevalidate: ShouldRevalidateFunction = ({ formData, defaultShouldRevalidate }) =>
  BACKGROUND_INTENTS.includes(String(formData?.get('intent'))) ? false : defaultShouldRevalidate;

/** For the routes the chat posts to: a background request that finds no network answers UNREACHABLE. */
export const chatClientAction = quietWhenUnreachable(BACKGROUND_INTENTS);
