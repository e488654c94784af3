import { data, type ActionFunctionArgs, type LoaderFunctionArgs } from '@remix-run/node';
import { Form, Link, useActionData, useLoaderData, useNavigation } from '@remix-run/react';
import { useTranslation } from 'react-i18next';
import { deleteMeSchema } from '@sorstars/shared';
import { api, withApiCookies } from '~/utils/api.server';
import { requireUser } from '~/utils/session.server';
import { problemErrors, translatorFor, validate, type FormErrors } from '~/utils/forms.server';
import type { RouteHandle } from '~/utils/route-handle';
import { TextField } from '~/components/ui/TextField';
import { ErrorSummary } from '~/components/ui/ErrorSummary';
import { GeneralErrorBoundary } from '~/components/ui/GeneralErrorBoundary';
import moderationStyles from '~/components/moderation/moderation.css?url';
import { localRedirect } from '~/utils/redirect.server';
import { memberListSchema, organizationListSchema } from '~/utils/resources.server';

export const links = () => [{ rel: 'stylesheet', href: moderationStyles }];

export const handle: RouteHandle = {
  title: (t) => t('privacy.pageTitle', { ns: 'moderation' }),
};

/** At most this many organisations are looked at for the hand-over notice. */
const ORGANIZATIONS_CHECKED = 10;

/**
 * Organisations the person runs alone. On deletion the API hands each to its longest-serving
 * staff member (or, with nobody, leaves it to the platform's admins); the page says which, before.
 */
export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requireUser(request);
  const mine = await api(request, '/api/organizations?mine=true&limit=100', { schema: organizationListSchema, locale: user.locale });
  const administered = (mine.ok ? mine.data.items : []).filter((o) => o.myRole === 'admin').slice(0, ORGANIZATIONS_CHECKED);
  const handOvers = await Promise.all(
    administered.map(async (org) => {
      const staff = await api(request, `/api/organizations/${org.id}/staff`, { schema: memberListSchema, locale: user.locale });
      if (!staff.ok) return null;
      const others = staff.data.items.filter((m) => m.userId !== user.id);
      if (others.some((m) => m.role === 'admin')) return null;
      const next = [...others].sort((a, b) => a.since.localeCompare(b.since))[0];
      return { name: org.name, slug: org.slug, nextAdmin: next ? (next.displayName ?? next.username) : null };
    }),
  );
  return { handOvers: handOvers.filter((h) => h !== null) };
}

interface PrivacyActionData {
  errors: FormErrors;
  contributions?: string;
}

export async function action({ request }: ActionFunctionArgs) {
  const user = await requireUser(request);
  const t = await translatorFor(user.locale);
  const formData = await request.formData();
  const contributions = String(formData.get('contributions') ?? '');
  if (formData.get('confirm') !== 'true') {
    return data<PrivacyActionData>({ errors: { fieldErrors: { confirm: t('privacy.confirmRequired', { ns: 'moderation' }) } }, contributions }, { status: 400 });
  }
  const checked = validate(deleteMeSchema, { password: String(formData.get('password') ?? ''), contributions }, t);
  if (!checked.ok) return data<PrivacyActionData>({ errors: checked.errors, contributions }, { status: 400 });
  const result = await api(request, '/api/me', { method: 'DELETE', body: checked.data, locale: user.locale });
  if (!result.ok) return data<PrivacyActionData>({ errors: problemErrors(result, t), contributions }, { status: result.status });
  // The API ends the session and clears the cookie; the browser hears about it on the way home.
  return localRedirect('/', { headers: withApiCookies(result) });
}

export default function PrivacyPage() {
  const { t } = useTranslation('moderation');
  const actionData = useActionData<typeof action>() as PrivacyActionData | undefined;
  const busy = useNavigation().state === 'submitting';
  const errors = actionData?.errors.fieldErrors ?? {};
  const chosen = actionData?.contributions;
  const { handOvers } = useLoaderData<typeof loader>();
  return (
    <div className="narrow-wide privacy-page">
      <p className="breadcrumb">
        <Link to="/account">{t('back.toAccount')}</Link>
      </p>
      <h1>{t('privacy.title')}</h1>

      <section className="panel" aria-labelledby="export-title">
        <h2 id="export-title">{t('privacy.exportTitle')}</h2>
        <p>{t('privacy.exportBody')}</p>
        <p>
          {/* A plain link: the API answers on the same origin, with the person's own cookie. */}
          <a href="/api/me/export" className="button button--secondary" download="sorstars-export.json" data-testid="export-link">
            {t('privacy.exportLink')}
          </a>
        </p>
      </section>

      <section className="panel" aria-labelledby="registrations-title">
        <h2 id="registrations-title">{t('privacy.registrationsTitle')}</h2>
        <p>{t('privacy.registrationsBody')}</p>
      </section>

      <section className="panel danger-panel" aria-labelledby="delete-title">
        <h2 id="delete-title">{t('privacy.deleteTitle')}</h2>
        <p>{t('privacy.deleteIntro')}</p>
        {handOvers.length ? (
          <div className="notice" data-testid="organization-hand-over">
            <p>{t('privacy.onlyAdminIntro')}</p>
            <ul>
              {handOvers.map((h) => (
                <li key={h.slug}>
                  <Link to={`/organizations/${h.slug}`}>{h.name}</Link>: {h.nextAdmin ? t('privacy.nextAdmin', { name: h.nextAdmin }) : t('privacy.noNextAdmin')}
                </li>
              ))}
            </ul>
            <p>{t('privacy.chooseAdmin')}</p>
          </div>
        ) : null}
        <p>{t('privacy.deletion', { ns: 'experts' })}</p>
        <ErrorSummary
          formError={actionData?.errors.formError}
          fieldErrors={errors}
          fieldId={(name) => (name === 'contributions' ? 'contributions-anonymise' : name)}
        />
        <Form method="post" noValidate className="form">
          <fieldset className={errors.contributions ? 'field radio-group field--invalid' : 'field radio-group'}>
            <legend>{t('privacy.contributionsLegend')}</legend>
            {errors.contributions ? <p className="field__error">{errors.contributions}</p> : null}
            <div className="radio">
              <input type="radio" id="contributions-anonymise" name="contributions" value="anonymise" defaultChecked={chosen === 'anonymise'} aria-describedby="contributions-anonymise-hint" />
              <label htmlFor="contributions-anonymise">{t('privacy.anonymise')}</label>
              <p className="field__hint radio__hint" id="contributions-anonymise-hint">
                {t('privacy.anonymiseHint')}
              </p>
            </div>
            <div className="radio">
              <input type="radio" id="contributions-remove" name="contributions" value="remove" defaultChecked={chosen === 'remove'} aria-describedby="contributions-remove-hint" />
              <label htmlFor="contributions-remove">{t('privacy.remove')}</label>
              <p className="field__hint radio__hint" id="contributions-remove-hint">
                {t('privacy.removeHint')}
              </p>
            </div>
          </fieldset>
          <TextField name="password" type="password" label={t('privacy.passwordLabel')} error={errors.password} autoComplete="current-password" required />
          <div className={errors.confirm ? 'field field--checkbox field--invalid' : 'field field--checkbox'}>
            {errors.confirm ? (
              <p className="field__error" id="confirm-error">
                {errors.confirm}
              </p>
            ) : null}
            <input type="checkbox" id="confirm" name="confirm" value="true" aria-invalid={errors.confirm ? true : undefined} aria-describedby={errors.confirm ? 'confirm-error' : undefined} />
            <label htmlFor="confirm">{t('privacy.confirm')}</label>
          </div>
          <button type="submit" className="button button--danger" disabled={busy}>
            {t('privacy.submit')}
          </button>
        </Form>
      </section>
    </div>
  );
}

export function ErrorBoundary() {
  return <GeneralErrorBoundary />;
}
