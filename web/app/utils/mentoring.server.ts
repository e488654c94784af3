import type { MentorSuggestion, MentoringAgreement, MentoringMatch, MentoringProfile } from '@sorstars/shared';
import { api, type Parser } from './api.server';

/** The API's own answer types (shared/); the API shapes them, so the web takes them as they are. */
const as = <T>(): Parser<T> => ({ safeParse: (data: unknown) => (data && typeof data === 'object' ? { success: true, data: data as T } : { success: false, error: 'not an object' }) });

export const profileParser = as<MentoringProfile>();
export const suggestionsParser = as<{ items: MentorSuggestion[] }>();
export const matchParser = as<MentoringMatch>();
export const matchesParser = as<{ items: MentoringMatch[] }>();
export const agreementParser = as<{ current: MentoringAgreement | null; versions: MentoringAgreement[] }>();

export const MATCH_ID = /^[0-9a-f-]{36}$/i;

export async function loadMatch(request: Request, id: string, locale: string) {
  if (!MATCH_ID.test(id)) throw new Response('Not found', { status: 404 });
  const result = await api(request, `/api/mentoring/matches/${id}`, { schema: matchParser, locale });
  if (!result.ok) throw new Response(result.problem.detail, { status: result.status });
  return result.data;
}
