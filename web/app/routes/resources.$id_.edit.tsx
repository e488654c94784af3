import { data, type ActionFunctionArgs, type HeadersFunction, type LinksFunction, type LoaderFunctionArgs } from '@remix-run/node';
import { Link, useActionData, useLoaderData } from '@remix-run/react';
import { useTranslation } from 'react-i18next';
import { requireUser } from '~/utils/session.server';
import { resolveLocale } from '~/utils/i18n.server';
import { api } from '~/utils/api.server';
import { editableResourceSchema, loadResource } from '~/utils/resources.server';
import { submitResourceForm, valuesFromResource, type ResourceFormAnswer } from '~/utils/resource-form.server';
import type { RouteHandle } from '~/utils/route-handle';
import { GeneralErrorBoundary } from '~/components/ui/GeneralErrorBoundary';
import { ResourceForm } from '~/components/resources/ResourceForm';
import resourcesStyles from '~/components/resources/resources.css?url';

export const links: LinksFunction = () => [{ rel: 'stylesheet', href: resourcesStyles }];

export const headers: HeadersFunction = ({ loaderHeaders }) => ({ 'Cache-Control': loaderHeaders.get('Cache-Control') ?? 'no-store' });

export const handle: RouteHandle = {
  title: (t) => t('form.editPageTitle', { ns: 'resources' }),
};

/** Staff of the organisation (and admins) only: the API says who may, the page follows. */
export async function loader({ request, params }: LoaderFunctionArgs) {
  const user = await requireUser(request);
  const locale = await resolveLocale(request, user.locale);
  const resource = await loadResource(request, locale, params.id ?? '', null);
  if (!resource) throw new Response(null, { status: 404 });
  if (!resource.canManage) throw new Response(null, { status: 403 });
  const editable = await api(request, `/api/resources/${encodeURIComponent(resource.id)}/editable`, { schema: editableResourceSchema, locale });
  if (!editable.ok) throw new Response(null, { status: editable.status === 403 ? 403 : 404 });
  // A refuge's address is in this page for its own staff: no cache may keep it.
  return data(
    { id: resource.id, name: resource.name, organization: resource.organization, values: valuesFromResource(resource, editable.data) },
    { headers: { 'Cache-Control': 'no-store' } },
  );
}

export async function action({ request, params }: ActionFunctionArgs) {
  const user = await requireUser(request);
  const locale = await resolveLocale(request, user.locale);
  return submitResourceForm(request, locale, { editId: params.id ?? '' });
}

export default function EditResourcePage() {
  const { id, name, organization, values } = useLoaderData<typeof loader>();
  const answer = useActionData<typeof action>() as ResourceFormAnswer | undefined;
  const { t } = useTranslation('resources');
  const shown = answer?.values ?? values;
  return (
    <div className="narrow-wide">
      <p className="breadcrumb">
        <Link to={`/resources/${id}`}>{name}</Link>
      </p>
      <h1>{t('form.editTitle', { name })}</h1>
      <ResourceForm
        key={JSON.stringify(shown)}
        values={shown}
        organizations={[{ id: organization.id, name: organization.name }]}
        editing
        formError={answer?.errors?.formError}
        fieldErrors={answer?.errors?.fieldErrors}
      />
    </div>
  );
}

export function ErrorBoundary() {
  return <GeneralErrorBoundary />;
}
