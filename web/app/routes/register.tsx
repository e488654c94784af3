import { data, type ActionFunctionArgs } from '@remix-run/node';
import { Form, Link, useActionData, useNavigation, useRouteLoaderData } from '@remix-run/react';
import { useTranslation } from 'react-i18next';
import { LOCALE_NAMES, SUPPORTED_LOCALES, registerResultSchema, registerSchema } from '@sorstars/shared';
import type { loader as rootLoader } from '~/root';
import { api, withApiCookies } from '~/utils/api.server';
import { sessionFrom } from '~/utils/session.server';
import { resolveLocale, serializeLanguageCookie } from '~/utils/i18n.server';
import { problemErrors, readFields, translatorFor, validate, type FormFailure } from '~/utils/forms.server';
import type { RouteHandle } from '~/utils/route-handle';
import { TextField } from '~/components/ui/TextField';
import { SelectField } from '~/components/ui/SelectField';
import { ErrorSummary } from '~/components/ui/ErrorSummary';
import { GeneralErrorBoundary } from '~/components/ui/GeneralErrorBoundary';
import { RecoveryCodeActions, RecoveryCodeList } from '~/components/accounts/RecoveryCodeList';

export const handle: RouteHandle = {
  title: (t) => t('register.pageTitle', { ns: 'accounts' }),
};

type Registered = { recoveryCodes: string[] };

export async function action({ request, context }: ActionFunctionArgs) {
  const locale = await resolveLocale(request);
  const t = await translatorFor(locale);
  const values = readFields(await request.formData(), ['username', 'displayName', 'password', 'locale']);
  const { password: _password, ...keep } = values;

  const checked = validate(
    registerSchema,
    {
      username: values.username ?? '',
      password: values.password ?? '',
      // An empty optional field means "not given", not "an empty name".
      ...(values.displayName?.trim() ? { displayName: values.displayName } : {}),
      ...(values.locale ? { locale: values.locale } : {}),
    },
    t,
  );
  if (!checked.ok) return data<FormFailure>({ errors: checked.errors, values: keep }, { status: 400 });

  const result = await api(request, '/api/auth/register', { method: 'POST', body: checked.data, schema: registerResultSchema, locale });
  if (!result.ok) return data<FormFailure>({ errors: problemErrors(result, t), values: keep }, { status: result.status });

  const headers = withApiCookies(result);
  headers.append('Set-Cookie', serializeLanguageCookie(result.data.user.locale));
  // This very page already belongs to the new account: its header says so (root loader).
  context.freshSession = sessionFrom(result.setCookies) ?? undefined;
  // The codes go straight into this one answer and are never stored by the web: shown once.
  return data<Registered>({ recoveryCodes: result.data.recoveryCodes }, { headers });
}

export default function RegisterPage() {
  const { t } = useTranslation('accounts');
  const actionData = useActionData<typeof action>();
  const root = useRouteLoaderData<typeof rootLoader>('root');
  const busy = useNavigation().state === 'submitting';

  if (actionData && 'recoveryCodes' in actionData) return <RecoveryCodesOnce codes={actionData.recoveryCodes} />;

  if (root?.user) {
    return (
      <section className="narrow" aria-labelledby="register-title">
        <h1 id="register-title">{t('register.title')}</h1>
        <p>{t('register.alreadySignedIn')}</p>
        <Link to="/account" className="button">
          {t('register.toAccount')}
        </Link>
      </section>
    );
  }

  const failure = actionData && 'errors' in actionData ? actionData : undefined;
  const errors = failure?.errors.fieldErrors ?? {};
  const values = failure?.values ?? {};
  return (
    <section className="narrow" aria-labelledby="register-title">
      <h1 id="register-title">{t('register.title')}</h1>
      <p className="lead">{t('register.intro')}</p>
      <p>{t('register.noEmail')}</p>
      <ErrorSummary
        formError={failure?.errors.formError}
        fieldErrors={errors}
        labels={{ username: t('fields.username'), displayName: t('fields.displayNameOptional'), password: t('fields.password'), locale: t('fields.locale') }}
      />
      <Form method="post" noValidate className="form">
        <TextField
          name="username"
          label={t('fields.username')}
          hint={t('register.usernameHint')}
          error={errors.username}
          defaultValue={values.username}
          autoComplete="username"
          autoCapitalize="none"
          spellCheck={false}
          required
        />
        <TextField
          name="displayName"
          label={t('fields.displayNameOptional')}
          hint={t('register.displayNameHint')}
          error={errors.displayName}
          defaultValue={values.displayName}
          autoComplete="nickname"
        />
        <TextField
          name="password"
          type="password"
          label={t('fields.password')}
          hint={t('register.passwordHint')}
          error={errors.password}
          autoComplete="new-password"
          required
        />
        <SelectField
          name="locale"
          label={t('fields.locale')}
          hint={t('fields.localeHint')}
          error={errors.locale}
          defaultValue={values.locale ?? root?.locale}
        >
          {SUPPORTED_LOCALES.map((code) => (
            <option key={code} value={code} lang={code}>
              {LOCALE_NAMES[code]}
            </option>
          ))}
        </SelectField>
        <button type="submit" className="button" disabled={busy}>
          {t('register.submit')}
        </button>
      </Form>
      <p>
        {t('register.haveAccount')} <Link to="/login">{t('register.loginLink')}</Link>
      </p>
    </section>
  );
}

function RecoveryCodesOnce({ codes }: { codes: string[] }) {
  const { t } = useTranslation('accounts');
  return (
    <section className="narrow recovery-codes-page" aria-labelledby="codes-title">
      <h1 id="codes-title">{t('recoveryCodes.title')}</h1>
      <p className="lead">{t('recoveryCodes.welcome')}</p>
      <p>{t('recoveryCodes.explanation')}</p>
      <p>{t('recoveryCodes.onceOnly')}</p>
      <RecoveryCodeList codes={codes} />
      <RecoveryCodeActions codes={codes} />
      <p>{t('recoveryCodes.howToKeep')}</p>
      {/* Continue leads to the new home; the ticked box marks its "keep your codes safe" step done. */}
      <Form method="post" action="/?index" className="form recovery-continue">
        <input type="hidden" name="intent" value="recoveryCodesKept" />
        <div className="choice">
          <input type="checkbox" id="codes-kept" name="kept" value="yes" />
          <label htmlFor="codes-kept">{t('myHome.keptCodes', { ns: 'common' })}</label>
        </div>
        <p className="muted">{t('myHome.keptCodesLater', { ns: 'common' })}</p>
        <button type="submit" className="button">
          {t('recoveryCodes.continue')}
        </button>
      </Form>
    </section>
  );
}

export function ErrorBoundary() {
  return <GeneralErrorBoundary />;
}
