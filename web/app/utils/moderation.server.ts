import { data } from '@remix-run/node';
import { crisisResourceListSchema, watchedWordSchema, type CrisisResource } from '@sorstars/shared';
import type { WordsActionData } from '../components/moderation/WatchedWords';
import { api } from './api.server';
import { problemErrors, translatorFor, validate } from './forms.server';
import { requireUser, type SessionUser } from './session.server';

/** Crisis resources for a country (or the reader's language's), then the general ones; null when unavailable. */
export async function loadCrisisResources(request: Request, locale: string, country?: string): Promise<CrisisResource[] | null> {
  try {
    const query = country ? `?${new URLSearchParams({ country })}` : '';
    const result = await api(request, `/api/crisis-resources${query}`, { schema: crisisResourceListSchema, locale });
    return result.ok ? result.data.items : null;
  } catch {
    return null;
  }
}

export const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** The language's country for "Get help now", as the API picks it. */
export const COUNTRY_OF_LOCALE: Record<string, string> = { en: 'general', hu: 'hu', sr: 'rs', da: 'dk', fi: 'fi', sl: 'si' };

/** The watched-word forms, shared by a space's page and the admin page (platform words). */
export async function wordsAction(request: Request, formData: FormData, locale: string, spaceId: string | null) {
  const t = await translatorFor(locale);
  const intent = formData.get('intent') === 'deleteWord' ? 'deleteWord' : 'addWord';
  if (intent === 'deleteWord') {
    const id = String(formData.get('id') ?? '');
    if (!UUID.test(id)) return data<WordsActionData>({ intent, errors: { formError: t('validation.uuid', { ns: 'errors' }), fieldErrors: {} } }, { status: 400 });
    const result = await api(request, `/api/moderation/watched-words/${id}`, { method: 'DELETE', locale });
    if (!result.ok) return data<WordsActionData>({ intent, errors: problemErrors(result, t) }, { status: result.status });
    return data<WordsActionData>({ intent, saved: true });
  }
  const values = { word: String(formData.get('word') ?? ''), action: String(formData.get('action') ?? ''), language: String(formData.get('language') ?? '') };
  const checked = validate(watchedWordSchema, { word: values.word, action: values.action, language: values.language || null, spaceId }, t);
  if (!checked.ok) return data<WordsActionData>({ intent, errors: checked.errors, values }, { status: 400 });
  const result = await api(request, '/api/moderation/watched-words', { method: 'POST', body: checked.data, locale });
  if (!result.ok) return data<WordsActionData>({ intent, errors: problemErrors(result, t), values }, { status: result.status });
  return data<WordsActionData>({ intent, saved: true });
}


/** Admins only; everyone else finds nothing here. */
export async function requireAdmin(request: Request): Promise<SessionUser> {
  const user = await requireUser(request);
  if (!user.roles.includes('admin')) throw new Response(null, { status: 404 });
  return user;
}
