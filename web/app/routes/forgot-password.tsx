import { data, type ActionFunctionArgs } from '@remix-run/node';
import { Form, Link, useActionData, useNavigation } from '@remix-run/react';
import { useTranslation } from 'react-i18next';
import { recoverResultSchema, recoverSchema } from '@sorstars/shared';
import { api, withApiCookies } from '~/utils/api.server';
import { resolveLocale, serializeLanguageCookie } from '~/utils/i18n.server';
import { problemErrors, readFields, translatorFor, validate, type FormFailure } from '~/utils/forms.server';
import type { RouteHandle } from '~/utils/route-handle';
import { TextField } from '~/components/ui/TextField';
import { ErrorSummary } from '~/components/ui/ErrorSummary';
import { GeneralErrorBoundary } from '~/components/ui/GeneralErrorBoundary';
import { localRedirect } from '~/utils/redirect.server';

export const handle: RouteHandle = {
  title: (t) => t('recover.pageTitle', { ns: 'accounts' }),
};

export async function action({ request }: ActionFunctionArgs) {
  const locale = await resolveLocale(request);
  const t = await translatorFor(locale);
  const values = readFields(await request.formData(), ['username', 'recoveryCode', 'newPassword']);
  const keep = { username: values.username ?? '', recoveryCode: values.recoveryCode ?? '' };

  const checked = validate(
    recoverSchema,
    { username: values.username ?? '', recoveryCode: values.recoveryCode ?? '', newPassword: values.newPassword ?? '' },
    t,
  );
  if (!checked.ok) return data<FormFailure>({ errors: checked.errors, values: keep }, { status: 400 });

  const result = await api(request, '/api/auth/recover', { method: 'POST', body: checked.data, schema: recoverResultSchema, locale });
  if (!result.ok) return data<FormFailure>({ errors: problemErrors(result, t), values: keep }, { status: result.status });

  const headers = withApiCookies(result);
  headers.append('Set-Cookie', serializeLanguageCookie(result.data.user.locale));
  return localRedirect('/account?notice=passwordReset', { headers });
}

export default function ForgotPasswordPage() {
  const { t } = useTranslation('accounts');
  const failure = useActionData<typeof action>();
  const busy = useNavigation().state === 'submitting';
  const errors = failure?.errors.fieldErrors ?? {};
  return (
    <section className="narrow" aria-labelledby="recover-title">
      <h1 id="recover-title">{t('recover.title')}</h1>
      <p className="lead">{t('recover.intro')}</p>
      <p>{t('recover.noCodes')}</p>
      <ErrorSummary formError={failure?.errors.formError} fieldErrors={errors} />
      <Form method="post" noValidate className="form">
        <TextField
          name="username"
          label={t('fields.username')}
          error={errors.username}
          defaultValue={failure?.values?.username}
          autoComplete="username"
          autoCapitalize="none"
          spellCheck={false}
          required
        />
        <TextField
          name="recoveryCode"
          label={t('fields.recoveryCode')}
          hint={t('recover.codeHint')}
          error={errors.recoveryCode}
          defaultValue={failure?.values?.recoveryCode}
          autoComplete="off"
          autoCapitalize="none"
          spellCheck={false}
          required
        />
        <TextField
          name="newPassword"
          type="password"
          label={t('fields.newPassword')}
          hint={t('register.passwordHint')}
          error={errors.newPassword}
          autoComplete="new-password"
          required
        />
        <button type="submit" className="button" disabled={busy}>
          {t('recover.submit')}
        </button>
      </Form>
      <p>
        <Link to="/login">{t('recover.backToLogin')}</Link>
      </p>
    </section>
  );
}

export function ErrorBoundary() {
  return <GeneralErrorBoundary />;
}
