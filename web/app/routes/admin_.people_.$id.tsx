import { data, type ActionFunctionArgs, type LoaderFunctionArgs } from '@remix-run/node';
import { Form, Link, useActionData, useLoaderData, useNavigation, useSearchParams } from '@remix-run/react';
import { useTranslation } from 'react-i18next';
import { PLATFORM_ROLES, changeRoleSchema, liftSuspensionSchema, personDetailSchema, suspendPersonSchema, type PlatformRole } from '@sorstars/shared';
import { api } from '~/utils/api.server';
import { problemErrors, translatorFor, validate, type FormErrors } from '~/utils/forms.server';
import { UUID, requireAdmin } from '~/utils/moderation.server';
import { localRedirect } from '~/utils/redirect.server';
import type { RouteHandle } from '~/utils/route-handle';
import { PersonStatus, ROLE_LABEL, RoleList } from '~/components/moderation/PersonBits';
import { PersonRecord } from '~/components/moderation/PersonRecord';
import { LocalDay } from '~/components/moderation/LocalDate';
import { ErrorSummary } from '~/components/ui/ErrorSummary';
import { SelectField } from '~/components/ui/SelectField';
import { TextAreaField } from '~/components/ui/TextAreaField';
import { GeneralErrorBoundary } from '~/components/ui/GeneralErrorBoundary';
import moderationStyles from '~/components/moderation/moderation.css?url';

export const links = () => [{ rel: 'stylesheet', href: moderationStyles }];

export const handle: RouteHandle = {
  title: (t) => t('people.personPageTitle', { ns: 'moderation' }),
};

/** How long a suspension lasts, as the form offers it; "forever" means until an admin lifts it. */
const DURATIONS = { day: 86_400_000, week: 7 * 86_400_000, month: 30 * 86_400_000, forever: null } as const;
type Duration = keyof typeof DURATIONS;
const INTENTS = ['grant', 'revoke', 'suspend', 'lift'] as const;
type Intent = (typeof INTENTS)[number];
/** What the page says after each change. */
const DONE: Record<Intent, string> = { grant: 'people.done.grant', revoke: 'people.done.revoke', suspend: 'people.done.suspend', lift: 'people.done.lift' };

export async function loader({ request, params }: LoaderFunctionArgs) {
  const user = await requireAdmin(request);
  if (!UUID.test(params.id ?? '')) throw new Response(null, { status: 404 });
  const result = await api(request, `/api/admin/people/${params.id}`, { schema: personDetailSchema, locale: user.locale });
  if (!result.ok) throw new Response(null, { status: result.status === 404 ? 404 : 500 });
  return { person: result.data, isSelf: result.data.id === user.id };
}

interface PersonActionData {
  intent: Intent;
  errors: FormErrors;
  values?: Record<string, string>;
}

export async function action({ request, params }: ActionFunctionArgs) {
  const user = await requireAdmin(request);
  const id = params.id ?? '';
  if (!UUID.test(id)) throw new Response(null, { status: 404 });
  const t = await translatorFor(user.locale);
  const form = await request.formData();
  const intent = String(form.get('intent') ?? '') as Intent;
  if (!INTENTS.includes(intent)) return data({ intent: 'grant' as Intent, errors: { formError: t('validation.invalidValue', { ns: 'errors' }), fieldErrors: {} } }, { status: 400 });
  const values = { role: String(form.get('role') ?? ''), reason: String(form.get('reason') ?? ''), duration: String(form.get('duration') ?? '') };
  const fail = (errors: FormErrors, status: number) => data<PersonActionData>({ intent, errors, values }, { status });

  let path = `/api/admin/people/${id}`;
  let method: 'POST' | 'DELETE' = 'POST';
  let body: unknown;
  if (intent === 'grant') {
    const checked = validate(changeRoleSchema, { role: values.role, ...(values.reason.trim() && { reason: values.reason }) }, t);
    if (!checked.ok) return fail(checked.errors, 400);
    [path, body] = [`${path}/roles`, checked.data];
  } else if (intent === 'revoke') {
    if (!(PLATFORM_ROLES as readonly string[]).includes(values.role)) return fail({ fieldErrors: { role: t('validation.role', { ns: 'errors' }) } }, 400);
    [path, method] = [`${path}/roles/${values.role}`, 'DELETE'];
  } else if (intent === 'suspend') {
    if (!(values.duration in DURATIONS)) return fail({ fieldErrors: { duration: t('validation.invalidValue', { ns: 'errors' }) } }, 400);
    const ms = DURATIONS[values.duration as Duration];
    const checked = validate(suspendPersonSchema, { reason: values.reason, until: ms === null ? null : new Date(Date.now() + ms).toISOString() }, t);
    if (!checked.ok) return fail(checked.errors, 400);
    [path, body] = [`${path}/suspension`, checked.data];
  } else {
    const checked = validate(liftSuspensionSchema, { reason: values.reason }, t);
    if (!checked.ok) return fail(checked.errors, 400);
    [path, body] = [`${path}/suspension/lift`, checked.data];
  }
  const result = await api(request, path, { method, body, locale: user.locale });
  if (!result.ok) return fail(problemErrors(result, t), result.status);
  // Post/redirect/get: a reload does not send the change twice.
  return localRedirect(`/admin/people/${id}?done=${intent}`);
}

export default function PersonPage() {
  const { t, i18n } = useTranslation('moderation');
  const { person, isSelf } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>() as PersonActionData | undefined;
  const [params] = useSearchParams();
  const done = actionData ? null : params.get('done');
  const busy = useNavigation().state === 'submitting';
  const errorsFor = (intent: Intent) => (actionData?.intent === intent ? actionData.errors : undefined);
  const missing = PLATFORM_ROLES.filter((role) => !person.roles.includes(role));
  const name = person.displayName ? `${person.displayName} (@${person.username})` : `@${person.username}`;
  return (
    <div className="admin-page person-page">
      <p>
        <Link to="/admin/people">{t('people.back')}</Link>
      </p>
      <h1>{name}</h1>
      <p className="muted">
        <PersonStatus status={person.status} until={person.suspendedUntil} /> · {t('people.joined')} <LocalDay value={person.createdAt} locale={i18n.language} />
      </p>
      {done && (INTENTS as readonly string[]).includes(done) ? (
        <p className="notice" role="status">
          {t(DONE[done as Intent])}
        </p>
      ) : null}
      {isSelf ? <p className="notice">{t('people.ownAccount')}</p> : null}

      <section className="panel" aria-labelledby="roles-title">
        <h2 id="roles-title">{t('people.rolesTitle')}</h2>
        <p>{t('people.rolesIntro')}</p>
        <ErrorSummary formError={errorsFor('revoke')?.formError} fieldErrors={errorsFor('revoke')?.fieldErrors} />
        <ul className="plain-list" data-testid="person-roles">
          {person.roles.map((role) => (
            <li key={role} className="plain-list__item word-item">
              <p className="plain-list__name" id={`role-${role}`}>
                <RoleList roles={[role]} />
              </p>
              {role !== 'member' && !isSelf ? (
                <Form method="post">
                  <input type="hidden" name="intent" value="revoke" />
                  <input type="hidden" name="role" value={role} />
                  <button type="submit" className="button button--danger button--small" aria-describedby={`role-${role}`} disabled={busy}>
                    {t('people.revoke')}
                  </button>
                </Form>
              ) : null}
            </li>
          ))}
        </ul>
        {!isSelf && missing.length ? (
          <Form method="post" noValidate className="form">
            <h3>{t('people.grantTitle')}</h3>
            <ErrorSummary formError={errorsFor('grant')?.formError} fieldErrors={errorsFor('grant')?.fieldErrors} fieldId={(f) => `grant-${f}`} />
            <input type="hidden" name="intent" value="grant" />
            <SelectField name="role" id="grant-role" label={t('people.roleLabel')} error={errorsFor('grant')?.fieldErrors.role} defaultValue={missing[0]}>
              {missing.map((role: PlatformRole) => (
                <option key={role} value={role}>
                  {t(ROLE_LABEL[role])}
                </option>
              ))}
            </SelectField>
            <TextAreaField name="reason" id="grant-reason" label={t('people.reasonOptional')} rows={2} maxLength={1000} error={errorsFor('grant')?.fieldErrors.reason} />
            <button type="submit" className="button" disabled={busy}>
              {t('people.grant')}
            </button>
          </Form>
        ) : null}
      </section>

      {isSelf ? null : (
        <section className="panel" aria-labelledby="account-title">
          <h2 id="account-title">{person.status === 'suspended' ? t('people.liftTitle') : t('people.suspendTitle')}</h2>
          <p>{person.status === 'suspended' ? t('people.liftIntro') : t('people.suspendIntro')}</p>
          {/* Keyed, so the lift form never inherits what was typed into the suspend form. */}
          {person.status === 'suspended' ? (
            <Form key="lift" method="post" noValidate className="form">
              <ErrorSummary formError={errorsFor('lift')?.formError} fieldErrors={errorsFor('lift')?.fieldErrors} fieldId={(f) => `lift-${f}`} />
              <input type="hidden" name="intent" value="lift" />
              <TextAreaField name="reason" id="lift-reason" label={t('people.reason')} hint={t('people.reasonHint')} rows={3} maxLength={1000} required error={errorsFor('lift')?.fieldErrors.reason} defaultValue={errorsFor('lift') ? actionData?.values?.reason : undefined} />
              <button type="submit" className="button" disabled={busy}>
                {t('people.lift')}
              </button>
            </Form>
          ) : (
            <Form key="suspend" method="post" noValidate className="form">
              <ErrorSummary formError={errorsFor('suspend')?.formError} fieldErrors={errorsFor('suspend')?.fieldErrors} fieldId={(f) => `suspend-${f}`} />
              <input type="hidden" name="intent" value="suspend" />
              <TextAreaField name="reason" id="suspend-reason" label={t('people.reason')} hint={t('people.reasonHint')} rows={3} maxLength={1000} required error={errorsFor('suspend')?.fieldErrors.reason} defaultValue={errorsFor('suspend') ? actionData?.values?.reason : undefined} />
              <SelectField name="duration" id="suspend-duration" label={t('item.durationLabel')} error={errorsFor('suspend')?.fieldErrors.duration ?? errorsFor('suspend')?.fieldErrors.until} defaultValue={errorsFor('suspend') ? actionData?.values?.duration : 'week'}>
                {(Object.keys(DURATIONS) as Duration[]).map((d) => (
                  <option key={d} value={d}>
                    {d === 'forever' ? t('people.untilLifted') : t(`durations.${d}`)}
                  </option>
                ))}
              </SelectField>
              <button type="submit" className="button button--danger" disabled={busy}>
                {t('people.suspend')}
              </button>
            </Form>
          )}
        </section>
      )}

      <PersonRecord person={person} />
    </div>
  );
}

export function ErrorBoundary() {
  return <GeneralErrorBoundary />;
}
