import { data, type ActionFunctionArgs, type LoaderFunctionArgs } from '@remix-run/node';
import { Form, Link, useActionData, useLoaderData, useNavigation } from '@remix-run/react';
import { useTranslation } from 'react-i18next';
import { CRISIS_COUNTRIES, LOCALE_NAMES, SUPPORTED_LOCALES, adminCrisisResourceListSchema, crisisResourceSchema } from '@sorstars/shared';
import { api } from '~/utils/api.server';
import { problemErrors, translatorFor, validate, type FormErrors } from '~/utils/forms.server';
import { UUID, requireAdmin } from '~/utils/moderation.server';
import type { RouteHandle } from '~/utils/route-handle';
import { countryLabel } from '~/components/moderation/labels';
import { TextField } from '~/components/ui/TextField';
import { TextAreaField } from '~/components/ui/TextAreaField';
import { SelectField } from '~/components/ui/SelectField';
import { ErrorSummary } from '~/components/ui/ErrorSummary';
import { GeneralErrorBoundary } from '~/components/ui/GeneralErrorBoundary';
import moderationStyles from '~/components/moderation/moderation.css?url';
import { localRedirect } from '~/utils/redirect.server';

export const links = () => [{ rel: 'stylesheet', href: moderationStyles }];

export const handle: RouteHandle = {
  title: (t) => t('admin.resourcePageTitle', { ns: 'moderation' }),
};

const TEXT_FIELDS = ['country', 'municipality', 'name', 'phone', 'url', 'position'] as const;

/** `/admin/resources/new` adds one; `/admin/resources/<id>` edits it, with its texts in every language. */
export async function loader({ request, params }: LoaderFunctionArgs) {
  const user = await requireAdmin(request);
  if (params.id === 'new') return { resource: null };
  if (!UUID.test(params.id ?? '')) throw new Response(null, { status: 404 });
  const result = await api(request, '/api/admin/crisis-resources', { schema: adminCrisisResourceListSchema, locale: user.locale });
  const resource = result.ok ? result.data.items.find((item) => item.id === params.id) : undefined;
  if (!resource) throw new Response(null, { status: result.ok ? 404 : 500 });
  return { resource };
}

interface ResourceActionData {
  errors: FormErrors;
  values: Record<string, string>;
}

export async function action({ request, params }: ActionFunctionArgs) {
  const user = await requireAdmin(request);
  const t = await translatorFor(user.locale);
  const formData = await request.formData();
  const values: Record<string, string> = {};
  for (const name of TEXT_FIELDS) values[name] = String(formData.get(name) ?? '').trim();
  const description: Record<string, string> = {};
  const hours: Record<string, string> = {};
  for (const code of SUPPORTED_LOCALES) {
    values[`description_${code}`] = String(formData.get(`description_${code}`) ?? '').trim();
    values[`hours_${code}`] = String(formData.get(`hours_${code}`) ?? '').trim();
    if (values[`description_${code}`]) description[code] = values[`description_${code}`];
    if (values[`hours_${code}`]) hours[code] = values[`hours_${code}`];
  }
  const checked = validate(
    crisisResourceSchema,
    {
      country: values.country,
      municipality: values.municipality || null,
      name: values.name,
      description,
      phone: values.phone || null,
      url: values.url || null,
      hours,
      position: values.position ? Number(values.position) : 0,
    },
    t,
  );
  if (!checked.ok) return data<ResourceActionData>({ errors: checked.errors, values }, { status: 400 });
  const isNew = params.id === 'new';
  if (!isNew && !UUID.test(params.id ?? '')) throw new Response(null, { status: 404 });
  const result = await api(request, isNew ? '/api/admin/crisis-resources' : `/api/admin/crisis-resources/${params.id}`, {
    method: isNew ? 'POST' : 'PUT',
    body: checked.data,
    locale: user.locale,
  });
  if (!result.ok) return data<ResourceActionData>({ errors: problemErrors(result, t), values }, { status: result.status });
  return localRedirect('/admin#resources-title');
}

export default function ResourcePage() {
  const { t } = useTranslation('moderation');
  const { resource } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>() as ResourceActionData | undefined;
  const busy = useNavigation().state === 'submitting';
  const errors = actionData?.errors.fieldErrors ?? {};
  const value = (name: string, current: string | number | null | undefined) => actionData?.values[name] ?? (current === null || current === undefined ? '' : String(current));
  return (
    <div className="narrow-wide">
      <p className="breadcrumb">
        <Link to="/admin">{t('back.toAdmin')}</Link>
      </p>
      <h1>{resource ? t('admin.editResourceTitle', { name: resource.name }) : t('admin.newResourceTitle')}</h1>
      <ErrorSummary formError={actionData?.errors.formError} fieldErrors={errors} />
      <Form method="post" noValidate className="form">
        <SelectField name="country" label={t('admin.country')} error={errors.country} defaultValue={value('country', resource?.country ?? 'general')}>
          {CRISIS_COUNTRIES.map((code) => (
            <option key={code} value={code}>
              {countryLabel(t, code)}
            </option>
          ))}
        </SelectField>
        <TextField name="municipality" label={t('admin.municipality')} hint={t('admin.municipalityHint')} error={errors.municipality} defaultValue={value('municipality', resource?.municipality)} maxLength={100} />
        <TextField name="name" label={t('admin.name')} error={errors.name} defaultValue={value('name', resource?.name)} maxLength={200} required />
        <TextField name="phone" type="tel" label={t('admin.phone')} error={errors.phone} defaultValue={value('phone', resource?.phone)} maxLength={40} />
        <TextField name="url" type="url" label={t('admin.url')} error={errors.url} defaultValue={value('url', resource?.url)} />
        <TextField name="position" type="number" inputMode="numeric" min={0} max={1000} label={t('admin.position')} hint={t('admin.positionHint')} error={errors.position} defaultValue={value('position', resource?.position ?? 0)} />
        {SUPPORTED_LOCALES.map((code) => (
          <fieldset key={code} className="field translation-group">
            <legend>{LOCALE_NAMES[code]}</legend>
            <TextAreaField
              name={`description_${code}`}
              label={t('admin.descriptionIn', { language: LOCALE_NAMES[code] })}
              error={errors[`description_${code}`]}
              defaultValue={value(`description_${code}`, resource?.description[code])}
              rows={3}
              maxLength={2000}
            />
            <TextField
              name={`hours_${code}`}
              label={t('admin.hoursIn', { language: LOCALE_NAMES[code] })}
              error={errors[`hours_${code}`]}
              defaultValue={value(`hours_${code}`, resource?.hours[code])}
              maxLength={2000}
            />
          </fieldset>
        ))}
        <div className="button-row">
          <button type="submit" className="button" disabled={busy}>
            {resource ? t('admin.saveResource') : t('admin.addResource')}
          </button>
          <Link to="/admin">{t('admin.cancel')}</Link>
        </div>
      </Form>
    </div>
  );
}

export function ErrorBoundary() {
  return <GeneralErrorBoundary />;
}
