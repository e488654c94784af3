import { data, type ActionFunctionArgs, type LoaderFunctionArgs } from '@remix-run/node';
import { Form, Link, useActionData, useLoaderData } from '@remix-run/react';
import { useTranslation } from 'react-i18next';
import { markMentorSchema, MIN_CELL_SIZE } from '@sorstars/shared';
import { api } from '~/utils/api.server';
import { requireUser } from '~/utils/session.server';
import { resolveLocale } from '~/utils/i18n.server';
import { validate } from '~/utils/forms.server';
import { organizationBySlug, UUID } from '~/utils/resources.server';
import { logSchema, mentorsSchema, numbersSchema, organizationFeedbackSchema } from '~/utils/circle.server';
import { organizationAction, type OrganizationActionResult } from '~/utils/organization-actions.server';
import type { RouteHandle } from '~/utils/route-handle';
import { GeneralErrorBoundary } from '~/components/ui/GeneralErrorBoundary';
import { ErrorSummary } from '~/components/ui/ErrorSummary';
import { TextField } from '~/components/ui/TextField';
import { NumbersTable } from '~/components/circle/NumbersTable';
import { OrganizationLog } from '~/components/circle/OrganizationLog';
import { FeedbackList } from '~/components/circle/FeedbackList';

export const handle: RouteHandle = {
  title: (t) => t('coordination.pageTitle', { ns: 'circle' }),
};

/** The organisation's staff: the circle, who its mentors are, the numbers, the private feedback (no names), and their own log. */
export async function loader({ request, params }: LoaderFunctionArgs) {
  const user = await requireUser(request);
  const locale = await resolveLocale(request, user.locale);
  const organization = await organizationBySlug(request, params.slug, locale);
  const mentors = await api(request, `/api/organizations/${organization.id}/mentors`, { schema: mentorsSchema, locale });
  if (!mentors.ok) throw new Response(null, { status: mentors.status === 403 ? 403 : 503 });
  const [numbers, feedback] = await Promise.all([
    api(request, `/api/organizations/${organization.id}/numbers`, { schema: numbersSchema, locale }),
    api(request, `/api/organizations/${organization.id}/feedback`, { schema: organizationFeedbackSchema, locale }),
  ]);
  // After the reads above, so the log shows this visit too.
  const log = await api(request, `/api/organizations/${organization.id}/log`, { schema: logSchema, locale });
  return {
    organization,
    mentors: mentors.data,
    numbers: numbers.ok ? numbers.data.items : [],
    feedback: feedback.ok ? feedback.data.items : [],
    log: log.ok ? log.data.items : [],
  };
}

type ActionResult = OrganizationActionResult;

export async function action({ request }: ActionFunctionArgs) {
  const { locale, t, form, intent, id, answer } = await organizationAction(request);
  if (intent === 'create-circle') return answer(await api(request, `/api/organizations/${id}/circle`, { method: 'POST', locale }));
  if (intent === 'add-mentor') {
    const values = { username: String(form.get('username') ?? '') };
    const checked = validate(markMentorSchema, values, t);
    if (!checked.ok) return data<ActionResult>({ intent, errors: checked.errors, values }, { status: 400 });
    return answer(await api(request, `/api/organizations/${id}/mentors`, { method: 'POST', body: checked.data, locale }), values);
  }
  if (intent === 'remove-mentor') {
    const userId = String(form.get('userId') ?? '');
    if (!UUID.test(userId)) throw new Response(null, { status: 400 });
    return answer(await api(request, `/api/organizations/${id}/mentors/${userId}`, { method: 'DELETE', locale }));
  }
  throw new Response(null, { status: 400 });
}

export default function MentoringCoordination() {
  const { organization, mentors, numbers, feedback, log } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>() as ActionResult | undefined;
  const { t } = useTranslation('circle');
  const adding = actionData?.intent === 'add-mentor' ? actionData : undefined;
  return (
    <article aria-labelledby="coordination-title">
      <h1 id="coordination-title">{t('coordination.title', { organization: organization.name })}</h1>
      <p>
        {t('coordination.lead')} <Link to="/coordinators">{t('circle.whatCoordinatorsSee')}</Link>
      </p>
      <p>
        <Link to={`/organizations/${organization.slug}/reports`}>{t('coordination.reportsLink')}</Link>
      </p>

      <section aria-labelledby="circle-section" className="panel">
        <h2 id="circle-section">{t('coordination.circleTitle')}</h2>
        {mentors.circle ? (
          <p>{t('coordination.circleExists')}</p>
        ) : (
          <Form method="post">
            <input type="hidden" name="organizationId" value={organization.id} />
            <button type="submit" name="intent" value="create-circle" className="button">
              {t('coordination.createCircle')}
            </button>
          </Form>
        )}
        <h3>{t('coordination.mentorsTitle')}</h3>
        <p className="muted">{t('coordination.mentorsLead', { organization: organization.name })}</p>
        {mentors.items.length === 0 ? <p>{t('coordination.noMentors')}</p> : null}
        <ul className="staff-list">
          {mentors.items.map((m) => (
            <li key={m.userId}>
              <span>
                {m.displayName ?? m.username} <span className="muted">@{m.username}</span>
              </span>
              <Form method="post">
                <input type="hidden" name="organizationId" value={organization.id} />
                <input type="hidden" name="userId" value={m.userId} />
                <button type="submit" name="intent" value="remove-mentor" className="button button--danger button--small">
                  {t('coordination.removeMentor')}
                  <span className="visually-hidden"> {m.username}</span>
                </button>
              </Form>
            </li>
          ))}
        </ul>
        <Form method="post" className="stack-form" key={adding?.done ? 'added' : 'adding'}>
          <input type="hidden" name="organizationId" value={organization.id} />
          <ErrorSummary formError={adding?.errors?.formError} fieldErrors={adding?.errors?.fieldErrors} fieldId={(name) => `mentor-${name}`} labels={{ username: t('coordination.username') }} />
          <TextField name="username" id="mentor-username" label={t('coordination.username')} hint={t('coordination.usernameHint')} defaultValue={adding?.done ? '' : adding?.values?.username} error={adding?.errors?.fieldErrors.username} autoComplete="off" />
          <button type="submit" name="intent" value="add-mentor" className="button">
            {t('coordination.addMentor')}
          </button>
        </Form>
      </section>

      <section aria-labelledby="numbers-title">
        <h2 id="numbers-title">{t('numbers.title')}</h2>
        <p className="muted">{t('numbers.lead', { min: MIN_CELL_SIZE })}</p>
        <NumbersTable rows={numbers} />
        <p>
          <a href={`/api/organizations/${organization.id}/numbers?format=csv`} download>
            {t('numbers.csv')}
          </a>
        </p>
      </section>

      <FeedbackList items={feedback} />

      <OrganizationLog entries={log} />
    </article>
  );
}

export function ErrorBoundary() {
  return <GeneralErrorBoundary />;
}
