import { data, type ActionFunctionArgs, type LinksFunction, type LoaderFunctionArgs } from '@remix-run/node';
import { Form, Link, useActionData, useLoaderData, useNavigation } from '@remix-run/react';
import { useTranslation } from 'react-i18next';
import { FEEDBACK_CODES_PER_REQUEST, FEEDBACK_MIN_ANSWERS, FEEDBACK_QUESTIONS, feedbackCodesSchema, feedbackFormSchema } from '@sorstars/shared';
import { api } from '~/utils/api.server';
import { requireUser } from '~/utils/session.server';
import { problemErrors, translatorFor, validate, type FormErrors } from '~/utils/forms.server';
import { feedbackForm, feedbackSummarySchema, managedEvent } from '~/utils/event-extras.server';
import type { RouteHandle } from '~/utils/route-handle';
import { GeneralErrorBoundary } from '~/components/ui/GeneralErrorBoundary';
import { ErrorSummary } from '~/components/ui/ErrorSummary';
import { TextField } from '~/components/ui/TextField';
import { formatDay, isoWithOffset, localDate, zonedToInstant } from '~/components/events/time';
import { numberFormat } from '~/utils/intl-format';
import eventsStyles from '~/components/events/events.css?url';

export const links: LinksFunction = () => [{ rel: 'stylesheet', href: eventsStyles }];

export const handle: RouteHandle = {
  title: (t) => t('feedback.resultsPageTitle', { ns: 'events' }),
};

const DAY = 86_400_000;

export async function loader({ request, params }: LoaderFunctionArgs) {
  const user = await requireUser(request);
  const event = await managedEvent(request, params.id ?? '', user.locale);
  const form = await feedbackForm(request, event.id, user.locale);
  const summary = form ? await api(request, `/api/events/${event.id}/feedback/summary`, { schema: feedbackSummarySchema, locale: user.locale }) : null;
  return {
    event: { id: event.id, title: event.title, endsAt: event.endsAt, timezone: event.timezone },
    form,
    summary: summary?.ok ? summary.data : null,
    origin: new URL(request.url).origin,
  };
}

type ActionData = { intent: 'setup' | 'codes'; errors?: FormErrors; codes?: string[]; done?: boolean };

export async function action({ request, params }: ActionFunctionArgs) {
  const user = await requireUser(request);
  const t = await translatorFor(user.locale);
  const event = await managedEvent(request, params.id ?? '', user.locale);
  const form = await request.formData();
  const intent = form.get('intent') === 'codes' ? 'codes' : 'setup';
  const fail = (errors: FormErrors, status: number) => data<ActionData>({ intent, errors }, { status });
  if (intent === 'codes') {
    const checked = validate(feedbackCodesSchema, { count: Number(form.get('count') ?? '') }, t);
    if (!checked.ok) return fail(checked.errors, 400);
    const result = await api<{ codes: string[] }>(request, `/api/events/${event.id}/feedback/codes`, {
      method: 'POST',
      body: checked.data,
      locale: user.locale,
      schema: { safeParse: (v) => (Array.isArray((v as { codes?: unknown })?.codes) ? { success: true, data: v as { codes: string[] } } : { success: false, error: v }) },
    });
    if (!result.ok) return fail(problemErrors(result, t), result.status);
    return data<ActionData>({ intent, codes: result.data.codes });
  }
  const closesOn = String(form.get('closesOn') ?? '');
  const closes = zonedToInstant(closesOn, '23:59', event.timezone);
  const body = { questions: form.getAll('questions').map(String), closesAt: closes ? isoWithOffset(closes, event.timezone) : '' };
  const checked = validate(feedbackFormSchema, body, t);
  if (!checked.ok) return fail({ ...checked.errors, fieldErrors: renameField(checked.errors.fieldErrors) }, 400);
  const result = await api(request, `/api/events/${event.id}/feedback`, { method: 'PUT', body: checked.data, locale: user.locale });
  if (!result.ok) {
    const errors = problemErrors(result, t);
    return fail({ ...errors, fieldErrors: renameField(errors.fieldErrors) }, result.status);
  }
  return data<ActionData>({ intent, done: true });
}

/** The API names `closesAt`/`opensAt`; the form has one date field for both. */
function renameField(fieldErrors: Record<string, string>) {
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(fieldErrors)) out[k === 'closesAt' || k === 'opensAt' ? 'closesOn' : /^\d+$/.test(k) ? 'questions' : k] ??= v;
  return out;
}

export default function FeedbackResultsPage() {
  const { event, form, summary, origin } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const { t, i18n } = useTranslation('events');
  const busy = useNavigation().state === 'submitting';
  const locale = i18n.language;
  const setup = actionData?.intent === 'setup' ? actionData : undefined;
  const codes = actionData?.intent === 'codes' ? actionData : undefined;
  const setupErrors = setup?.errors?.fieldErrors ?? {};
  const defaultClose = form ? localDate(form.closesAt, event.timezone) : localDate(new Date(Date.parse(event.endsAt) + 14 * DAY).toISOString(), event.timezone);
  const number = numberFormat(locale, { maximumFractionDigits: 1 });
  return (
    <div className="narrow-wide">
      <p className="breadcrumb">
        <Link to={`/events/${event.id}`}>
          <span aria-hidden="true">← </span>
          {event.title}
        </Link>
      </p>
      <h1>{t('feedback.resultsPageTitle')}</h1>
      <p className="lead">{t('feedback.setupLead', { min: FEEDBACK_MIN_ANSWERS })}</p>

      <section aria-labelledby="setup-title" className="event__section">
        <h2 id="setup-title">{t('feedback.setupTitle')}</h2>
        {setup?.done ? (
          <p className="notice" role="status">
            {t('feedback.saved')}
          </p>
        ) : null}
        {setup?.errors ? <ErrorSummary formError={setup.errors.formError} fieldErrors={setupErrors} /> : null}
        <Form method="post" className="form" noValidate>
          <input type="hidden" name="intent" value="setup" />
          <fieldset className="field" aria-describedby={setupErrors.questions ? 'questions-error' : undefined}>
            <legend>{t('feedback.chooseQuestions')}</legend>
            {setupErrors.questions ? (
              <p className="field__error" id="questions-error">
                {setupErrors.questions}
              </p>
            ) : null}
            {FEEDBACK_QUESTIONS.map((q, i) => (
              <div className="choice" key={q}>
                <input type="checkbox" id={i === 0 ? 'questions' : `question-${q}`} name="questions" value={q} defaultChecked={form ? form.questions.includes(q) : q !== 'recommend'} />
                <label htmlFor={i === 0 ? 'questions' : `question-${q}`}>{t(`feedback.questions.${q}`)}</label>
              </div>
            ))}
          </fieldset>
          <TextField name="closesOn" type="date" label={t('feedback.closesOn')} hint={t('feedback.closesHint', { date: formatDay(event.endsAt, locale, event.timezone) })} defaultValue={defaultClose} error={setupErrors.closesOn} required />
          <button type="submit" className="button" disabled={busy}>
            {form ? t('feedback.update') : t('feedback.create')}
          </button>
        </Form>
        {form ? (
          <p>
            {form.open ? t('feedback.isOpen', { date: formatDay(form.closesAt, locale, event.timezone) }) : t('feedback.window', { from: formatDay(form.opensAt, locale, event.timezone), to: formatDay(form.closesAt, locale, event.timezone) })}{' '}
            <Link to={`/events/${event.id}/feedback`}>{t('feedback.seeForm')}</Link>
          </p>
        ) : null}
      </section>

      {form ? (
        <section aria-labelledby="codes-title" className="event__section">
          <h2 id="codes-title">{t('feedback.codesTitle')}</h2>
          <p>{t('feedback.codesLead')}</p>
          {codes?.errors ? <ErrorSummary formError={codes.errors.formError} fieldErrors={codes.errors.fieldErrors} /> : null}
          {codes?.codes ? (
            <>
              <p className="notice" role="status">
                {t('feedback.codesShownOnce')}
              </p>
              <ul className="plain-list" data-testid="feedback-codes">
                {codes.codes.map((c) => (
                  <li key={c} className="plain-list__item">
                    <code>{`${origin}/events/${event.id}/feedback?code=${c}`}</code>
                  </li>
                ))}
              </ul>
            </>
          ) : null}
          <Form method="post" className="form" noValidate>
            <input type="hidden" name="intent" value="codes" />
            <TextField name="count" type="number" inputMode="numeric" min={1} max={FEEDBACK_CODES_PER_REQUEST} label={t('feedback.codesCount')} defaultValue="10" error={codes?.errors?.fieldErrors.count} required />
            <button type="submit" className="button button--secondary" disabled={busy}>
              {t('feedback.makeCodes')}
            </button>
          </Form>
        </section>
      ) : null}

      {summary ? (
        <section aria-labelledby="results-title" className="event__section" data-testid="feedback-results">
          <h2 id="results-title">{t('feedback.resultsTitle')}</h2>
          <p>{t('feedback.answeredCount', { count: summary.answered })}</p>
          {!summary.enough ? (
            <p className="notice">{t('feedback.notEnough', { min: FEEDBACK_MIN_ANSWERS })}</p>
          ) : (
            <>
              {summary.usefulness ? (
                <>
                  <h3>{t('feedback.questions.usefulness')}</h3>
                  <p>{t('feedback.mean', { mean: summary.usefulness.mean === null ? '—' : number.format(summary.usefulness.mean) })}</p>
                  <ul className="feedback-bars">
                    {summary.usefulness.distribution.map((n, i) => (
                      <li key={i}>{t('feedback.scoreCount', { score: i + 1, count: n })}</li>
                    ))}
                  </ul>
                </>
              ) : null}
              {summary.recommend ? (
                <>
                  <h3>{t('feedback.questions.recommend')}</h3>
                  <p>{t('feedback.recommendCounts', { yes: summary.recommend.yes, no: summary.recommend.no })}</p>
                </>
              ) : null}
              {(['willUse', 'missing'] as const).map((q) =>
                summary.questions.includes(q) ? (
                  <div key={q}>
                    <h3>{t(`feedback.questions.${q}`)}</h3>
                    {summary[q].length === 0 ? (
                      <p className="muted">{t('feedback.noText')}</p>
                    ) : (
                      <ul className="plain-list">
                        {summary[q].map((text, i) => (
                          <li key={i} className="plain-list__item">
                            {text}
                          </li>
                        ))}
                      </ul>
                    )}
                  </div>
                ) : null,
              )}
            </>
          )}
        </section>
      ) : null}
    </div>
  );
}

export function ErrorBoundary() {
  return <GeneralErrorBoundary />;
}
