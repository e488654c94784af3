import type { LoaderFunctionArgs } from '@remix-run/node';
import { Link, useLoaderData } from '@remix-run/react';
import { useTranslation } from 'react-i18next';
import { api } from '~/utils/api.server';
import { requireUser } from '~/utils/session.server';
import { failureResponse, loadSpace, memberListSchema } from '~/utils/spaces.server';
import type { RouteHandle } from '~/utils/route-handle';
import { roleLabel } from '~/components/spaces/labels';
import { GeneralErrorBoundary } from '~/components/ui/GeneralErrorBoundary';
import { ReportLink } from '~/components/moderation/ReportLink';
import { MessageButton } from '~/components/conversations/MessageButton';

export const handle: RouteHandle = {
  title: (t) => t('members.pageTitle', { ns: 'spaces' }),
};

export async function loader({ request, params }: LoaderFunctionArgs) {
  const user = await requireUser(request);
  const space = await loadSpace(request, params.slug ?? '', user.locale);
  const result = await api(request, `/api/spaces/${space.id}/members`, { schema: memberListSchema, locale: user.locale });
  if (!result.ok) throw failureResponse(result);
  return { space: { name: space.name, slug: space.slug }, members: result.data.items, meId: user.id };
}

/** Pseudonyms and roles only: nobody's presence or "last seen" is shown anywhere. */
export default function MembersPage() {
  const { t } = useTranslation('spaces');
  const { space, members, meId } = useLoaderData<typeof loader>();
  return (
    <section aria-labelledby="members-title" className="narrow-wide">
      <p className="breadcrumb">
        <Link to={`/spaces/${space.slug}`}>{t('back.toSpace', { name: space.name })}</Link>
      </p>
      <h1 id="members-title">{t('members.title', { name: space.name })}</h1>
      <p>{t('members.intro')}</p>
      <ul className="member-list" data-testid="member-list">
        {members.map((member) => (
          <li key={member.user.id}>
            <span className="member-list__name">{member.user.displayName || member.user.username}</span>
            {member.user.displayName ? <span className="member-list__username"> ({member.user.username})</span> : null}
            {member.role !== 'member' ? <span className="badge">{roleLabel(t, member.role)}</span> : null}
            {member.user.id !== meId ? (
              <>
                {' '}
                <MessageButton userId={member.user.id} name={member.user.displayName || member.user.username} />{' '}
                <ReportLink targetType="user" targetId={member.user.id} name={member.user.displayName || member.user.username} />
              </>
            ) : null}
          </li>
        ))}
      </ul>
    </section>
  );
}

export function ErrorBoundary() {
  return <GeneralErrorBoundary />;
}
