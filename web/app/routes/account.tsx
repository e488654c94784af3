import { data, type ActionFunctionArgs, type LoaderFunctionArgs } from '@remix-run/node';
import { PrivateBrowsingSection } from '~/components/ui/PrivateBrowsingSection';
import { Form, Link, useActionData, useLoaderData, useNavigation, useSearchParams } from '@remix-run/react';
import { useTranslation } from 'react-i18next';
import {
  LOCALE_NAMES,
  SUPPORTED_LOCALES,
  changePasswordSchema,
  passwordChangedSchema,
  createTokenSchema,
  loginSchema,
  registerResultSchema,
  tokenSummarySchema,
  updateMeSchema,
  type TokenSummary,
} from '@sorstars/shared';
import { api, withApiCookies, type Parser } from '~/utils/api.server';
import { serializeLanguageCookie } from '~/utils/i18n.server';
import { formatNumber } from '~/utils/i18n';
import { requireUser } from '~/utils/session.server';
import { problemErrors, readFields, translatorFor, validate, type FormErrors } from '~/utils/forms.server';
import type { RouteHandle } from '~/utils/route-handle';
import { TextField } from '~/components/ui/TextField';
import { SelectField } from '~/components/ui/SelectField';
import { ErrorSummary } from '~/components/ui/ErrorSummary';
import { DateTime } from '~/components/ui/DateTime';
import { GeneralErrorBoundary } from '~/components/ui/GeneralErrorBoundary';
import { RecoveryCodeList } from '~/components/accounts/RecoveryCodeList';

export const handle: RouteHandle = {
  title: (t) => t('account.pageTitle', { ns: 'accounts' }),
};

const remainingCodesSchema: Parser<{ remaining: number }> = {
  safeParse: (value) =>
    typeof (value as { remaining?: unknown } | null)?.remaining === 'number'
      ? { success: true, data: value as { remaining: number } }
      : { success: false, error: 'remaining is not a number' },
};
const tokenListSchema: Parser<{ items: TokenSummary[] }> = {
  safeParse: (value) => {
    const items = tokenSummarySchema.array().safeParse((value as { items?: unknown } | null)?.items);
    return items.success ? { success: true, data: { items: items.data } } : { success: false, error: items.error };
  },
};
const createdTokenSchema: Parser<{ token: string }> = {
  safeParse: (value) =>
    typeof (value as { token?: unknown } | null)?.token === 'string'
      ? { success: true, data: value as { token: string } }
      : { success: false, error: 'token is not a string' },
};
const newCodesSchema = registerResultSchema.pick({ recoveryCodes: true });
const regenerateSchema = loginSchema.pick({ password: true });

const INTENTS = ['profile', 'password', 'recoveryCodes', 'createToken', 'revokeToken'] as const;
type Intent = (typeof INTENTS)[number];
/** Offered lifetimes for a new token, in days; empty means until revoked. */
const TOKEN_LIFETIMES = ['30', '90', '365'] as const;

interface AccountActionData {
  intent: Intent;
  errors?: FormErrors;
  values?: Record<string, string>;
  saved?: boolean;
  recoveryCodes?: string[];
  token?: string;
}

export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requireUser(request);
  const [codes, tokens] = await Promise.all([
    api(request, '/api/me/recovery-codes', { schema: remainingCodesSchema, locale: user.locale }),
    api(request, '/api/auth/tokens', { schema: tokenListSchema, locale: user.locale }),
  ]);
  return {
    user,
    // null means "could not load right now"; the page says so instead of failing.
    remainingCodes: codes.ok ? codes.data.remaining : null,
    tokens: tokens.ok ? tokens.data.items : null,
  };
}

export async function action({ request }: ActionFunctionArgs) {
  const user = await requireUser(request);
  const locale = user.locale;
  const t = await translatorFor(locale);
  const formData = await request.formData();
  const intent = formData.get('intent');
  if (!INTENTS.includes(intent as Intent)) {
    return data<AccountActionData>({ intent: 'profile', errors: { formError: t('validation.invalidValue', { ns: 'errors' }), fieldErrors: {} } }, { status: 400 });
  }
  const fail = (errors: FormErrors, status: number, values?: Record<string, string>) =>
    data<AccountActionData>({ intent: intent as Intent, errors, values }, { status });

  switch (intent as Intent) {
    case 'profile': {
      const values = readFields(formData, ['displayName', 'locale']);
      const checked = validate(updateMeSchema, values, t);
      if (!checked.ok) return fail(checked.errors, 400, values);
      const result = await api(request, '/api/me', { method: 'PATCH', body: checked.data, locale });
      if (!result.ok) return fail(problemErrors(result, t), result.status, values);
      const headers = withApiCookies(result);
      if (checked.data.locale) headers.append('Set-Cookie', serializeLanguageCookie(checked.data.locale));
      return data<AccountActionData>({ intent: 'profile', saved: true }, { headers });
    }
    case 'password': {
      const values = readFields(formData, ['currentPassword', 'newPassword']);
      const checked = validate(changePasswordSchema, { currentPassword: values.currentPassword ?? '', newPassword: values.newPassword ?? '' }, t);
      if (!checked.ok) return fail(checked.errors, 400);
      const result = await api(request, '/api/me/password', { method: 'POST', body: checked.data, schema: passwordChangedSchema, locale });
      if (!result.ok) return fail(problemErrors(result, t), result.status);
      return data<AccountActionData>({ intent: 'password', saved: true }, { headers: withApiCookies(result) });
    }
    case 'recoveryCodes': {
      const checked = validate(regenerateSchema, { password: formData.get('password') ?? '' }, t);
      if (!checked.ok) return fail(checked.errors, 400);
      const result = await api(request, '/api/me/recovery-codes', { method: 'POST', body: checked.data, schema: newCodesSchema, locale });
      if (!result.ok) return fail(problemErrors(result, t), result.status);
      return data<AccountActionData>({ intent: 'recoveryCodes', recoveryCodes: result.data.recoveryCodes });
    }
    case 'createToken': {
      const values = readFields(formData, ['name', 'expiresInDays']);
      const days = values.expiresInDays ? Number(values.expiresInDays) : undefined;
      const checked = validate(createTokenSchema, { name: values.name ?? '', ...(days ? { expiresInDays: days } : {}) }, t);
      if (!checked.ok) return fail(checked.errors, 400, values);
      const result = await api(request, '/api/auth/tokens', { method: 'POST', body: checked.data, schema: createdTokenSchema, locale });
      if (!result.ok) return fail(problemErrors(result, t), result.status, values);
      return data<AccountActionData>({ intent: 'createToken', token: result.data.token });
    }
    case 'revokeToken': {
      const id = String(formData.get('id') ?? '');
      const result = await api(request, `/api/auth/tokens/${encodeURIComponent(id)}`, { method: 'DELETE', locale });
      if (!result.ok) return fail(problemErrors(result, t), result.status);
      return data<AccountActionData>({ intent: 'revokeToken', saved: true });
    }
  }
}

/** Only the form that was sent shows its messages. */
function resultFor(actionData: AccountActionData | undefined, intent: Intent) {
  return actionData?.intent === intent ? actionData : undefined;
}

export default function AccountPage() {
  const { t } = useTranslation('accounts');
  const { user } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const [searchParams] = useSearchParams();
  return (
    <div className="account">
      <h1>{t('account.title')}</h1>
      <p className="lead">{t('account.signedInAs', { username: user.username })}</p>
      {searchParams.get('notice') === 'passwordReset' ? (
        <p className="notice" role="status">
          {t('account.passwordResetNotice')} {t('account.credentialsEnded')}
        </p>
      ) : null}
      <p>
        <Link to="/account/handbook">{t('mine.title', { ns: 'handbook' })}</Link> · <Link to="/handbook">{t('public.title', { ns: 'handbook' })}</Link>
      </p>
      <p>
        <Link to="/account/content-notes">{t('settings.accountLink', { ns: 'stories' })}</Link>
        {' — '}
        {t('settings.accountLinkHint', { ns: 'stories' })}
      </p>
      <p>
        <Link to="/account/calendar">{t('calendar.accountLink', { ns: 'events' })}</Link>
        {' — '}
        {t('calendar.accountLinkHint', { ns: 'events' })}
      </p>
      <p>
        <Link to="/account/moderation">{t('mine.accountLink', { ns: 'moderation' })}</Link>
        {' — '}
        {t('mine.accountLinkHint', { ns: 'moderation' })}
      </p>
      <p>
        <Link to="/account/circle">{t('mine.pageTitle', { ns: 'circle' })}</Link>
      </p>
      <p>
        <Link to="/account/contributions">{t('mine.pageTitle', { ns: 'experts' })}</Link>
        {' — '}
        {t('mine.accountLinkHint', { ns: 'experts' })}
      </p>
      <p>
        <Link to="/account/privacy">{t('privacy.accountLink', { ns: 'moderation' })}</Link>
        {' — '}
        {t('privacy.accountLinkHint', { ns: 'moderation' })}
      </p>
      <p>
        <Link to="/moderation">{t('queue.link', { ns: 'moderation' })}</Link>
        {' — '}
        {t('queue.accountLinkHint', { ns: 'moderation' })}
      </p>
      {user.roles.includes('admin') ? (
        <p>
          <Link to="/admin">{t('admin.link', { ns: 'moderation' })}</Link>
        </p>
      ) : null}
      <ProfileSection result={resultFor(actionData, 'profile')} />
      <PasswordSection result={resultFor(actionData, 'password')} />
      <RecoveryCodesSection result={resultFor(actionData, 'recoveryCodes')} />
      <TokensSection result={resultFor(actionData, 'createToken') ?? resultFor(actionData, 'revokeToken')} />
      <PrivateBrowsingSection />
    </div>
  );
}

function IntentField({ intent }: { intent: Intent }) {
  return <input type="hidden" name="intent" value={intent} />;
}

function useBusy(intent: Intent) {
  const navigation = useNavigation();
  return navigation.state === 'submitting' && navigation.formData?.get('intent') === intent;
}

function ProfileSection({ result }: { result?: AccountActionData }) {
  const { t } = useTranslation('accounts');
  const { user } = useLoaderData<typeof loader>();
  const busy = useBusy('profile');
  const errors = result?.errors?.fieldErrors ?? {};
  return (
    <section className="panel" aria-labelledby="profile-title">
      <h2 id="profile-title">{t('account.profileTitle')}</h2>
      {result?.saved ? (
        <p className="notice" role="status">
          {t('account.profileSaved')}
        </p>
      ) : null}
      <ErrorSummary formError={result?.errors?.formError} fieldErrors={errors} />
      <Form method="post" noValidate className="form">
        <IntentField intent="profile" />
        <TextField
          name="displayName"
          label={t('fields.displayName')}
          hint={t('register.displayNameHint')}
          error={errors.displayName}
          defaultValue={result?.values?.displayName ?? user.displayName ?? ''}
          autoComplete="nickname"
        />
        <SelectField name="locale" label={t('fields.locale')} hint={t('fields.localeHint')} error={errors.locale} defaultValue={result?.values?.locale ?? user.locale} key={user.locale}>
          {SUPPORTED_LOCALES.map((code) => (
            <option key={code} value={code} lang={code}>
              {LOCALE_NAMES[code]}
            </option>
          ))}
        </SelectField>
        <button type="submit" className="button" disabled={busy}>
          {t('account.profileSubmit')}
        </button>
      </Form>
    </section>
  );
}

function PasswordSection({ result }: { result?: AccountActionData }) {
  const { t } = useTranslation('accounts');
  const busy = useBusy('password');
  const errors = result?.errors?.fieldErrors ?? {};
  return (
    <section className="panel" aria-labelledby="password-title">
      <h2 id="password-title">{t('account.passwordTitle')}</h2>
      {result?.saved ? (
        <p className="notice" role="status">
          {t('account.passwordSaved')} {t('account.credentialsEnded')}
        </p>
      ) : null}
      <ErrorSummary formError={result?.errors?.formError} fieldErrors={errors} />
      <Form method="post" noValidate className="form">
        <IntentField intent="password" />
        <TextField name="currentPassword" type="password" label={t('fields.currentPassword')} error={errors.currentPassword} autoComplete="current-password" required />
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
          {t('account.passwordSubmit')}
        </button>
      </Form>
    </section>
  );
}

function RecoveryCodesSection({ result }: { result?: AccountActionData }) {
  const { t, i18n } = useTranslation('accounts');
  const { remainingCodes } = useLoaderData<typeof loader>();
  const busy = useBusy('recoveryCodes');
  const errors = result?.errors?.fieldErrors ?? {};
  return (
    <section className="panel" aria-labelledby="codes-title">
      <h2 id="codes-title">{t('recoveryCodes.sectionTitle')}</h2>
      <p>{t('recoveryCodes.explanation')}</p>
      <p data-testid="recovery-codes-remaining">
        {remainingCodes === null ? t('account.couldNotLoad') : t('recoveryCodes.remaining', { remaining: formatNumber(remainingCodes, i18n.language) })}
      </p>
      {result?.recoveryCodes ? (
        <div className="once-box" role="status">
          <p>
            <strong>{t('recoveryCodes.newSet')}</strong>
          </p>
          <p>{t('recoveryCodes.onceOnly')}</p>
          <RecoveryCodeList codes={result.recoveryCodes} />
          <p>{t('recoveryCodes.howToKeep')}</p>
        </div>
      ) : null}
      <ErrorSummary formError={result?.errors?.formError} fieldErrors={errors} />
      <Form method="post" noValidate className="form">
        <IntentField intent="recoveryCodes" />
        <p>{t('recoveryCodes.regenerateExplanation')}</p>
        <TextField name="password" type="password" label={t('fields.password')} error={errors.password} autoComplete="current-password" required />
        <button type="submit" className="button" disabled={busy}>
          {t('recoveryCodes.regenerate')}
        </button>
      </Form>
    </section>
  );
}

function TokensSection({ result }: { result?: AccountActionData }) {
  const { t, i18n } = useTranslation('accounts');
  const { tokens } = useLoaderData<typeof loader>();
  const busy = useBusy('createToken');
  const errors = result?.errors?.fieldErrors ?? {};
  const locale = i18n.language;
  return (
    <section className="panel" aria-labelledby="tokens-title">
      <h2 id="tokens-title">{t('tokens.title')}</h2>
      <p>{t('tokens.explanation')}</p>
      {result?.intent === 'revokeToken' && result.saved ? (
        <p className="notice" role="status">
          {t('tokens.revoked')}
        </p>
      ) : null}
      {result?.token ? (
        <div className="once-box" role="status">
          <p>
            <strong>{t('tokens.created')}</strong>
          </p>
          <p>{t('tokens.onceOnly')}</p>
          <p>
            <code className="token-value" data-testid="new-token">
              {result.token}
            </code>
          </p>
        </div>
      ) : null}
      <ErrorSummary formError={result?.errors?.formError} fieldErrors={errors} />

      <h3>{t('tokens.listTitle')}</h3>
      {tokens === null ? (
        <p>{t('account.couldNotLoad')}</p>
      ) : tokens.length === 0 ? (
        <p>{t('tokens.none')}</p>
      ) : (
        <ul className="token-list">
          {tokens.map((token) => (
            <li key={token.id} className="token-list__item">
              <p className="token-list__name" id={`token-${token.id}`}>
                {token.name}
              </p>
              <dl>
                <dt>{t('tokens.createdAt')}</dt>
                <dd>
                  <DateTime value={token.createdAt} locale={locale} />
                </dd>
                <dt>{t('tokens.lastUsedAt')}</dt>
                <dd>{token.lastUsedAt ? <DateTime value={token.lastUsedAt} locale={locale} /> : t('tokens.neverUsed')}</dd>
                <dt>{t('tokens.expiresAt')}</dt>
                <dd>{token.expiresAt ? <DateTime value={token.expiresAt} locale={locale} /> : t('tokens.noExpiry')}</dd>
              </dl>
              <Form method="post">
                <IntentField intent="revokeToken" />
                <input type="hidden" name="id" value={token.id} />
                <button type="submit" className="button button--danger button--small" aria-describedby={`token-${token.id}`}>
                  {t('tokens.revoke')}
                </button>
              </Form>
            </li>
          ))}
        </ul>
      )}

      <h3>{t('tokens.createTitle')}</h3>
      <Form method="post" noValidate className="form">
        <IntentField intent="createToken" />
        <TextField name="name" label={t('fields.tokenName')} hint={t('tokens.nameHint')} error={errors.name} defaultValue={result?.values?.name} autoComplete="off" required />
        <SelectField name="expiresInDays" label={t('fields.tokenExpiry')} error={errors.expiresInDays} defaultValue={result?.values?.expiresInDays ?? ''}>
          <option value="">{t('tokens.noExpiry')}</option>
          {TOKEN_LIFETIMES.map((days) => (
            <option key={days} value={days}>
              {t('tokens.days', { days: formatNumber(Number(days), locale) })}
            </option>
          ))}
        </SelectField>
        <button type="submit" className="button" disabled={busy}>
          {t('tokens.create')}
        </button>
      </Form>
    </section>
  );
}

export function ErrorBoundary() {
  return <GeneralErrorBoundary />;
}
