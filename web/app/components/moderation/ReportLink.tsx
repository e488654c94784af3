import { Link, useLocation } from '@remix-run/react';
import { useTranslation } from 'react-i18next';
import type { ReportTarget } from '@sorstars/shared';

interface ReportLinkProps {
  targetType: ReportTarget;
  targetId: string;
  /** Where the report page sends people back to; the current page by default. */
  back?: string;
  /** For a person: their name, so the link says whom it is about. */
  name?: string;
  className?: string;
}

/**
 * A plain link to the report page, so reporting works before JavaScript loads or without it.
 * Use it on any piece of content or profile: `<ReportLink targetType="story" targetId={story.id} />`.
 */
export function ReportLink({ targetType, targetId, back, name, className = 'report-link' }: ReportLinkProps) {
  const { t } = useTranslation('moderation');
  const location = useLocation();
  return (
    <Link to={reportHref(targetType, targetId, back ?? location.pathname + location.search)} className={className} rel="nofollow" data-testid="report-link">
      {reportLabel(t, targetType, name)}
    </Link>
  );
}

/** The report page for one thing, sending people back to `back` afterwards. */
function reportHref(targetType: ReportTarget, targetId: string, back: string): string {
  return `/report?${new URLSearchParams({ targetType, targetId, back })}`;
}

function reportLabel(t: ReturnType<typeof useTranslation>['t'], targetType: ReportTarget, name?: string): string {
  switch (targetType) {
    case 'message':
      return t('reportLink.message');
    case 'story':
      return t('reportLink.story');
    case 'comment':
      return t('reportLink.comment');
    case 'event':
      return t('reportLink.event');
    case 'user':
      return t('reportLink.user', { name: name ?? '' });
    case 'resource':
      return t('reportLink.resource');
    case 'tip':
      return t('reportLink.tip');
  }
}
