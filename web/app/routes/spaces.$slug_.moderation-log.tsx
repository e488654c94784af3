import type { LoaderFunctionArgs } from '@remix-run/node';
import { Link, useLoaderData } from '@remix-run/react';
import { useTranslation } from 'react-i18next';
import { moderationLogSchema } from '@sorstars/shared';
import { api } from '~/utils/api.server';
import { requireUser } from '~/utils/session.server';
import { canManage, failureResponse, loadSpace } from '~/utils/spaces.server';
import type { RouteHandle } from '~/utils/route-handle';
import { LogEntry } from '~/components/moderation/LogEntry';
import { GeneralErrorBoundary } from '~/components/ui/GeneralErrorBoundary';
import moderationStyles from '~/components/moderation/moderation.css?url';

export const links = () => [{ rel: 'stylesheet', href: moderationStyles }];

export const handle: RouteHandle = {
  title: (t) => t('log.pageTitle', { ns: 'moderation' }),
};

/** Moderation in the open: what was done in this space and why, for its members. */
export async function loader({ request, params }: LoaderFunctionArgs) {
  const user = await requireUser(request);
  const space = await loadSpace(request, params.slug ?? '', user.locale);
  const result = await api(request, `/api/moderation/log?spaceId=${space.id}&limit=100`, { schema: moderationLogSchema, locale: user.locale });
  if (!result.ok) throw failureResponse(result);
  return { space: { id: space.id, name: space.name, slug: space.slug, keeper: canManage(space) }, items: result.data.items };
}

export default function ModerationLogPage() {
  const { t } = useTranslation('moderation');
  const { space, items } = useLoaderData<typeof loader>();
  const namesShown = items.some((item) => typeof item.moderator === 'string');
  return (
    <section aria-labelledby="log-title" className="narrow-wide">
      <p className="breadcrumb">
        <Link to={`/spaces/${space.slug}`}>{t('back.toSpace', { name: space.name })}</Link>
      </p>
      <h1 id="log-title">{t('log.title', { name: space.name })}</h1>
      <p className="lead">{t('log.intro')}</p>
      {items.length > 0 && !namesShown ? <p className="muted">{t('log.namesHidden')}</p> : null}
      {space.keeper ? (
        <p>
          <Link to={`/spaces/${space.slug}/moderation`}>{t('settings.link')}</Link> · <Link to={`/moderation?spaceId=${space.id}`}>{t('queue.link')}</Link>
        </p>
      ) : null}
      {items.length === 0 ? (
        <p className="empty">{t('log.empty')}</p>
      ) : (
        <ul className="log-list" data-testid="moderation-log">
          {items.map((entry) => (
            <LogEntry key={entry.id} entry={entry} />
          ))}
        </ul>
      )}
    </section>
  );
}

export function ErrorBoundary() {
  return <GeneralErrorBoundary />;
}
