import { data, redirect, type ActionFunctionArgs, type LoaderFunctionArgs } from '@remix-run/node';
import { Form, Link, useActionData, useLoaderData } from '@remix-run/react';
import { useTranslation } from 'react-i18next';
import { createMatchSchema } from '@sorstars/shared';
import { api } from '~/utils/api.server';
import { requireUser } from '~/utils/session.server';
import { problemErrors, translatorFor, validate } from '~/utils/forms.server';
import { matchParser, suggestionsParser } from '~/utils/mentoring.server';
import { nameOf } from '~/components/mentoring/names';
import type { RouteHandle } from '~/utils/route-handle';
import { ErrorSummary } from '~/components/ui/ErrorSummary';
import { GeneralErrorBoundary } from '~/components/ui/GeneralErrorBoundary';
import { TextAreaField } from '~/components/ui/TextAreaField';
import { displayNames } from '~/utils/intl-format';

export const handle: RouteHandle = { title: (t) => t('find.title', { ns: 'mentoring' }) };

export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requireUser(request);
  const result = await api(request, '/api/mentoring/suggestions', { schema: suggestionsParser, locale: user.locale });
  if (!result.ok) throw new Response(result.problem.detail, { status: result.status });
  return { suggestions: result.data.items };
}

export async function action({ request }: ActionFunctionArgs) {
  const user = await requireUser(request);
  const t = await translatorFor(user.locale);
  const form = await request.formData();
  const intro = String(form.get('intro') ?? '');
  const checked = validate(createMatchSchema, { mentorId: String(form.get('mentorId') ?? ''), intro: intro || undefined }, t);
  if (!checked.ok) return data({ errors: checked.errors }, { status: 400 });
  const result = await api(request, '/api/mentoring/matches', { method: 'POST', body: checked.data, schema: matchParser, locale: user.locale });
  if (!result.ok) return data({ errors: problemErrors(result, t) }, { status: result.status });
  return redirect(`/mentoring/matches/${result.data.id}?asked=1`);
}

export default function FindMentorPage() {
  const { suggestions } = useLoaderData<typeof loader>();
  const answer = useActionData<typeof action>();
  const { t, i18n } = useTranslation('mentoring');
  const languages = displayNames(i18n.language, { type: 'language', fallback: 'code' });
  return (
    <div className="narrow mentoring">
      <p>
        <Link to="/mentoring">{t('match.back')}</Link>
      </p>
      <h1>{t('find.title')}</h1>
      <p className="lead">{t('find.intro')}</p>
      <p>
        <Link to="/mentoring/profile">{t('find.fillProfile')}</Link>
      </p>
      {answer?.errors ? <ErrorSummary formError={answer.errors.formError} fieldErrors={answer.errors.fieldErrors} /> : null}
      {suggestions.length === 0 ? <p>{t('find.none')}</p> : null}
      <ul className="mentoring-list" data-testid="mentor-suggestions">
        {suggestions.map((s) => (
          <li key={s.userId} className="mentoring-card">
            <h2 className="mentoring-card__title">{nameOf(s)}</h2>
            {s.trainedBy.map((o) => (
              <p key={o.id} className="tag mentoring-trained">
                {t('profile.trainedBy', { name: o.name })}
              </p>
            ))}
            <h3 className="mentoring-why__title">{t('find.why')}</h3>
            <ul className="mentoring-why">
              {s.why.map((w) => (
                <li key={w}>{w}</li>
              ))}
            </ul>
            {s.about ? <p className="mentoring-card__intro">{s.about}</p> : null}
            {s.languages.length > 0 ? <p className="mentoring-card__meta">{s.languages.map((l) => languages.of(l) ?? l).join(', ')}</p> : null}
            <Form method="post" className="editor">
              <input type="hidden" name="mentorId" value={s.userId} />
              <TextAreaField name="intro" id={`intro-${s.userId}`} label={t('find.hello')} rows={2} maxLength={1000} />
              <button type="submit" className="button">
                {t('find.ask', { name: nameOf(s) })}
              </button>
            </Form>
          </li>
        ))}
      </ul>
    </div>
  );
}

export function ErrorBoundary() {
  return <GeneralErrorBoundary />;
}
