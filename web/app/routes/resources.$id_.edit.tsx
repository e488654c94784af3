import { data, redirect, type ActionFunctionArgs, type LinksFunction, type LoaderFunctionArgs } from '@remix-run/node';
import { Link, useActionData, useLoaderData } from '@remix-run/react';
import { useTranslation } from 'react-i18next';
import { api } from '~/utils/api.server';
import { requireUser } from '~/utils/session.server';
import { resolveLocale } from '~/utils/i18n.server';
import { translatorFor } from '~/utils/forms.server';
import { loadResource, resourceSchema } from '~/utils/resources.server';
import { applyRowIntent, checkResource, readResourceForm, resourceBody, resourceProblemErrors, valuesFromResource, type ResourceFormAnswer } from '~/utils/resource-form.server';
import type { RouteHandle } from '~/utils/route-handle';
import { GeneralErrorBoundary } from '~/components/ui/GeneralErrorBoundary';
import { ResourceForm } from '~/components/resources/ResourceForm';
import { COUNTRY_OF_LOCALE } from '~/components/resources/labels';
import resourcesStyles from '~/components/resources/resources.css?url';

export const links: LinksFunction = () => [{ rel: 'stylesheet', href: resourcesStyles }];

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
  return { id: resource.id, name: resource.name, organization: resource.organization, values: valuesFromResource(resource) };
}

export async function action({ request, params }: ActionFunctionArgs) {
  const user = await requireUser(request);
  const locale = await resolveLocale(request, user.locale);
  const id = params.id ?? '';
  const form = await request.formData();
  const values = readResourceForm(form);
  const changed = applyRowIntent(values, String(form.get('intent') ?? 'save'), COUNTRY_OF_LOCALE[locale] ?? 'HU');
  if (changed) return { values: changed } satisfies ResourceFormAnswer;
  const t = await translatorFor(locale);
  const body = resourceBody(values, true);
  const errors = checkResource(body, true, t);
  if (errors) return data({ values, errors } satisfies ResourceFormAnswer, { status: 400 });
  const result = await api(request, `/api/resources/${encodeURIComponent(id)}`, { method: 'PATCH', body, schema: resourceSchema, locale });
  if (!result.ok) return data({ values, errors: resourceProblemErrors(result, t) } satisfies ResourceFormAnswer, { status: result.status });
  return redirect(`/resources/${result.data.id}?saved=1`);
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
