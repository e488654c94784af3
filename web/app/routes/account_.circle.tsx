import { data, type ActionFunctionArgs, type LoaderFunctionArgs } from '@remix-run/node';
import { Form, Link, useActionData, useLoaderData } from '@remix-run/react';
import { useTranslation } from 'react-i18next';
import { discussionPermissionSchema } from '@sorstars/shared';
import { api } from '~/utils/api.server';
import { requireUser } from '~/utils/session.server';
import { resolveLocale } from '~/utils/i18n.server';
import { problemErrors, translatorFor, validate, type FormErrors } from '~/utils/forms.server';
import { aboutMeSchema, myCirclesSchema, permissionsSchema } from '~/utils/circle.server';
import { UUID } from '~/utils/resources.server';
import type { RouteHandle } from '~/utils/route-handle';
import { GeneralErrorBoundary } from '~/components/ui/GeneralErrorBoundary';
import { ErrorSummary } from '~/components/ui/ErrorSummary';
import { TextField } from '~/components/ui/TextField';
import { Day } from '~/components/circle/Day';

export const handle: RouteHandle = {
  title: (t) => t('mine.pageTitle', { ns: 'circle' }),
};

/** The mentee's side: "my mentor may discuss my situation anonymously", and the cards about them. */
export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requireUser(request);
  const locale = await resolveLocale(request, user.locale);
  const [permissions, cards, circles] = await Promise.all([
    api(request, '/api/circle/permissions', { schema: permissionsSchema, locale }),
    api(request, '/api/circle/cards-about-me', { schema: aboutMeSchema, locale }),
    api(request, '/api/circle/mine', { schema: myCirclesSchema, locale }),
  ]);
  if (!permissions.ok || !cards.ok) throw new Response(null, { status: 503 });
  return { permissions: permissions.data.items, cards: cards.data.items, circles: circles.ok ? circles.data.items : [] };
}

type ActionResult = { errors?: FormErrors; values?: Record<string, string>; done?: 'allowed' | 'withdrawn' };

export async function action({ request }: ActionFunctionArgs) {
  const user = await requireUser(request);
  const locale = await resolveLocale(request, user.locale);
  const t = await translatorFor(locale);
  const form = await request.formData();
  const allowed = form.get('allowed') === 'true';
  const mentorId = String(form.get('mentorId') ?? '');
  const input = mentorId ? { mentorId, allowed } : { mentorUsername: String(form.get('mentorUsername') ?? ''), allowed };
  if (mentorId && !UUID.test(mentorId)) throw new Response(null, { status: 400 });
  const values = { mentorUsername: String(form.get('mentorUsername') ?? '') };
  const checked = validate(discussionPermissionSchema, input, t);
  if (!checked.ok) return data<ActionResult>({ errors: checked.errors, values }, { status: 400 });
  const result = await api(request, '/api/circle/permissions', { method: 'PUT', body: checked.data, locale, schema: permissionsSchema });
  if (!result.ok) return data<ActionResult>({ errors: problemErrors(result, t), values }, { status: result.status });
  return { done: allowed ? 'allowed' : 'withdrawn' } satisfies ActionResult;
}

export default function MyCirclePage() {
  const { permissions, cards, circles } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>() as ActionResult | undefined;
  const { t } = useTranslation('circle');
  return (
    <article aria-labelledby="mine-title">
      <h1 id="mine-title">{t('mine.title')}</h1>
      <p>{t('mine.lead')}</p>
      <p>
        <Link to="/coordinators">{t('circle.whatCoordinatorsSee')}</Link>
      </p>
      {actionData?.done ? (
        <p className="notice" role="status">
          {t(actionData.done === 'allowed' ? 'mine.allowedNotice' : 'mine.withdrawnNotice')}
        </p>
      ) : null}

      {circles.length > 0 ? (
        <section aria-labelledby="my-circles-title">
          <h2 id="my-circles-title">{t('mine.circlesTitle')}</h2>
          <ul>
            {circles.map((c) => (
              <li key={c.id}>
                <Link to={`/organizations/${c.slug}/circle`}>{t('circle.title', { organization: c.name })}</Link>
              </li>
            ))}
          </ul>
        </section>
      ) : null}

      <section aria-labelledby="permissions-title">
        <h2 id="permissions-title">{t('mine.permissionsTitle')}</h2>
        {permissions.length === 0 ? <p>{t('mine.noPermissions')}</p> : null}
        <ul className="permission-list">
          {permissions.map((p) => (
            <li key={p.mentorId}>
              <span>
                {p.displayName ?? p.username} <span className="muted">@{p.username}</span> ·{' '}
                {p.allowed ? t('mine.allowed') : t('mine.notAllowed')}
              </span>
              <Form method="post">
                <input type="hidden" name="mentorId" value={p.mentorId} />
                <input type="hidden" name="allowed" value={p.allowed ? 'false' : 'true'} />
                <button type="submit" className={p.allowed ? 'button button--danger button--small' : 'button button--small'}>
                  {p.allowed ? t('mine.withdraw') : t('mine.allowAgain')}
                  <span className="visually-hidden"> {p.username}</span>
                </button>
              </Form>
            </li>
          ))}
        </ul>
        <Form method="post" className="stack-form">
          <h3>{t('mine.allowTitle')}</h3>
          <ErrorSummary formError={actionData?.errors?.formError} fieldErrors={actionData?.errors?.fieldErrors} labels={{ mentorUsername: t('mine.mentorUsername') }} />
          <input type="hidden" name="allowed" value="true" />
          <TextField
            name="mentorUsername"
            label={t('mine.mentorUsername')}
            hint={t('mine.allowHint')}
            defaultValue={actionData?.done ? '' : actionData?.values?.mentorUsername}
            error={actionData?.errors?.fieldErrors.mentorUsername}
            autoComplete="off"
          />
          <button type="submit" className="button">
            {t('mine.allow')}
          </button>
        </Form>
      </section>

      <section aria-labelledby="about-me-title">
        <h2 id="about-me-title">{t('mine.cardsTitle')}</h2>
        <p className="muted">{t('mine.cardsLead')}</p>
        {cards.length === 0 ? (
          <p>{t('mine.noCards')}</p>
        ) : (
          <ul className="case-card-list">
            {cards.map((c) => (
              <li key={c.id} className="case-card">
                {t('mine.cardIn', { organization: c.organization.name })} · <Day value={c.createdAt} />
                <br />
                {c.discussedOn.length ? (
                  <>
                    {t('mine.discussedOn')}{' '}
                    {c.discussedOn.map((d, i) => (
                      <span key={d}>
                        {i > 0 ? ', ' : ''}
                        <Day value={d} />
                      </span>
                    ))}
                  </>
                ) : (
                  t('mine.notDiscussedYet')
                )}
              </li>
            ))}
          </ul>
        )}
      </section>
    </article>
  );
}

export function ErrorBoundary() {
  return <GeneralErrorBoundary />;
}
