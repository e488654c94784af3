import { data, type ActionFunctionArgs, type LoaderFunctionArgs } from '@remix-run/node';
import { Link, useActionData, useLoaderData } from '@remix-run/react';
import { useTranslation } from 'react-i18next';
import { conversationSchema, type ConversationState, type ReportReason } from '@sorstars/shared';
import { api } from '~/utils/api.server';
import { requireUser } from '~/utils/session.server';
import { resolveLocale } from '~/utils/i18n.server';
import { organizationBySlug, UUID } from '~/utils/resources.server';
import { organizationAction, type OrganizationActionResult } from '~/utils/organization-actions.server';
import { localRedirect } from '~/utils/redirect.server';
import { problemErrors } from '~/utils/forms.server';
import type { Parser } from '~/utils/api.server';
import type { RouteHandle } from '~/utils/route-handle';
import { kindLabel, reasonLabel } from '~/components/moderation/labels';
import { LocalDay } from '~/components/moderation/LocalDate';
import { OutreachButton } from '~/components/conversations/OutreachButton';
import { ErrorSummary } from '~/components/ui/ErrorSummary';
import { GeneralErrorBoundary } from '~/components/ui/GeneralErrorBoundary';

export const handle: RouteHandle = {
  title: (t) => t('reports.pageTitle', { ns: 'organizations' }),
};

interface QueueItem {
  id: string;
  kind: string;
  targetType: string;
  targetId: string;
  resource: { id: string; name: string };
  reports: { reason: ReportReason; note: string | null; createdAt: string }[];
  createdAt: string;
  person: { username: string; displayName: string | null } | null;
  outreach: { state: ConversationState; conversationId: string | null } | null;
}
const queueSchema: Parser<{ items: QueueItem[] }> = {
  safeParse(value) {
    const items = (value as { items?: unknown } | null)?.items;
    return Array.isArray(items) && items.every((i) => typeof i?.id === 'string' && Array.isArray(i?.reports))
      ? { success: true, data: value as { items: QueueItem[] } }
      : { success: false, error: 'not a queue' };
  },
};

/** The organisation's queue for its staff: reports about its listings and tips, and "reach out with care". */
export async function loader({ request, params }: LoaderFunctionArgs) {
  const user = await requireUser(request);
  const locale = await resolveLocale(request, user.locale);
  const organization = await organizationBySlug(request, params.slug, locale);
  const queue = await api(request, `/api/organizations/${organization.id}/queue`, { schema: queueSchema, locale });
  if (!queue.ok) throw new Response(null, { status: queue.status === 403 ? 403 : 503 });
  return { organization, items: queue.data.items };
}

/** "Reach out with care": the same rules as everywhere (the API refuses after a decline), then to the conversation. */
export async function action({ request }: ActionFunctionArgs) {
  const { locale, t, form, intent } = await organizationAction(request);
  const itemId = String(form.get('itemId') ?? '');
  if (intent !== 'outreach' || !UUID.test(itemId)) throw new Response(null, { status: 400 });
  const result = await api(request, '/api/conversations/outreach', { method: 'POST', body: { itemId }, schema: conversationSchema, locale });
  if (result.ok) return localRedirect(`/messages/${result.data.id}`);
  return data<OrganizationActionResult & { itemId: string }>({ intent, itemId, errors: problemErrors(result, t) }, { status: result.status });
}

function OutreachState({ item }: { item: QueueItem }) {
  const { t } = useTranslation('organizations');
  if (!item.outreach) return null;
  if (item.outreach.state === 'declined' || item.outreach.state === 'ended') return <p className="notice">{t('reports.declined')}</p>;
  return (
    <p className="notice">
      {item.outreach.conversationId ? <Link to={`/messages/${item.outreach.conversationId}`}>{t('reports.openConversation')}</Link> : t('reports.colleagueReachedOut')}
    </p>
  );
}

export default function OrganizationReports() {
  const { organization, items } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>() as (OrganizationActionResult & { itemId?: string }) | undefined;
  const { t, i18n } = useTranslation(['organizations', 'moderation']);
  return (
    <article aria-labelledby="reports-title" className="narrow-wide">
      <p className="breadcrumb">
        <Link to={`/organizations/${organization.slug}`}>{organization.name}</Link>
      </p>
      <h1 id="reports-title">{t('reports.title', { organization: organization.name })}</h1>
      <p>{t('reports.lead')}</p>
      {items.length === 0 ? <p>{t('reports.none')}</p> : null}
      <ul className="queue-list">
        {items.map((item) => (
          <li key={item.id} className="panel">
            <h2 className="h3">
              {kindLabel(t, item.kind)} · {item.targetType === 'tip' ? t('reports.onTip') : t('reports.onListing')}: <Link to={`/resources/${item.resource.id}`}>{item.resource.name}</Link>
            </h2>
            <p className="muted">
              <LocalDay value={item.createdAt} locale={i18n.language} />
            </p>
            {item.reports.length ? (
              <ul>
                {item.reports.map((r, i) => (
                  <li key={i}>
                    {reasonLabel(t, r.reason)}
                    {r.note ? `: ${r.note}` : ''}
                  </li>
                ))}
              </ul>
            ) : null}
            {actionData?.itemId === item.id ? <ErrorSummary formError={actionData.errors?.formError} fieldErrors={actionData.errors?.fieldErrors ?? {}} /> : null}
            <OutreachState item={item} />
            {item.person && !item.outreach ? (
              <OutreachButton itemId={item.id} name={item.person.displayName ?? item.person.username} action={`/organizations/${organization.slug}/reports`}>
                <input type="hidden" name="organizationId" value={organization.id} />
                <p>{t('reports.about', { name: item.person.displayName ?? item.person.username })}</p>
              </OutreachButton>
            ) : null}
          </li>
        ))}
      </ul>
    </article>
  );
}

export function ErrorBoundary() {
  return <GeneralErrorBoundary />;
}
