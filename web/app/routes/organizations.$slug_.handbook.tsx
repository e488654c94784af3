import { data, redirect, type ActionFunctionArgs, type LoaderFunctionArgs } from '@remix-run/node';
import { Form, Link, useActionData, useLoaderData } from '@remix-run/react';
import { useTranslation } from 'react-i18next';
import { HANDBOOK_LICENCES, LOCALE_NAMES, SUPPORTED_LOCALES } from '@sorstars/shared';
import { api } from '~/utils/api.server';
import { requireUser } from '~/utils/session.server';
import { resolveLocale } from '~/utils/i18n.server';
import { problemErrors, translatorFor, type FormErrors } from '~/utils/forms.server';
import { organizationSchema } from '~/utils/resources.server';
import { editionListSchema, editionSchema } from '~/utils/handbook.server';
import { dateTimeFormat } from '~/utils/intl-format';
import type { RouteHandle } from '~/utils/route-handle';
import { LICENCE_KEY, STATUS_KEY } from '~/components/handbook/labels';
import { GeneralErrorBoundary } from '~/components/ui/GeneralErrorBoundary';
import { ErrorSummary } from '~/components/ui/ErrorSummary';
import { SelectField } from '~/components/ui/SelectField';
import { TextField } from '~/components/ui/TextField';
import { TextAreaField } from '~/components/ui/TextAreaField';

export const handle: RouteHandle = { title: (t) => t('staff.title', { ns: 'handbook' }) };

async function organizationFor(request: Request, slug: string | undefined, locale: string) {
  if (!slug || !/^[a-z0-9-]{1,120}$/i.test(slug)) throw new Response(null, { status: 404 });
  const found = await api(request, `/api/organizations/${encodeURIComponent(slug)}`, { schema: organizationSchema, locale });
  if (!found.ok) throw new Response(null, { status: found.status === 404 ? 404 : 503 });
  return found.data;
}

/** The organisation's editions; staff only (everyone else gets the API's "not found"). */
export async function loader({ request, params }: LoaderFunctionArgs) {
  const user = await requireUser(request);
  const locale = await resolveLocale(request, user.locale);
  const organization = await organizationFor(request, params.slug, locale);
  const list = await api(request, `/api/organizations/${organization.id}/handbook-editions`, { schema: editionListSchema, locale });
  if (!list.ok) throw new Response(null, { status: list.status === 404 ? 404 : 503 });
  return { organization, items: list.data.items, locale };
}

type ActionResult = { errors: FormErrors; values: Record<string, string> };

export async function action({ request, params }: ActionFunctionArgs) {
  const user = await requireUser(request);
  const locale = await resolveLocale(request, user.locale);
  const t = await translatorFor(locale);
  const organization = await organizationFor(request, params.slug, locale);
  const form = await request.formData();
  const values = { title: String(form.get('title') ?? ''), introduction: String(form.get('introduction') ?? ''), licence: String(form.get('licence') ?? '') };
  const languages = form.getAll('languages').map(String);
  const created = await api(request, '/api/handbook/editions', {
    method: 'POST',
    body: { organizationId: organization.id, title: values.title, languages, introduction: values.introduction, licence: values.licence || undefined },
    schema: editionSchema,
    locale,
  });
  if (created.ok) return redirect(`/handbook/${created.data.id}/edit`);
  return data<ActionResult>({ errors: problemErrors(created, t), values }, { status: created.status });
}

export default function OrganizationHandbookPage() {
  const { organization, items, locale } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>() as ActionResult | undefined;
  const { t } = useTranslation('handbook');
  const day = dateTimeFormat(locale, { dateStyle: 'long' });
  const errors = actionData?.errors;
  return (
    <article aria-labelledby="editions-title">
      <h1 id="editions-title">{t('staff.title')}</h1>
      <p>
        <Link to={`/organizations/${organization.slug}`}>{organization.name}</Link>
      </p>
      <p>{t('staff.intro')}</p>
      {items.length === 0 ? (
        <p>{t('staff.empty')}</p>
      ) : (
        <ul className="card-list">
          {items.map((e) => (
            <li key={e.id} className="card">
              <h2>
                <Link to={`/handbook/${e.id}/edit`}>{e.title}</Link>
              </h2>
              <p>
                {t(STATUS_KEY[e.status])} · {t('public.stories', { count: e.storyCount })}
                {e.publishAt && e.status === 'frozen' ? ` · ${t('mine.publishOn', { date: day.format(new Date(e.publishAt)) })}` : ''}
              </p>
            </li>
          ))}
        </ul>
      )}
      <section aria-labelledby="new-edition-title">
        <h2 id="new-edition-title">{t('staff.newTitle')}</h2>
        <ErrorSummary formError={errors?.formError} fieldErrors={errors?.fieldErrors} />
        <Form method="post">
          <TextField name="title" label={t('staff.fieldTitle')} required maxLength={200} defaultValue={actionData?.values.title} error={errors?.fieldErrors.title} />
          <fieldset>
            <legend>{t('staff.fieldLanguages')}</legend>
            {SUPPORTED_LOCALES.map((l) => (
              <label key={l} className="checkbox">
                <input type="checkbox" name="languages" value={l} defaultChecked={l === locale} /> {LOCALE_NAMES[l]}
              </label>
            ))}
            {errors?.fieldErrors.languages ? <p className="field-error">{errors.fieldErrors.languages}</p> : null}
          </fieldset>
          <TextAreaField name="introduction" label={t('staff.fieldIntroduction')} hint={t('staff.introductionHelp')} rows={5} defaultValue={actionData?.values.introduction} error={errors?.fieldErrors.introduction} />
          <SelectField name="licence" label={t('staff.fieldLicence')} defaultValue={actionData?.values.licence || 'CC-BY-SA-4.0'}>
            {HANDBOOK_LICENCES.map((l) => (
              <option key={l} value={l}>
                {t(LICENCE_KEY[l])}
              </option>
            ))}
          </SelectField>
          <button type="submit" className="button">
            {t('staff.create')}
          </button>
        </Form>
      </section>
    </article>
  );
}

export function ErrorBoundary() {
  return <GeneralErrorBoundary />;
}
