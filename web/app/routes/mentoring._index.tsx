import { data, type ActionFunctionArgs, type LoaderFunctionArgs } from '@remix-run/node';
import { Link, useActionData, useLoaderData } from '@remix-run/react';
import { useTranslation } from 'react-i18next';
import type { MentoringMatch } from '@sorstars/shared';
import { api } from '~/utils/api.server';
import { requireUser } from '~/utils/session.server';
import { problemErrors, translatorFor } from '~/utils/forms.server';
import { MATCH_ID, matchesParser, matchParser } from '~/utils/mentoring.server';
import { nameOf, otherOf } from '~/components/mentoring/names';
import type { RouteHandle } from '~/utils/route-handle';
import { ErrorSummary } from '~/components/ui/ErrorSummary';
import { GeneralErrorBoundary } from '~/components/ui/GeneralErrorBoundary';
import { OneTap } from '~/components/mentoring/OneTap';
import { DONE_KEYS, STATE_KEYS } from '~/components/mentoring/labels';

export const handle: RouteHandle = { title: (t) => t('hub.title', { ns: 'mentoring' }) };

export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requireUser(request);
  const result = await api(request, '/api/mentoring/matches', { schema: matchesParser, locale: user.locale });
  if (!result.ok) throw new Response(result.problem.detail, { status: result.status });
  return { matches: result.data.items };
}

/** The requests inbox answers in one tap: accept or decline, no reason asked. */
export async function action({ request }: ActionFunctionArgs) {
  const user = await requireUser(request);
  const form = await request.formData();
  const intent = String(form.get('intent'));
  const matchId = String(form.get('matchId') ?? '');
  if ((intent !== 'accept' && intent !== 'decline') || !MATCH_ID.test(matchId)) throw new Response('Bad request', { status: 400 });
  const result = await api(request, `/api/mentoring/matches/${matchId}/${intent}`, { method: 'POST', body: {}, schema: matchParser, locale: user.locale });
  if (!result.ok) return data({ errors: problemErrors(result, await translatorFor(user.locale)), done: null }, { status: result.status });
  return { errors: null, done: intent as 'accept' | 'decline' };
}

function MatchLine({ m }: { m: MentoringMatch }) {
  const { t } = useTranslation('mentoring');
  return (
    <li className="mentoring-card">
      <p className="mentoring-card__title">
        <Link to={`/mentoring/matches/${m.id}`}>{nameOf(otherOf(m))}</Link>
      </p>
      <p className="mentoring-card__meta">
        <span className={`tag mentoring-state mentoring-state--${m.state}`}>{t(STATE_KEYS[m.state])}</span> · {m.myRole === 'mentor' ? t('hub.asMentor') : t('hub.asMentee')}
      </p>
    </li>
  );
}

export default function MentoringHub() {
  const { matches } = useLoaderData<typeof loader>();
  const answer = useActionData<typeof action>();
  const { t } = useTranslation('mentoring');
  const requests = matches.filter((m) => m.state === 'requested' && m.actions.includes('accept'));
  const others = matches.filter((m) => !requests.includes(m));
  return (
    <div className="narrow mentoring">
      <h1>{t('hub.title')}</h1>
      <p className="lead">{t('hub.intro')}</p>
      <ul className="mentoring-links">
        <li>
          <Link to="/mentoring/find" className="button">
            {t('hub.findLink')}
          </Link>
        </li>
        <li>
          <Link to="/mentoring/profile" className="button button--secondary">
            {t('hub.profileLink')}
          </Link>
        </li>
      </ul>
      {answer?.errors ? <ErrorSummary formError={answer.errors.formError} fieldErrors={answer.errors.fieldErrors} /> : null}
      {answer?.done ? (
        <p role="status" className="notice">
          {t(DONE_KEYS[answer.done])}
        </p>
      ) : null}
      <section aria-labelledby="requests-heading">
        <h2 id="requests-heading">{t('hub.requests')}</h2>
        {requests.length === 0 ? <p>{t('hub.noRequests')}</p> : null}
        <ul className="mentoring-list" data-testid="mentoring-requests">
          {requests.map((m) => (
            <li key={m.id} className="mentoring-card">
              <p className="mentoring-card__title">
                <Link to={`/mentoring/matches/${m.id}`}>{nameOf(otherOf(m))}</Link>
              </p>
              {m.intro ? <p className="mentoring-card__intro">{m.intro}</p> : null}
              {m.suggestedBy ? <p className="mentoring-card__meta">{t('match.suggestedBy', { name: m.suggestedBy.name })}</p> : null}
              <div className="mentoring-actions">
                <OneTap intent="accept" matchId={m.id} label={t('match.accept')} tone="primary" />
                <OneTap intent="decline" matchId={m.id} label={t('match.decline')} />
              </div>
            </li>
          ))}
        </ul>
      </section>
      <section aria-labelledby="matches-heading">
        <h2 id="matches-heading">{t('hub.matches')}</h2>
        {others.length === 0 ? <p>{t('hub.noMatches')}</p> : null}
        <ul className="mentoring-list" data-testid="mentoring-matches">
          {others.map((m) => (
            <MatchLine key={m.id} m={m} />
          ))}
        </ul>
      </section>
    </div>
  );
}

export function ErrorBoundary() {
  return <GeneralErrorBoundary />;
}
