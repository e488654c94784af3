import { data, type ActionFunctionArgs, type LoaderFunctionArgs } from '@remix-run/node';
import { Form, Link, useActionData, useLoaderData, useNavigation } from '@remix-run/react';
import { useTranslation } from 'react-i18next';
import { MESSAGE_ALLOW_FROM, messageSettingsSchema, type MessageAllowFrom } from '@sorstars/shared';
import { api } from '~/utils/api.server';
import { requireUser } from '~/utils/session.server';
import { problemErrors, translatorFor, type FormErrors } from '~/utils/forms.server';
import type { RouteHandle } from '~/utils/route-handle';
import { ErrorSummary } from '~/components/ui/ErrorSummary';
import { GeneralErrorBoundary } from '~/components/ui/GeneralErrorBoundary';
import { allowFromLabel } from '~/components/conversations/labels';

export const handle: RouteHandle = {
  title: (t) => t('direct.settings.pageTitle', { ns: 'chat' }),
};

export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requireUser(request);
  const result = await api(request, '/api/conversations/settings', { schema: messageSettingsSchema, locale: user.locale });
  return { allowFrom: result.ok ? result.data.allowFrom : null };
}

export async function action({ request }: ActionFunctionArgs) {
  const user = await requireUser(request);
  const formData = await request.formData();
  const result = await api(request, '/api/conversations/settings', {
    method: 'PUT',
    body: { allowFrom: String(formData.get('allowFrom') ?? '') },
    schema: messageSettingsSchema,
    locale: user.locale,
  });
  if (!result.ok) {
    const t = await translatorFor(user.locale);
    return data<{ saved?: boolean; errors?: FormErrors }>({ errors: problemErrors(result, t) }, { status: result.status });
  }
  return data<{ saved?: boolean; errors?: FormErrors }>({ saved: true });
}

/** Who may start a conversation with me; conversations already going on are not cut off. */
export default function MessageSettingsPage() {
  const { t } = useTranslation('chat');
  const { allowFrom } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const busy = useNavigation().state === 'submitting';
  const fieldError = actionData?.errors?.fieldErrors.allowFrom;
  return (
    <div className="narrow-wide">
      <p className="breadcrumb">
        <Link to="/messages">{t('direct.back')}</Link>
      </p>
      <h1>{t('direct.settings.title')}</h1>
      <p className="lead">{t('direct.settings.intro')}</p>
      {actionData?.saved ? (
        <p className="notice" role="status">
          {t('direct.settings.saved')}
        </p>
      ) : null}
      <ErrorSummary formError={actionData?.errors?.formError} fieldErrors={actionData?.errors?.fieldErrors ?? {}} />
      {allowFrom === null ? (
        <p role="alert">{t('direct.couldNotLoad')}</p>
      ) : (
        <Form method="post" className="form">
          <fieldset className={fieldError ? 'field field--invalid' : 'field'} aria-describedby="allowFrom-hint">
            <legend>{t('direct.settings.legend')}</legend>
            <p className="field__hint" id="allowFrom-hint">
              {t('direct.settings.hint')}
            </p>
            {fieldError ? (
              <p className="field__error" id="allowFrom-error">
                {fieldError}
              </p>
            ) : null}
            {MESSAGE_ALLOW_FROM.map((value: MessageAllowFrom) => (
              <div className="choice" key={value}>
                <input type="radio" id={`allowFrom-${value}`} name="allowFrom" value={value} defaultChecked={allowFrom === value} />
                <label htmlFor={`allowFrom-${value}`}>{allowFromLabel(t, value)}</label>
              </div>
            ))}
          </fieldset>
          <button type="submit" className="button" disabled={busy}>
            {t('direct.settings.submit')}
          </button>
        </Form>
      )}
    </div>
  );
}

export function ErrorBoundary() {
  return <GeneralErrorBoundary />;
}
