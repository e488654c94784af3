import { type ActionFunctionArgs, type LinksFunction, type LoaderFunctionArgs } from '@remix-run/node';
import { useActionData, useLoaderData } from '@remix-run/react';
import { useTranslation } from 'react-i18next';
import { requireUser } from '~/utils/session.server';
import { resolveLocale } from '~/utils/i18n.server';
import { myOrganizations } from '~/utils/resources.server';
import { emptyLocation, submitResourceForm, type ResourceFormAnswer, translationValues } from '~/utils/resource-form.server';
import type { RouteHandle } from '~/utils/route-handle';
import { GeneralErrorBoundary } from '~/components/ui/GeneralErrorBoundary';
import { ResourceForm, type ResourceFormValues } from '~/components/resources/ResourceForm';
import { COUNTRY_OF_LOCALE } from '~/components/resources/labels';
import resourcesStyles from '~/components/resources/resources.css?url';

export const links: LinksFunction = () => [{ rel: 'stylesheet', href: resourcesStyles }];

export const handle: RouteHandle = {
  title: (t) => t('form.newTitle', { ns: 'resources' }),
};

export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requireUser(request);
  const locale = await resolveLocale(request, user.locale);
  const organizations = await myOrganizations(request, locale);
  const asked = new URL(request.url).searchParams.get('organizationId') ?? '';
  const country = COUNTRY_OF_LOCALE[locale] ?? 'HU';
  const values: ResourceFormValues = {
    organizationId: organizations.some((org) => org.id === asked) ? asked : (organizations[0]?.id ?? ''),
    name: '',
    description: '',
    categories: [],
    attributes: [],
    languages: [locale],
    eligibility: '',
    applicationProcess: '',
    fees: '',
    free: false,
    minimumAge: '',
    maximumAge: '',
    requiredDocuments: '',
    url: '',
    email: '',
    phone: '',
    status: 'active',
    alertText: '',
    alertUntil: '',
    capacityUnit: '',
    capacityAvailable: '',
    capacityMaximum: '',
    locations: [emptyLocation(country)],
    translations: translationValues(),
  };
  return { organizations, values };
}

export async function action({ request }: ActionFunctionArgs) {
  const user = await requireUser(request);
  const locale = await resolveLocale(request, user.locale);
  return submitResourceForm(request, locale, { editId: null });
}

export default function NewResourcePage() {
  const { organizations, values } = useLoaderData<typeof loader>();
  const answer = useActionData<typeof action>() as ResourceFormAnswer | undefined;
  const { t } = useTranslation('resources');
  const shown = answer?.values ?? values;
  return (
    <div className="narrow-wide">
      <h1>{t('form.newTitle')}</h1>
      {organizations.length === 0 ? (
        <p className="notice">{t('form.noOrganization')}</p>
      ) : (
        <ResourceForm key={JSON.stringify(shown)} values={shown} organizations={organizations} editing={false} formError={answer?.errors?.formError} fieldErrors={answer?.errors?.fieldErrors} />
      )}
    </div>
  );
}

export function ErrorBoundary() {
  return <GeneralErrorBoundary />;
}
