import { conversationListSchema, conversationSchema, type Conversation } from '@sorstars/shared';
import { api } from './api.server';
import { failureResponse } from './spaces.server';

export const CONVERSATION_ID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export async function loadConversation(request: Request, id: string, locale: string): Promise<Conversation> {
  if (!CONVERSATION_ID.test(id)) throw new Response(null, { status: 404 });
  const result = await api(request, `/api/conversations/${id}`, { schema: conversationSchema, locale });
  if (!result.ok) throw failureResponse(result);
  return result.data;
}

export async function loadConversations(request: Request, box: 'inbox' | 'requests', locale: string): Promise<Conversation[] | null> {
  const result = await api(request, `/api/conversations?box=${box}`, { schema: conversationListSchema, locale });
  return result.ok ? result.data.items : null;
}

/** What the person who was written to may do with a request (an outreach may also be declined). */
export const ANSWERS = ['accept', 'ignore', 'decline'] as const;
export type Answer = (typeof ANSWERS)[number];
export const isAnswer = (value: unknown): value is Answer => (ANSWERS as readonly unknown[]).includes(value);

export async function answerConversation(request: Request, id: string, answer: Answer, locale: string) {
  return api(request, `/api/conversations/${id}/${answer}`, { method: 'POST', locale });
}
