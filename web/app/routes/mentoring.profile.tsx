import { data, type ActionFunctionArgs, type LoaderFunctionArgs } from '@remix-run/node';
import { Form, Link, useActionData, useLoaderData } from '@remix-run/react';
import { useTranslation } from 'react-i18next';
import { MENTOR_CAPACITY_MAX, MENTORING_EXPERIENCES, MENTORING_ROLES, mentoringProfileSchema } from '@sorstars/shared';
import { api } from '~/utils/api.server';
import { requireUser } from '~/utils/session.server';
import { problemErrors, readFields, translatorFor, validate } from '~/utils/forms.server';
import { profileParser } from '~/utils/mentoring.server';
import type { RouteHandle } from '~/utils/route-handle';
import { ErrorSummary } from '~/components/ui/ErrorSummary';
import { GeneralErrorBoundary } from '~/components/ui/GeneralErrorBoundary';
import { SelectField } from '~/components/ui/SelectField';
import { TextAreaField } from '~/components/ui/TextAreaField';
import { TextField } from '~/components/ui/TextField';
import { CheckboxGroup } from '~/components/resources/CheckboxGroup';
import { EXPERIENCE_KEYS, ROLE_KEYS } from '~/components/mentoring/labels';

export const handle: RouteHandle = { title: (t) => t('profile.title', { ns: 'mentoring' }) };

export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requireUser(request);
  const result = await api(request, '/api/mentoring/profile', { schema: profileParser, locale: user.locale });
  if (!result.ok) throw new Response(result.problem.detail, { status: result.status });
  return { profile: result.data };
}

export async function action({ request }: ActionFunctionArgs) {
  const user = await requireUser(request);
  const t = await translatorFor(user.locale);
  const form = await request.formData();
  const v = readFields(form, ['role', 'languages', 'city', 'availability', 'about', 'capacity', 'visibility']);
  const body = {
    role: v.role,
    languages: (v.languages ?? '').split(/[\s,;]+/).filter(Boolean),
    city: v.city ?? '',
    availability: v.availability ?? '',
    about: v.about ?? '',
    capacity: v.capacity,
    visibility: v.visibility,
    experiences: form.getAll('experiences').map(String),
    open: form.get('open') === 'on',
  };
  const checked = validate(mentoringProfileSchema, body, t);
  if (!checked.ok) return data({ errors: checked.errors, saved: false }, { status: 400 });
  const result = await api(request, '/api/mentoring/profile', { method: 'PUT', body: checked.data, schema: profileParser, locale: user.locale });
  if (!result.ok) return data({ errors: problemErrors(result, t), saved: false }, { status: result.status });
  return { errors: null, saved: true };
}

export default function MentoringProfilePage() {
  const { profile } = useLoaderData<typeof loader>();
  const answer = useActionData<typeof action>();
  const { t } = useTranslation('mentoring');
  const errors = answer?.errors?.fieldErrors ?? {};
  return (
    <div className="narrow mentoring">
      <p>
        <Link to="/mentoring">{t('match.back')}</Link>
      </p>
      <h1>{t('profile.title')}</h1>
      <p className="lead">{t('profile.intro')}</p>
      {answer?.saved ? (
        <p role="status" className="notice">
          {t('profile.saved')}
        </p>
      ) : null}
      {profile.trainedBy.map((o) => (
        <p key={o.id} className="tag mentoring-trained">
          {t('profile.trainedBy', { name: o.name })}
        </p>
      ))}
      <Form method="post" className="editor" noValidate>
        {answer?.errors ? <ErrorSummary formError={answer.errors.formError} fieldErrors={errors} /> : null}
        <SelectField name="role" label={t('profile.role')} defaultValue={profile.role} error={errors.role}>
          {MENTORING_ROLES.map((r) => (
            <option key={r} value={r}>
              {t(ROLE_KEYS[r])}
            </option>
          ))}
        </SelectField>
        <TextField name="languages" label={t('profile.languages')} hint={t('profile.languagesHint')} defaultValue={profile.languages.join(', ')} error={errors.languages} autoComplete="off" />
        <TextField name="city" label={t('profile.city')} defaultValue={profile.city ?? ''} error={errors.city} maxLength={100} />
        <CheckboxGroup
          id="experiences"
          name="experiences"
          legend={t('profile.experiences')}
          options={MENTORING_EXPERIENCES.map((e) => ({ value: e, label: t(EXPERIENCE_KEYS[e]) }))}
          checked={profile.experiences}
          error={errors.experiences}
        />
        <TextAreaField name="about" label={t('profile.about')} defaultValue={profile.about ?? ''} error={errors.about} rows={3} maxLength={1000} />
        <TextField name="availability" label={t('profile.availability')} defaultValue={profile.availability ?? ''} error={errors.availability} maxLength={300} />
        <TextField name="capacity" label={t('profile.capacity')} type="number" min={1} max={MENTOR_CAPACITY_MAX} defaultValue={String(profile.capacity)} error={errors.capacity} />
        <div className="field--checkbox">
          <input type="checkbox" id="open" name="open" defaultChecked={profile.open} />
          <label htmlFor="open">{t('profile.open')}</label>
        </div>
        <SelectField name="visibility" label={t('profile.visibility')} defaultValue={profile.visibility} error={errors.visibility}>
          <option value="members">{t('profile.visibilityMembers')}</option>
          <option value="matches">{t('profile.visibilityMatches')}</option>
        </SelectField>
        <button type="submit" className="button">
          {t('profile.save')}
        </button>
      </Form>
    </div>
  );
}

export function ErrorBoundary() {
  return <GeneralErrorBoundary />;
}
