import { redirect, type ActionFunctionArgs, type LoaderFunctionArgs } from '@remix-run/node';
import { Form, useLoaderData } from '@remix-run/react';
import { useTranslation } from 'react-i18next';
import { api } from '~/utils/api.server';
import { requireUser } from '~/utils/session.server';
import { resolveLocale } from '~/utils/i18n.server';
import { caseCardSchema } from '~/utils/circle.server';
import { UUID } from '~/utils/resources.server';
import type { RouteHandle } from '~/utils/route-handle';
import { GeneralErrorBoundary } from '~/components/ui/GeneralErrorBoundary';
import { Day } from '~/components/circle/Day';

export const handle: RouteHandle = {
  title: (t) => t('card.pageTitle', { ns: 'circle' }),
};

/** Opening a card is a logged view (the API logs it); only the circle's mentors get it. */
export async function loader({ request, params }: LoaderFunctionArgs) {
  const user = await requireUser(request);
  const locale = await resolveLocale(request, user.locale);
  if (!UUID.test(params.id ?? '')) throw new Response(null, { status: 404 });
  const card = await api(request, `/api/circle/cards/${params.id}`, { schema: caseCardSchema, locale });
  if (!card.ok) throw new Response(null, { status: card.status === 404 ? 404 : 503 });
  return { card: card.data };
}

export async function action({ request, params }: ActionFunctionArgs) {
  const user = await requireUser(request);
  const locale = await resolveLocale(request, user.locale);
  if (!UUID.test(params.id ?? '')) throw new Response(null, { status: 404 });
  const removed = await api(request, `/api/circle/cards/${params.id}`, { method: 'DELETE', locale });
  if (!removed.ok) throw new Response(null, { status: removed.status });
  return redirect('/circle/cards/removed');
}

export default function CaseCardPage() {
  const { card } = useLoaderData<typeof loader>();
  const { t } = useTranslation('circle');
  return (
    <article className="case-card-page" aria-labelledby="card-title">
      <h1 id="card-title">{t('card.title', { alias: card.alias })}</h1>
      <p className="muted">
        <Day value={card.createdAt} /> · {t('cards.expires')} <Day value={card.expiresAt} />
      </p>
      <p className="notice">{t('card.logged')}</p>
      <p className="pre-line case-card__body">{card.body}</p>
      {card.mine ? (
        <Form method="post">
          <button type="submit" className="button button--danger">
            {t('card.remove')}
          </button>
        </Form>
      ) : null}
    </article>
  );
}

export function ErrorBoundary() {
  return <GeneralErrorBoundary />;
}
