import { data, type ActionFunctionArgs, type LoaderFunctionArgs } from '@remix-run/node';
import { Form, Link, useActionData, useNavigation } from '@remix-run/react';
import { useTranslation } from 'react-i18next';
import { createSpaceSchema, spaceSchema } from '@sorstars/shared';
import { api } from '~/utils/api.server';
import { requireUser } from '~/utils/session.server';
import { problemErrors, readFields, translatorFor, validate, type FormFailure } from '~/utils/forms.server';
import type { RouteHandle } from '~/utils/route-handle';
import { SpaceFields, spaceInput } from '~/components/spaces/SpaceFields';
import { ErrorSummary } from '~/components/ui/ErrorSummary';
import { GeneralErrorBoundary } from '~/components/ui/GeneralErrorBoundary';
import { localRedirect } from '~/utils/redirect.server';

export const handle: RouteHandle = {
  title: (t) => t('create.pageTitle', { ns: 'spaces' }),
};

const FIELDS = ['name', 'description', 'visibility', 'language', 'guidelines'] as const;

export async function loader({ request }: LoaderFunctionArgs) {
  await requireUser(request);
  return null;
}

export async function action({ request }: ActionFunctionArgs) {
  const user = await requireUser(request);
  const t = await translatorFor(user.locale);
  const values = readFields(await request.formData(), FIELDS);
  const checked = validate(createSpaceSchema, spaceInput(values), t);
  if (!checked.ok) return data<FormFailure>({ errors: checked.errors, values }, { status: 400 });
  const { guidelines, ...rest } = checked.data;
  const body = { ...rest, ...(guidelines ? { guidelines } : {}) };
  const result = await api(request, '/api/spaces', { method: 'POST', body, schema: spaceSchema, locale: user.locale });
  if (!result.ok) return data<FormFailure>({ errors: problemErrors(result, t), values }, { status: result.status });
  return localRedirect(`/spaces/${result.data.slug}?created=1`);
}

export default function NewSpacePage() {
  const { t } = useTranslation('spaces');
  const failure = useActionData<typeof action>();
  const busy = useNavigation().state === 'submitting';
  const errors = failure?.errors.fieldErrors ?? {};
  return (
    <section className="narrow-wide" aria-labelledby="create-title">
      <p>
        <Link to="/spaces">{t('back.toDirectory')}</Link>
      </p>
      <h1 id="create-title">{t('create.title')}</h1>
      <p className="lead">{t('create.intro')}</p>
      <ErrorSummary formError={failure?.errors.formError} fieldErrors={errors} fieldId={(name) => (name === 'visibility' ? 'visibility-public' : name)} />
      <Form method="post" noValidate className="form">
        <SpaceFields values={failure?.values ?? {}} errors={errors} />
        <button type="submit" className="button" disabled={busy}>
          {t('create.submit')}
        </button>
      </Form>
    </section>
  );
}

export function ErrorBoundary() {
  return <GeneralErrorBoundary />;
}
