import { data, type ActionFunctionArgs, type LinksFunction, type LoaderFunctionArgs } from '@remix-run/node';
import { Form, Link, useActionData, useLoaderData, useNavigation } from '@remix-run/react';
import { useTranslation } from 'react-i18next';
import { FEEDBACK_TEXT_MAX, feedbackAnswerSchema, type FeedbackQuestion } from '@sorstars/shared';
import { api } from '~/utils/api.server';
import { getCurrentUser } from '~/utils/session.server';
import { resolveLocale } from '~/utils/i18n.server';
import { problemErrors, translatorFor, validate, type FormErrors } from '~/utils/forms.server';
import { eventDetailsSchema } from '~/utils/events.server';
import { feedbackForm } from '~/utils/event-extras.server';
import type { RouteHandle } from '~/utils/route-handle';
import { GeneralErrorBoundary } from '~/components/ui/GeneralErrorBoundary';
import { ErrorSummary } from '~/components/ui/ErrorSummary';
import { TextAreaField } from '~/components/ui/TextAreaField';
import { TextField } from '~/components/ui/TextField';
import { formatDay } from '~/components/events/time';
import eventsStyles from '~/components/events/events.css?url';

export const links: LinksFunction = () => [{ rel: 'stylesheet', href: eventsStyles }];

export const handle: RouteHandle = {
  title: (t) => t('feedback.pageTitle', { ns: 'events' }),
};

/**
 * The feedback form after an event: for signed-in people who could see the event, and for anyone
 * with a single-use code (a link the organiser handed out). Nothing here asks or keeps who answers.
 */
export async function loader({ request, params }: LoaderFunctionArgs) {
  const user = await getCurrentUser(request);
  const locale = await resolveLocale(request, user?.locale);
  const id = params.id ?? '';
  const code = new URL(request.url).searchParams.get('code');
  const form = await feedbackForm(request, id, locale, code);
  // A code holder may not see the event page itself (a space's event); the form names it only when they can.
  const details = await api(request, `/api/events/${encodeURIComponent(id)}`, { schema: eventDetailsSchema, locale });
  if (!form && !details.ok) throw new Response('Not found', { status: 404 });
  return { id, code, form, signedIn: Boolean(user), title: details.ok ? details.data.title : null };
}

export async function action({ request, params }: ActionFunctionArgs) {
  const user = await getCurrentUser(request);
  const locale = await resolveLocale(request, user?.locale);
  const t = await translatorFor(locale);
  const id = encodeURIComponent(params.id ?? '');
  const form = await request.formData();
  const text = (name: string) => {
    const value = form.get(name);
    return typeof value === 'string' ? value.trim() : '';
  };
  const values = { usefulness: text('usefulness'), willUse: text('willUse'), missing: text('missing'), recommend: text('recommend'), code: text('code') };
  const body = {
    ...(values.code && { code: values.code }),
    ...(values.usefulness && { usefulness: Number(values.usefulness) }),
    ...(values.willUse && { willUse: values.willUse }),
    ...(values.missing && { missing: values.missing }),
    ...(values.recommend && { recommend: values.recommend === 'yes' }),
  };
  const checked = validate(feedbackAnswerSchema, body, t);
  if (!checked.ok) return data<{ errors: FormErrors; values: typeof values; done?: false }>({ errors: checked.errors, values }, { status: 400 });
  const result = await api(request, `/api/events/${id}/feedback/answers`, { method: 'POST', body: checked.data, locale });
  if (!result.ok) return data<{ errors: FormErrors; values: typeof values; done?: false }>({ errors: problemErrors(result, t), values }, { status: result.status });
  return { done: true as const };
}

const CHOICE_QUESTIONS: FeedbackQuestion[] = ['usefulness', 'recommend'];

export default function FeedbackPage() {
  const { id, code, form, signedIn, title } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const { t, i18n } = useTranslation('events');
  const busy = useNavigation().state === 'submitting';
  const errors = actionData && 'errors' in actionData ? actionData.errors : undefined;
  const values = actionData && 'values' in actionData ? actionData.values : undefined;
  const fieldErrors = errors?.fieldErrors ?? {};
  const back = title ? (
    <p className="breadcrumb">
      <Link to={`/events/${id}`}>
        <span aria-hidden="true">← </span>
        {title}
      </Link>
    </p>
  ) : null;

  if (actionData && 'done' in actionData && actionData.done) {
    return (
      <div className="narrow">
        {back}
        <h1>{t('feedback.pageTitle')}</h1>
        <p className="notice" role="status">
          {t('feedback.thanks')}
        </p>
      </div>
    );
  }
  return (
    <div className="narrow">
      {back}
      <h1>{t('feedback.pageTitle')}</h1>
      <p className="lead">{t('feedback.anonymous')}</p>
      {!form ? (
        <>
          <p>{t('feedback.noForm')}</p>
          {!signedIn ? <CodeForm /> : null}
        </>
      ) : form.answered ? (
        <p className="notice">{t('feedback.alreadyAnswered')}</p>
      ) : !form.open ? (
        <p>{Date.parse(form.opensAt) > Date.now() ? t('feedback.notYetOpen', { date: formatDay(form.opensAt, i18n.language, 'UTC') }) : t('feedback.closed')}</p>
      ) : !signedIn && !code ? (
        <>
          <p>
            <Link to={`/login?${new URLSearchParams({ redirectTo: `/events/${id}/feedback` })}`}>{t('feedback.signIn')}</Link>
          </p>
          <CodeForm />
        </>
      ) : (
        <Form method="post" className="form" noValidate>
          {errors ? <ErrorSummary formError={errors.formError} fieldErrors={fieldErrors} /> : null}
          {code ? <input type="hidden" name="code" value={code} /> : null}
          {form.questions.includes('usefulness') ? (
            <fieldset className="field" aria-describedby={fieldErrors.usefulness ? 'usefulness-error' : 'usefulness-hint'}>
              <legend>{t('feedback.questions.usefulness')}</legend>
              <p className="field__hint" id="usefulness-hint">
                {t('feedback.usefulnessHint')}
              </p>
              {fieldErrors.usefulness ? (
                <p className="field__error" id="usefulness-error">
                  {fieldErrors.usefulness}
                </p>
              ) : null}
              <div className="scale">
                {[1, 2, 3, 4, 5].map((n) => (
                  <div className="choice" key={n}>
                    <input type="radio" id={`usefulness-${n}`} name="usefulness" value={n} defaultChecked={values?.usefulness === String(n)} />
                    <label htmlFor={`usefulness-${n}`}>{n}</label>
                  </div>
                ))}
              </div>
            </fieldset>
          ) : null}
          {form.questions.includes('willUse') ? (
            <TextAreaField name="willUse" label={t('feedback.questions.willUse')} rows={3} maxLength={FEEDBACK_TEXT_MAX} defaultValue={values?.willUse} error={fieldErrors.willUse} />
          ) : null}
          {form.questions.includes('missing') ? (
            <TextAreaField name="missing" label={t('feedback.questions.missing')} rows={3} maxLength={FEEDBACK_TEXT_MAX} defaultValue={values?.missing} error={fieldErrors.missing} />
          ) : null}
          {form.questions.includes('recommend') ? (
            <fieldset className="field">
              <legend>{t('feedback.questions.recommend')}</legend>
              {(['yes', 'no'] as const).map((v) => (
                <div className="choice" key={v}>
                  <input type="radio" id={`recommend-${v}`} name="recommend" value={v} defaultChecked={values?.recommend === v} />
                  <label htmlFor={`recommend-${v}`}>{v === 'yes' ? t('feedback.yes') : t('feedback.no')}</label>
                </div>
              ))}
            </fieldset>
          ) : null}
          {form.questions.every((q) => CHOICE_QUESTIONS.includes(q)) ? null : <p className="field__hint">{t('feedback.textHint')}</p>}
          <button type="submit" className="button" disabled={busy}>
            {t('feedback.submit')}
          </button>
        </Form>
      )}
    </div>
  );
}

/** People without an account type the code from their slip (or follow its link). */
function CodeForm() {
  const { t } = useTranslation('events');
  return (
    <Form method="get" className="form">
      <TextField name="code" label={t('feedback.codeLabel')} hint={t('feedback.codeHint')} autoComplete="off" required />
      <button type="submit" className="button button--secondary">
        {t('feedback.codeSubmit')}
      </button>
    </Form>
  );
}

export function ErrorBoundary() {
  return <GeneralErrorBoundary />;
}
