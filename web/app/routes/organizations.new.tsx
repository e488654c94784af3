import { data, redirect, type ActionFunctionArgs, type LinksFunction, type LoaderFunctionArgs } from '@remix-run/node';
import { Form, useActionData } from '@remix-run/react';
import { useTranslation } from 'react-i18next';
import { ORG_IDENTIFIER_SCHEMES, SUPPORTED_LOCALES, createOrganizationSchema } from '@sorstars/shared';
import { api } from '~/utils/api.server';
import { requireUser } from '~/utils/session.server';
import { resolveLocale } from '~/utils/i18n.server';
import { problemErrors, readFields, translatorFor, validate, type FormErrors } from '~/utils/forms.server';
import { organizationSchema } from '~/utils/resources.server';
import type { RouteHandle } from '~/utils/route-handle';
import { GeneralErrorBoundary } from '~/components/ui/GeneralErrorBoundary';
import { TextField } from '~/components/ui/TextField';
import { TextAreaField } from '~/components/ui/TextAreaField';
import { SelectField } from '~/components/ui/SelectField';
import { ErrorSummary } from '~/components/ui/ErrorSummary';
import { languageName } from '~/components/resources/format';
import { CheckboxGroup } from '~/components/resources/CheckboxGroup';
import { SCHEME_KEYS } from '~/components/resources/labels';
import resourcesStyles from '~/components/resources/resources.css?url';

export const links: LinksFunction = () => [{ rel: 'stylesheet', href: resourcesStyles }];

export const handle: RouteHandle = {
  title: (t) => t('new.pageTitle', { ns: 'organizations' }),
};

const FIELDS = ['name', 'description', 'url', 'email', 'phone', 'scheme', 'identifier'] as const;

export async function loader({ request }: LoaderFunctionArgs) {
  await requireUser(request);
  return null;
}

/** The person who registers an organisation becomes its admin; a platform admin verifies it later. */
export async function action({ request }: ActionFunctionArgs) {
  const user = await requireUser(request);
  const locale = await resolveLocale(request, user.locale);
  const t = await translatorFor(locale);
  const form = await request.formData();
  const values = readFields(form, FIELDS);
  const languages = form.getAll('languages').map(String);
  const optional = (value: string | undefined) => (value?.trim() ? value.trim() : undefined);
  const body = {
    name: values.name ?? '',
    description: values.description ?? '',
    url: optional(values.url),
    email: optional(values.email),
    phone: optional(values.phone),
    identifiers: values.identifier?.trim() ? [{ scheme: values.scheme, identifier: values.identifier.trim() }] : undefined,
    languages: languages.length ? languages : undefined,
  };
  const checked = validate(createOrganizationSchema, body, t);
  // The identifier's own messages (scheme, check digits) belong next to the identifier field.
  const fix = (errors: FormErrors): FormErrors => {
    const { identifiers, ...rest } = errors.fieldErrors;
    return { formError: errors.formError, fieldErrors: identifiers ? { ...rest, identifier: identifiers } : rest };
  };
  if (!checked.ok) return data({ errors: fix(checked.errors), values, languages }, { status: 400 });
  const result = await api(request, '/api/organizations', { method: 'POST', body: checked.data, schema: organizationSchema, locale });
  if (!result.ok) return data({ errors: fix(problemErrors(result, t)), values, languages }, { status: result.status });
  return redirect(`/organizations/${result.data.slug}?registered=1`);
}

export default function NewOrganizationPage() {
  const answer = useActionData<typeof action>();
  const { t, i18n } = useTranslation('organizations');
  const values: Record<string, string> = answer?.values ?? {};
  const languages = answer?.languages ?? [i18n.language];
  const errors = answer?.errors?.fieldErrors ?? {};
  return (
    <div className="narrow-wide">
      <h1>{t('new.title')}</h1>
      <p className="lead">{t('new.lead')}</p>
      <Form method="post" className="editor" noValidate>
        <ErrorSummary formError={answer?.errors?.formError} fieldErrors={errors} />
        <TextField name="name" label={t('fields.name')} defaultValue={values.name} error={errors.name} required maxLength={200} />
        <TextAreaField name="description" label={t('fields.description')} hint={t('fields.descriptionHint')} defaultValue={values.description} error={errors.description} rows={4} />
        <TextField name="url" label={t('fields.url')} type="url" defaultValue={values.url} error={errors.url} />
        <TextField name="email" label={t('fields.email')} type="email" defaultValue={values.email} error={errors.email} />
        <TextField name="phone" label={t('fields.phone')} type="tel" defaultValue={values.phone} error={errors.phone} />
        <fieldset>
          <legend>{t('fields.identifier')}</legend>
          <p className="field__hint">{t('fields.identifierHint')}</p>
          <SelectField name="scheme" label={t('fields.scheme')} defaultValue={values.scheme ?? ORG_IDENTIFIER_SCHEMES[0]}>
            {ORG_IDENTIFIER_SCHEMES.map((scheme) => (
              <option key={scheme} value={scheme}>
                {t(SCHEME_KEYS[scheme])}
              </option>
            ))}
          </SelectField>
          <TextField name="identifier" label={t('fields.identifierNumber')} defaultValue={values.identifier} error={errors.identifier} autoComplete="off" />
        </fieldset>
        <CheckboxGroup
          id="languages"
          name="languages"
          legend={t('fields.languages')}
          options={SUPPORTED_LOCALES.map((code) => ({ value: code, label: languageName(code, i18n.language) }))}
          checked={languages}
          error={errors.languages}
        />
        <button type="submit" className="button">
          {t('new.submit')}
        </button>
      </Form>
    </div>
  );
}

export function ErrorBoundary() {
  return <GeneralErrorBoundary />;
}
