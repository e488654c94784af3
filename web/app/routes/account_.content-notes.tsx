import { data, type ActionFunctionArgs, type LinksFunction, type LoaderFunctionArgs } from '@remix-run/node';
import { Form, Link, useActionData, useLoaderData, useNavigation } from '@remix-run/react';
import { useTranslation } from 'react-i18next';
import { CONTENT_NOTES, NOTE_MODES, OTHER_NOTE, type NoteMode } from '@sorstars/shared';
import { api } from '~/utils/api.server';
import { requireUser } from '~/utils/session.server';
import { translatorFor, type FormErrors } from '~/utils/forms.server';
import { isNoteMode, notePreferencesAnswerSchema, storyProblemErrors } from '~/utils/stories.server';
import type { RouteHandle } from '~/utils/route-handle';
import { ErrorSummary } from '~/components/ui/ErrorSummary';
import { GeneralErrorBoundary } from '~/components/ui/GeneralErrorBoundary';
import { noteLabel, noteModeLabel } from '~/components/stories/labels';
import storiesStyles from '~/components/stories/stories.css?url';

export const handle: RouteHandle = {
  title: (t) => t('settings.pageTitle', { ns: 'stories' }),
};

export const links: LinksFunction = () => [{ rel: 'stylesheet', href: storiesStyles }];

const ALL_NOTES = [...CONTENT_NOTES, OTHER_NOTE] as const;

export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requireUser(request);
  const result = await api(request, '/api/me/content-notes', { schema: notePreferencesAnswerSchema, locale: user.locale });
  return { notes: result.ok ? result.data.notes : null };
}

export async function action({ request }: ActionFunctionArgs) {
  const user = await requireUser(request);
  const formData = await request.formData();
  const notes: Partial<Record<(typeof ALL_NOTES)[number], NoteMode>> = {};
  for (const note of ALL_NOTES) {
    const value = formData.get(note);
    if (isNoteMode(value)) notes[note] = value;
  }
  const result = await api(request, '/api/me/content-notes', { method: 'PUT', body: { notes }, schema: notePreferencesAnswerSchema, locale: user.locale });
  if (!result.ok) {
    const t = await translatorFor(user.locale);
    return data<{ saved?: boolean; errors?: FormErrors }>({ errors: storyProblemErrors(result, t) }, { status: result.status });
  }
  return data<{ saved?: boolean; errors?: FormErrors }>({ saved: true });
}

export default function ContentNoteSettings() {
  const { t } = useTranslation('stories');
  const { notes } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const busy = useNavigation().state === 'submitting';
  return (
    <div className="narrow-wide note-settings">
      <p className="breadcrumb">
        <Link to="/account">{t('settings.backToAccount')}</Link>
      </p>
      <h1>{t('settings.title')}</h1>
      <p className="lead">{t('settings.intro')}</p>
      <p>{t('settings.explain')}</p>
      {actionData?.saved ? (
        <p className="notice" role="status">
          {t('settings.saved')}
        </p>
      ) : null}
      <ErrorSummary formError={actionData?.errors?.formError} />
      {notes === null ? (
        <p role="alert">{t('settings.couldNotLoad')}</p>
      ) : (
        <Form method="post" className="form">
          {ALL_NOTES.map((note) => (
            <fieldset className="field note-setting" key={note}>
              <legend>{note === OTHER_NOTE ? t('settings.otherNotes') : noteLabel(t, note)}</legend>
              <div className="note-setting__choices">
                {NOTE_MODES.map((mode) => (
                  <div className="choice" key={mode}>
                    <input type="radio" id={`${note}-${mode}`} name={note} value={mode} defaultChecked={notes[note] === mode} />
                    <label htmlFor={`${note}-${mode}`}>{noteModeLabel(t, mode)}</label>
                  </div>
                ))}
              </div>
            </fieldset>
          ))}
          <button type="submit" className="button" disabled={busy}>
            {t('settings.submit')}
          </button>
        </Form>
      )}
    </div>
  );
}

export function ErrorBoundary() {
  return <GeneralErrorBoundary />;
}
