import { data, type ActionFunctionArgs, type LinksFunction, type LoaderFunctionArgs } from '@remix-run/node';
import { Form, Link, useActionData, useLoaderData, useSearchParams } from '@remix-run/react';
import { Fragment } from 'react';
import { useTranslation } from 'react-i18next';
import { ORG_ROLES, addStaffSchema } from '@sorstars/shared';
import { api } from '~/utils/api.server';
import { getCurrentUser } from '~/utils/session.server';
import { resolveLocale } from '~/utils/i18n.server';
import { validate } from '~/utils/forms.server';
import { UUID, memberListSchema, organizationSchema, resourceCardListSchema } from '~/utils/resources.server';
import { organizationAction, type OrganizationActionResult } from '~/utils/organization-actions.server';
import type { RouteHandle } from '~/utils/route-handle';
import { GeneralErrorBoundary } from '~/components/ui/GeneralErrorBoundary';
import { TextField } from '~/components/ui/TextField';
import { SelectField } from '~/components/ui/SelectField';
import { ErrorSummary } from '~/components/ui/ErrorSummary';
import { telHref } from '~/components/moderation/CrisisResources';
import { VerifiedMark } from '~/components/resources/VerifiedMark';
import { ResourceCard } from '~/components/resources/ResourceCard';
import { languageName } from '~/components/resources/format';
import { ROLE_KEYS, SCHEME_KEYS } from '~/components/resources/labels';
import resourcesStyles from '~/components/resources/resources.css?url';

export const links: LinksFunction = () => [{ rel: 'stylesheet', href: resourcesStyles }];

export const handle: RouteHandle = {
  title: (t) => t('page.pageTitle', { ns: 'organizations' }),
};

export async function loader({ request, params }: LoaderFunctionArgs) {
  const user = await getCurrentUser(request);
  const locale = await resolveLocale(request, user?.locale);
  const slug = params.slug ?? '';
  if (!/^[a-z0-9-]{1,120}$/i.test(slug)) throw new Response(null, { status: 404 });
  const found = await api(request, `/api/organizations/${encodeURIComponent(slug)}`, { schema: organizationSchema, locale });
  if (!found.ok) throw new Response(null, { status: found.status === 404 ? 404 : found.status >= 500 ? 503 : found.status });
  const organization = found.data;
  const [resources, staff] = await Promise.all([
    api(request, `/api/resources?${new URLSearchParams({ organizationId: organization.id, limit: '100', view: 'card' })}`, { schema: resourceCardListSchema, locale }),
    organization.myRole === 'admin' ? api(request, `/api/organizations/${organization.id}/staff`, { schema: memberListSchema, locale }) : null,
  ]);
  return {
    organization,
    resources: resources.ok ? resources.data.items : [],
    staff: staff?.ok ? staff.data.items : null,
    isPlatformAdmin: Boolean(user?.roles.includes('admin')),
    reference: new Date().toISOString(),
  };
}

type ActionResult = OrganizationActionResult;

/** Staff management (organisation admins) and verification (platform admins); the API decides who may. */
export async function action({ request }: ActionFunctionArgs) {
  const { locale, t, form, intent, id, answer } = await organizationAction(request);
  if (intent === 'add-staff') {
    const values = { username: String(form.get('username') ?? ''), role: String(form.get('role') ?? 'staff') };
    const checked = validate(addStaffSchema, values, t);
    if (!checked.ok) return data<ActionResult>({ intent, errors: checked.errors, values }, { status: 400 });
    return answer(await api(request, `/api/organizations/${id}/staff`, { method: 'POST', body: checked.data, locale }), values);
  }
  if (intent === 'remove-staff') {
    const userId = String(form.get('userId') ?? '');
    if (!UUID.test(userId)) throw new Response(null, { status: 400 });
    return answer(await api(request, `/api/organizations/${id}/staff/${userId}`, { method: 'DELETE', locale }));
  }
  if (intent === 'verify') return answer(await api(request, `/api/organizations/${id}/verify`, { method: 'POST', locale }));
  throw new Response(null, { status: 400 });
}

export default function OrganizationPage() {
  const { organization, resources, staff, isPlatformAdmin, reference } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>() as ActionResult | undefined;
  const [searchParams] = useSearchParams();
  const { t, i18n } = useTranslation('organizations');
  const canPost = organization.myRole !== null;
  return (
    <article className="organization" aria-labelledby="org-title">
      {searchParams.get('registered') === '1' ? (
        <p className="notice" role="status">
          {t('page.registered')}
        </p>
      ) : null}
      <h1 id="org-title">{organization.name}</h1>
      <p>
        <VerifiedMark verified={organization.verified} />
      </p>
      {!organization.verified ? <p className="muted">{t('page.notVerifiedHelp')}</p> : null}
      {isPlatformAdmin && !organization.verified ? (
        <Form method="post" className="inline-form">
          <input type="hidden" name="organizationId" value={organization.id} />
          <button type="submit" name="intent" value="verify" className="button">
            {t('verify.button')}
          </button>
        </Form>
      ) : null}
      {actionData?.intent === 'verify' && actionData.errors ? <ErrorSummary formError={actionData.errors.formError} /> : null}
      <p className="pre-line">{organization.description}</p>
      {organization.myRole ? (
        <p>
          <Link to={`/organizations/${organization.slug}/mentoring`}>{t('coordination.pageTitle', { ns: 'circle' })}</Link>
          {' · '}
          <Link to={`/organizations/${organization.slug}/reports`}>{t('reports.pageTitle')}</Link>
          <Link to={`/organizations/${organization.slug}/experts`}>{t('staff.link', { ns: 'experts' })}</Link>
          <Link to={`/organizations/${organization.slug}/handbook`}>{t('staff.title', { ns: 'handbook' })}</Link>
        </p>
      ) : null}

      <dl className="identifier-list">
        {organization.url ? (
          <>
            <dt>{t('fields.url')}</dt>
            <dd>
              <a href={organization.url} rel="noreferrer noopener" target="_blank">
                {organization.url}
              </a>
            </dd>
          </>
        ) : null}
        {organization.email ? (
          <>
            <dt>{t('fields.email')}</dt>
            <dd>
              <a href={`mailto:${organization.email}`}>{organization.email}</a>
            </dd>
          </>
        ) : null}
        {organization.phone ? (
          <>
            <dt>{t('fields.phone')}</dt>
            <dd>
              <a href={telHref(organization.phone)}>{organization.phone}</a>
            </dd>
          </>
        ) : null}
        {organization.identifiers.map((id) => (
          <Fragment key={`${id.scheme}-${id.identifier}`}>
            <dt>{t(SCHEME_KEYS[id.scheme])}</dt>
            <dd>{id.identifier}</dd>
          </Fragment>
        ))}
        {organization.languages.length > 0 ? (
          <>
            <dt>{t('fields.languages')}</dt>
            <dd>{organization.languages.map((code) => languageName(code, i18n.language)).join(', ')}</dd>
          </>
        ) : null}
      </dl>

      <section aria-labelledby="org-resources">
        <div className="page-heading">
          <h2 id="org-resources">{t('page.resources')}</h2>
          {canPost ? (
            <Link className="button button--secondary" to={`/resources/new?${new URLSearchParams({ organizationId: organization.id })}`}>
              {t('page.addResource')}
            </Link>
          ) : null}
        </div>
        {resources.length === 0 ? (
          <p>{t('page.noResources')}</p>
        ) : (
          <ul className="resource-list">
            {resources.map((resource) => (
              <ResourceCard key={resource.id} resource={resource} reference={reference} at={null} />
            ))}
          </ul>
        )}
      </section>

      {staff ? <StaffSection organizationId={organization.id} staff={staff} actionData={actionData} /> : null}
    </article>
  );
}

function StaffSection({ organizationId, staff, actionData }: { organizationId: string; staff: NonNullable<ReturnType<typeof useLoaderData<typeof loader>>['staff']>; actionData?: ActionResult }) {
  const { t } = useTranslation('organizations');
  const adding = actionData?.intent === 'add-staff' ? actionData : undefined;
  const removing = actionData?.intent === 'remove-staff' ? actionData : undefined;
  return (
    <section aria-labelledby="org-staff" className="panel">
      <h2 id="org-staff">{t('staff.title')}</h2>
      <p className="muted">{t('staff.lead')}</p>
      {removing?.errors ? <ErrorSummary formError={removing.errors.formError} /> : null}
      <ul className="staff-list" data-testid="staff-list">
        {staff.map((member) => (
          <li key={member.userId}>
            <span>
              {member.displayName ?? member.username} <span className="muted">@{member.username}</span> · {t(ROLE_KEYS[member.role])}
            </span>
            <Form method="post">
              <input type="hidden" name="organizationId" value={organizationId} />
              <input type="hidden" name="userId" value={member.userId} />
              <button type="submit" name="intent" value="remove-staff" className="button button--danger button--small">
                {t('staff.remove')}
                <span className="visually-hidden"> {member.username}</span>
              </button>
            </Form>
          </li>
        ))}
      </ul>
      <Form method="post" className="stack-form" key={adding?.done ? 'added' : 'adding'}>
        <h3>{t('staff.addTitle')}</h3>
        <input type="hidden" name="organizationId" value={organizationId} />
        <ErrorSummary formError={adding?.errors?.formError} fieldErrors={adding?.errors?.fieldErrors} fieldId={(name) => `staff-${name}`} />
        {adding?.done ? (
          <p className="notice" role="status">
            {t('staff.added')}
          </p>
        ) : null}
        <TextField name="username" id="staff-username" label={t('staff.username')} defaultValue={adding?.done ? '' : adding?.values?.username} error={adding?.errors?.fieldErrors.username} autoComplete="off" />
        <SelectField name="role" id="staff-role" label={t('staff.role')} defaultValue={adding?.values?.role ?? 'staff'}>
          {ORG_ROLES.map((role) => (
            <option key={role} value={role}>
              {t(ROLE_KEYS[role])}
            </option>
          ))}
        </SelectField>
        <button type="submit" name="intent" value="add-staff" className="button">
          {t('staff.add')}
        </button>
      </Form>
    </section>
  );
}

export function ErrorBoundary() {
  return <GeneralErrorBoundary />;
}
