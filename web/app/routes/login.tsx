import { data, type ActionFunctionArgs, type HeadersFunction, type LoaderFunctionArgs } from '@remix-run/node';
import { Form, Link, useActionData, useNavigation, useSearchParams } from '@remix-run/react';
import { useTranslation } from 'react-i18next';
import { loginSchema, registerResultSchema } from '@sorstars/shared';
import { api, withApiCookies } from '~/utils/api.server';
import { resolveLocale, serializeLanguageCookie } from '~/utils/i18n.server';
import { formatWait } from '~/utils/i18n';
import { getCurrentUser } from '~/utils/session.server';
import { problemErrors, readFields, translatorFor, validate, type FormFailure } from '~/utils/forms.server';
import type { RouteHandle } from '~/utils/route-handle';
import { TextField } from '~/components/ui/TextField';
import { ErrorSummary } from '~/components/ui/ErrorSummary';
import { GeneralErrorBoundary } from '~/components/ui/GeneralErrorBoundary';
import { localRedirect, safeRedirect } from '~/utils/redirect.server';

export const handle: RouteHandle = {
  title: (t) => t('login.pageTitle', { ns: 'accounts' }),
};

const loginResultSchema = registerResultSchema.pick({ user: true });

/** A throttled answer keeps the API's Retry-After on the page, so clients can tell when to retry. */
export const headers: HeadersFunction = ({ actionHeaders }) => {
  const retryAfter = actionHeaders.get('Retry-After');
  return retryAfter ? { 'Retry-After': retryAfter } : new Headers();
};

export async function loader({ request }: LoaderFunctionArgs) {
  const user = await getCurrentUser(request);
  if (user) throw localRedirect(safeRedirect(new URL(request.url).searchParams.get('redirectTo'), '/account'));
  return null;
}

export async function action({ request }: ActionFunctionArgs) {
  const locale = await resolveLocale(request);
  const t = await translatorFor(locale);
  const formData = await request.formData();
  const values = readFields(formData, ['username', 'password']);
  const keep = { username: values.username ?? '' };

  const checked = validate(loginSchema, { username: values.username ?? '', password: values.password ?? '' }, t);
  if (!checked.ok) return data<FormFailure>({ errors: checked.errors, values: keep }, { status: 400 });

  const result = await api(request, '/api/auth/login', { method: 'POST', body: checked.data, schema: loginResultSchema, locale });
  if (!result.ok) {
    // Suspended: the one way forward signed out is an appeal, so point to it.
    const suspended = result.problem.code === 'ACCOUNT_SUSPENDED';
    const errors = problemErrors(result, t);
    // Throttled: say when to try again, in the person's words, and that recovery codes still work.
    if (result.problem.code === 'LOGIN_THROTTLED') errors.formError = t('LOGIN_THROTTLED', { ns: 'errors', when: formatWait(result.retryAfter ?? 60, locale) });
    const headers = result.retryAfter ? { 'Retry-After': String(result.retryAfter) } : undefined;
    return data<FormFailure & { suspended?: boolean }>({ errors, values: keep, suspended }, { status: result.status, headers });
  }

  const headers = withApiCookies(result);
  // From now on the account's language wins; the cookie keeps pages in it after logging out too.
  headers.append('Set-Cookie', serializeLanguageCookie(result.data.user.locale));
  return localRedirect(safeRedirect(formData.get('redirectTo'), '/'), { headers });
}

export default function LoginPage() {
  const { t } = useTranslation('accounts');
  const failure = useActionData<typeof action>();
  const [searchParams] = useSearchParams();
  const busy = useNavigation().state === 'submitting';
  const errors = failure?.errors.fieldErrors ?? {};
  return (
    <section className="narrow" aria-labelledby="login-title">
      <h1 id="login-title">{t('login.title')}</h1>
      <p className="lead">{t('login.intro')}</p>
      <ErrorSummary formError={failure?.errors.formError} fieldErrors={errors} />
      {failure && 'suspended' in failure && failure.suspended ? (
        <p>
          <Link to="/appeal-suspension">{t('login.appealSuspension')}</Link>
        </p>
      ) : null}
      <Form method="post" noValidate className="form">
        <input type="hidden" name="redirectTo" value={searchParams.get('redirectTo') ?? ''} />
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
        <TextField name="password" type="password" label={t('fields.password')} error={errors.password} autoComplete="current-password" required />
        <button type="submit" className="button" disabled={busy}>
          {t('login.submit')}
        </button>
      </Form>
      <p>
        <Link to="/forgot-password">{t('login.forgotLink')}</Link>
      </p>
      <p>
        {t('login.noAccount')} <Link to="/register">{t('login.registerLink')}</Link>
      </p>
    </section>
  );
}

export function ErrorBoundary() {
  return <GeneralErrorBoundary />;
}
