import { useTranslation } from 'react-i18next';
import type { PlatformRole } from '@sorstars/shared';
import { useLocalText } from './LocalDate';

/** Each platform role's name, spelled out so the locale check can see every key in use. */
export const ROLE_LABEL: Record<PlatformRole, string> = {
  member: 'people.roles.member',
  org_staff: 'people.roles.org_staff',
  admin: 'people.roles.admin',
  safeguarding: 'people.roles.safeguarding',
};

/** A person's platform roles in words ("Member, Admin"). */
export function RoleList({ roles }: { roles: readonly PlatformRole[] }) {
  const { t } = useTranslation('moderation');
  return <>{roles.map((role) => t(ROLE_LABEL[role])).join(', ')}</>;
}

/** "Active", "Suspended until 3 Dec 2026, 14:00" or "Suspended until an admin lifts it". */
export function PersonStatus({ status, until }: { status: 'active' | 'suspended'; until: string | null }) {
  const { t, i18n } = useTranslation('moderation');
  const when = useLocalText(until, i18n.language);
  if (status === 'active') return <>{t('people.active')}</>;
  return <strong>{until ? t('people.suspendedUntil', { until: when }) : t('people.suspendedForGood')}</strong>;
}
