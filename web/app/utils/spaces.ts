import type { Space } from '@sorstars/shared';

/** Hosts and moderators look after a space; only hosts change its settings, roles and invites. */
export const canManage = (space: Pick<Space, 'membership'>) => space.membership?.role === 'host' || space.membership?.role === 'moderator';
export const isHost = (space: Pick<Space, 'membership'>) => space.membership?.role === 'host';
