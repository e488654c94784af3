import { data, type ActionFunctionArgs, type LoaderFunctionArgs } from '@remix-run/node';
import { Form, Link, useActionData, useLoaderData } from '@remix-run/react';
import { useTranslation } from 'react-i18next';
import { agreementSchema, feedbackSchema, type MatchAction } from '@sorstars/shared';
import { api } from '~/utils/api.server';
import { requireUser } from '~/utils/session.server';
import { problemErrors, readFields, translatorFor, validate, type FormErrors } from '~/utils/forms.server';
import { agreementParser, loadMatch, matchParser } from '~/utils/mentoring.server';
import { nameOf, otherOf } from '~/components/mentoring/names';
import type { RouteHandle } from '~/utils/route-handle';
import { ErrorSummary } from '~/components/ui/ErrorSummary';
import { GeneralErrorBoundary } from '~/components/ui/GeneralErrorBoundary';
import { TextAreaField } from '~/components/ui/TextAreaField';
import { OneTap } from '~/components/mentoring/OneTap';
import { AgreementSection } from '~/components/mentoring/AgreementSection';
import { ACTION_KEYS, DONE_KEYS, STATE_KEYS, WAITING_KEYS } from '~/components/mentoring/labels';

export const handle: RouteHandle = { title: (t) => t('hub.title', { ns: 'mentoring' }) };

const ACTIONS: readonly MatchAction[] = ['accept', 'decline', 'pause', 'resume', 'end'];

export async function loader({ request, params }: LoaderFunctionArgs) {
  const user = await requireUser(request);
  const match = await loadMatch(request, params.id ?? '', user.locale);
  const agreement = await api(request, `/api/mentoring/matches/${match.id}/agreement`, { schema: agreementParser, locale: user.locale });
  return { match, agreement: agreement.ok ? agreement.data : { current: null, versions: [] }, asked: new URL(request.url).searchParams.has('asked') };
}

type Answer = { errors: FormErrors | null; done: string | null };

export async function action({ request, params }: ActionFunctionArgs): Promise<Answer | ReturnType<typeof data<Answer>>> {
  const user = await requireUser(request);
  const t = await translatorFor(user.locale);
  const match = await loadMatch(request, params.id ?? '', user.locale);
  const form = await request.formData();
  const intent = String(form.get('intent'));
  const base = `/api/mentoring/matches/${match.id}`;
  const fail = (errors: FormErrors, status: number) => data<Answer>({ errors, done: null }, { status });
  if ((ACTIONS as readonly string[]).includes(intent)) {
    const result = await api(request, `${base}/${intent}`, { method: 'POST', body: {}, schema: matchParser, locale: user.locale });
    return result.ok ? { errors: null, done: intent } : fail(problemErrors(result, t), result.status);
  }
  if (intent === 'agreement') {
    const v = readFields(form, ['howOften', 'channel', 'coordinatorMaySee', 'howToEnd', 'baseVersion']);
    const checked = validate(agreementSchema, v, t);
    if (!checked.ok) return fail(checked.errors, 400);
    const result = await api(request, `${base}/agreement`, { method: 'PUT', body: checked.data, schema: agreementParser, locale: user.locale });
    return result.ok ? { errors: null, done: 'agreement' } : fail(problemErrors(result, t), result.status);
  }
  if (intent === 'keep' || intent === 'dontKeep') {
    const result = await api(request, `${base}/keep`, { method: 'POST', body: { keep: intent === 'keep' }, schema: matchParser, locale: user.locale });
    return result.ok ? { errors: null, done: intent } : fail(problemErrors(result, t), result.status);
  }
  if (intent === 'feedback') {
    const checked = validate(feedbackSchema, { note: String(form.get('note') ?? '') }, t);
    if (!checked.ok) return fail(checked.errors, 400);
    const result = await api(request, `${base}/feedback`, { method: 'POST', body: checked.data, locale: user.locale });
    return result.ok ? { errors: null, done: 'feedback' } : fail(problemErrors(result, t), result.status);
  }
  throw new Response('Bad request', { status: 400 });
}

export default function MatchPage() {
  const { match, agreement, asked } = useLoaderData<typeof loader>();
  const answer = useActionData<typeof action>() as Answer | undefined;
  const { t, i18n } = useTranslation('mentoring');
  const other = otherOf(match);
  const waiting = match.state === 'requested' ? (match.mentorAccepted ? WAITING_KEYS.mentee : match.menteeAccepted ? WAITING_KEYS.mentor : null) : null;
  const doneText =
    answer?.done === 'feedback' ? t('match.feedbackSent') : answer?.done && (ACTIONS as readonly string[]).includes(answer.done) ? t(DONE_KEYS[answer.done as MatchAction]) : null;
  return (
    <div className="narrow mentoring">
      <p>
        <Link to="/mentoring">{t('match.back')}</Link>
      </p>
      <h1>{t('match.title', { name: nameOf(other) })}</h1>
      {asked && !answer && match.state === 'requested' ? (
        <p role="status" className="notice">
          {t('find.asked')}
        </p>
      ) : null}
      {doneText ? (
        <p role="status" className="notice">
          {doneText}
        </p>
      ) : null}
      {answer?.errors ? <ErrorSummary formError={answer.errors.formError} fieldErrors={answer.errors.fieldErrors} /> : null}
      <p>
        <span className={`tag mentoring-state mentoring-state--${match.state}`} data-testid="match-state">
          {t('match.status', { state: t(STATE_KEYS[match.state]) })}
        </span>
        {' · '}
        {match.myRole === 'mentor' ? t('hub.asMentor') : t('hub.asMentee')}
      </p>
      {match.suggestedBy ? <p>{t('match.suggestedBy', { name: match.suggestedBy.name })}</p> : null}
      {match.intro ? (
        <blockquote className="mentoring-card__intro">
          <p className="visually-hidden">{t('match.hello')}</p>
          {match.intro}
        </blockquote>
      ) : null}
      {waiting ? <p>{t(waiting)}</p> : null}
      {match.expiresAt ? <p>{t('match.expires', { date: new Date(match.expiresAt).toLocaleDateString(i18n.language, { dateStyle: 'long' }) })}</p> : null}

      {match.actions.length > 0 ? (
        <div className="mentoring-actions" data-testid="match-actions">
          {match.actions.map((a) => (
            <OneTap key={a} intent={a} label={a === 'end' && match.state === 'requested' ? t('match.withdraw') : t(ACTION_KEYS[a])} tone={a === 'accept' ? 'primary' : 'secondary'} />
          ))}
        </div>
      ) : null}
      {match.actions.includes('end') && match.state !== 'requested' ? <p className="hint">{t('match.endHint')}</p> : null}

      <section aria-labelledby="conversation-heading">
        <h2 id="conversation-heading">{t('match.conversation')}</h2>
        {match.conversationId ? (
          <p>
            <Link to={`/messages/${match.conversationId}`} className="button button--secondary">
              {t('match.openConversation')}
            </Link>
          </p>
        ) : (
          <p>{t('match.noConversation')}</p>
        )}
      </section>

      {match.state === 'active' || match.state === 'paused' || agreement.current ? (
        <AgreementSection agreement={agreement} editable={match.state === 'active' || match.state === 'paused'} errors={answer?.errors?.fieldErrors ?? {}} />
      ) : null}

      {match.state === 'ended' ? (
        <section aria-labelledby="after-heading">
          <h2 id="after-heading">{t('match.ended')}</h2>
          {match.conversationId ? (
            <>
              <h3>{t('match.keep')}</h3>
              <p className="hint">{t('match.keepHint')}</p>
              <p>{match.keepConversation ? t('match.keeping') : t('match.notKeeping')}</p>
              <div className="mentoring-actions">
                <OneTap intent={match.keepConversation ? 'dontKeep' : 'keep'} label={match.keepConversation ? t('match.keepNo') : t('match.keepYes')} />
                <Link to="/account/privacy">{t('match.export')}</Link>
              </div>
            </>
          ) : null}
          <Form method="post" className="editor">
            <TextAreaField name="note" label={t('match.feedback')} hint={t('match.feedbackHint')} rows={3} maxLength={2000} />
            <button type="submit" name="intent" value="feedback" className="button button--secondary">
              {t('match.sendFeedback')}
            </button>
          </Form>
        </section>
      ) : null}
    </div>
  );
}

export function ErrorBoundary() {
  return <GeneralErrorBoundary />;
}
