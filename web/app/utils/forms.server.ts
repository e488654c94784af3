import type { TFunction } from 'i18next';
import { i18nServer } from './i18n.server';
import { NAMESPACES } from './i18n';
import type { ApiFailure, Parser } from './api.server';

/**
 * What an action sends back when a form needs another look: one message per field, shown next to
 * it, and at most one for the whole form. `values` refills what the person typed (never passwords),
 * because without JavaScript the browser shows a fresh page.
 */
export interface FormErrors {
  formError?: string;
  fieldErrors: Record<string, string>;
}
export interface FormFailure {
  intent?: string;
  errors: FormErrors;
  values?: Record<string, string>;
}

export async function translatorFor(locale: string): Promise<TFunction> {
  return i18nServer.getFixedT(locale, [...NAMESPACES]) as Promise<TFunction>;
}

/** The text fields of a form, trimmed of nothing: the shared schemas decide what to trim. */
export function readFields(formData: FormData, names: readonly string[]): Record<string, string> {
  const values: Record<string, string> = {};
  for (const name of names) {
    const value = formData.get(name);
    if (typeof value === 'string') values[name] = value;
  }
  return values;
}

interface Issue {
  path: PropertyKey[];
  message: string;
  code?: string;
}

/** Zod codes we give our own words to, when a schema did not name an i18n key itself. */
const ISSUE_CODE_KEYS: Record<string, string> = {
  too_big: 'validation.tooBig',
  too_small: 'validation.tooSmall',
  invalid_type: 'validation.invalidType',
  unrecognized_keys: 'validation.unknownField',
};

/** Checks input with the same shared schema the API uses, so people hear about mistakes at once. */
export function validate<T>(schema: Parser<T>, input: unknown, t: TFunction): { ok: true; data: T } | { ok: false; errors: FormErrors } {
  const parsed = schema.safeParse(input);
  if (parsed.success) return { ok: true, data: parsed.data };
  const issues = (parsed.error as { issues?: Issue[] }).issues ?? [];
  const fieldErrors: Record<string, string> = {};
  let formError: string | undefined;
  for (const issue of issues) {
    const key = issue.message.startsWith('validation.') ? issue.message : (ISSUE_CODE_KEYS[issue.code ?? ''] ?? 'validation.invalidValue');
    const message = t(key, { ns: 'errors' });
    const field = issue.path.length > 0 ? String(issue.path[0]) : undefined;
    if (field) fieldErrors[field] ??= message;
    else formError ??= message;
  }
  return { ok: false, errors: { formError, fieldErrors } };
}

/**
 * Turns an API problem into messages. Field messages arrive already translated; the summary
 * message comes from the same `errors` namespace, in the language the page is shown in.
 */
export function problemErrors(failure: ApiFailure, t: TFunction): FormErrors {
  if (failure.unreachable) return { formError: t('error.unreachable', { ns: 'common' }), fieldErrors: {} };
  const { problem } = failure;
  const fieldErrors: Record<string, string> = {};
  for (const error of problem.errors ?? []) {
    // Paths may come as "username", "/username" or "body.username"; the field is the last part.
    const field = error.path.split(/[./]/).filter(Boolean).pop();
    if (field) fieldErrors[field] ??= error.message;
  }
  const codeKey = problem.code;
  const formError = codeKey && t(codeKey, { ns: 'errors', defaultValue: '' }) ? t(codeKey, { ns: 'errors' }) : problem.detail || t('INTERNAL', { ns: 'errors' });
  return { formError, fieldErrors };
}
