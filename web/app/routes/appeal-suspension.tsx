import { data, type ActionFunctionArgs } from '@remix-run/node';
import { Form, Link, useActionData, useNavigation } from '@remix-run/react';
import { useTranslation } from 'react-i18next';
import { suspensionAppealSchema } from '@sorstars/shared';
import { api } from '~/utils/api.server';
import { resolveLocale } from '~/utils/i18n.server';
import { problemErrors, readFields, translatorFor, validate, type FormFailure } from '~/utils/forms.server';
import type { RouteHandle } from '~/utils/route-handle';
import { TextField } from '~/components/ui/TextField';
import { TextAreaField } from '~/components/ui/TextAreaField';
import { ErrorSummary } from '~/components/ui/ErrorSummary';
import { GeneralErrorBoundary } from '~/components/ui/GeneralErrorBoundary';

export const handle: RouteHandle = {
  title: (t) => t('suspensionAppeal.pageTitle', { ns: 'moderation' }),
};

type AppealActionData = FormFailure | { sent: true };

/** A suspended person cannot sign in; this page is how they still appeal, with their password. */
export async function action({ request }: ActionFunctionArgs) {
  const locale = await resolveLocale(request);
  const t = await translatorFor(locale);
  const values = readFields(await request.formData(), ['username', 'password', 'note']);
  const keep = { username: values.username ?? '', note: values.note ?? '' };
  const checked = validate(suspensionAppealSchema, { username: values.username ?? '', password: values.password ?? '', note: values.note ?? '' }, t);
  if (!checked.ok) return data<AppealActionData>({ errors: checked.errors, values: keep }, { status: 400 });
  const result = await api(request, '/api/moderation/suspension-appeal', { method: 'POST', body: checked.data, locale });
  if (!result.ok) return data<AppealActionData>({ errors: problemErrors(result, t), values: keep }, { status: result.status });
  return data<AppealActionData>({ sent: true });
}

export default function AppealSuspensionPage() {
  const { t } = useTranslation('moderation');
  const { t: ta } = useTranslation('accounts');
  const result = useActionData<typeof action>();
  const busy = useNavigation().state === 'submitting';
  if (result && 'sent' in result) {
    return (
      <section className="narrow" aria-labelledby="appeal-title">
        <h1 id="appeal-title">{t('suspensionAppeal.sentTitle')}</h1>
        <p role="status">{t('suspensionAppeal.sent')}</p>
        <p>
          <Link to="/">{t('suspensionAppeal.home')}</Link>
        </p>
      </section>
    );
  }
  const failure = result;
  const errors = failure?.errors.fieldErrors ?? {};
  return (
    <section className="narrow" aria-labelledby="appeal-title">
      <h1 id="appeal-title">{t('suspensionAppeal.title')}</h1>
      <p className="lead">{t('suspensionAppeal.intro')}</p>
      <ErrorSummary formError={failure?.errors.formError} fieldErrors={errors} />
      <Form method="post" noValidate className="form">
        <TextField
          name="username"
          label={ta('fields.username')}
          error={errors.username}
          defaultValue={failure?.values?.username}
          autoComplete="username"
          autoCapitalize="none"
          spellCheck={false}
          required
        />
        <TextField name="password" type="password" label={ta('fields.password')} error={errors.password} autoComplete="current-password" required />
        <TextAreaField
          name="note"
          label={t('suspensionAppeal.note')}
          hint={t('suspensionAppeal.noteHint')}
          error={errors.note}
          defaultValue={failure?.values?.note}
          rows={6}
          maxLength={2000}
          required
        />
        <button type="submit" className="button" disabled={busy}>
          {t('suspensionAppeal.submit')}
        </button>
      </Form>
    </section>
  );
}

export function ErrorBoundary() {
  return <GeneralErrorBoundary />;
}
