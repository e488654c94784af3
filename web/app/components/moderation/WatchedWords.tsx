import { Form, useNavigation } from '@remix-run/react';
import { useTranslation } from 'react-i18next';
import { LOCALE_NAMES, SUPPORTED_LOCALES, WATCHED_WORD_ACTIONS, type WatchedWord } from '@sorstars/shared';
import type { FormErrors } from '~/utils/forms.server';
import { TextField } from '~/components/ui/TextField';
import { SelectField } from '~/components/ui/SelectField';
import { ErrorSummary } from '~/components/ui/ErrorSummary';
import { wordActionLabel } from './labels';

export interface WordsActionData {
  intent: 'settings' | 'addWord' | 'deleteWord';
  errors?: FormErrors;
  values?: Record<string, string>;
  saved?: boolean;
}

/** The list of watched words (a space's, or the platform's) with forms to add and remove them. */
export function WatchedWords({ words, actionData, intro }: { words: WatchedWord[] | null; actionData?: WordsActionData; intro: string }) {
  const { t } = useTranslation('moderation');
  const busy = useNavigation().state === 'submitting';
  const errors = actionData?.errors?.fieldErrors ?? {};
  const languageName = (code: string | null) => (code && code in LOCALE_NAMES ? LOCALE_NAMES[code as keyof typeof LOCALE_NAMES] : t('words.anyLanguage'));
  return (
    <section className="panel" aria-labelledby="words-title">
      <h2 id="words-title">{t('words.title')}</h2>
      <p>{intro}</p>
      {actionData?.saved ? (
        <p className="notice" role="status">
          {actionData.intent === 'deleteWord' ? t('words.deleted') : t('words.added')}
        </p>
      ) : null}
      <ErrorSummary formError={actionData?.errors?.formError} fieldErrors={errors} />
      {words === null ? (
        <p className="notice">{t('words.couldNotLoad')}</p>
      ) : words.length === 0 ? (
        <p className="empty">{t('words.empty')}</p>
      ) : (
        <ul className="plain-list" data-testid="watched-words">
          {words.map((word) => (
            <li key={word.id} className="plain-list__item word-item">
              <div>
                <p className="plain-list__name" id={`word-${word.id}`}>
                  {word.word}
                </p>
                <p className="muted">
                  {wordActionLabel(t, word.action)} · {languageName(word.language)}
                </p>
              </div>
              <Form method="post">
                <input type="hidden" name="intent" value="deleteWord" />
                <input type="hidden" name="id" value={word.id} />
                <button type="submit" className="button button--danger button--small" aria-describedby={`word-${word.id}`}>
                  {t('words.delete')}
                </button>
              </Form>
            </li>
          ))}
        </ul>
      )}
      <h3>{t('words.addTitle')}</h3>
      <Form method="post" noValidate className="form">
        <input type="hidden" name="intent" value="addWord" />
        <TextField name="word" label={t('words.wordLabel')} hint={t('words.wordHint')} error={errors.word} defaultValue={actionData?.values?.word} maxLength={100} autoComplete="off" required />
        <SelectField name="action" label={t('words.actionLabel')} error={errors.action} defaultValue={actionData?.values?.action ?? 'flag'}>
          {WATCHED_WORD_ACTIONS.map((action) => (
            <option key={action} value={action}>
              {wordActionLabel(t, action)}
            </option>
          ))}
        </SelectField>
        <SelectField name="language" label={t('words.languageLabel')} error={errors.language} defaultValue={actionData?.values?.language ?? ''}>
          <option value="">{t('words.anyLanguage')}</option>
          {SUPPORTED_LOCALES.map((code) => (
            <option key={code} value={code} lang={code}>
              {LOCALE_NAMES[code]}
            </option>
          ))}
        </SelectField>
        <button type="submit" className="button" disabled={busy}>
          {t('words.add')}
        </button>
      </Form>
    </section>
  );
}
