import { Check, Column, DeleteDateColumn, Entity, Index } from 'typeorm';
import type { Locale, PlatformRole } from '@sorstars/shared';
import { BaseEntity } from '../../../core/database/base.entity.js';

export type UserStatus = 'active' | 'suspended' | 'deleted';

@Entity('users')
@Check('users_status_check', `status IN ('active', 'suspended', 'deleted')`)
export class UserEntity extends BaseEntity {
  @Column({ type: 'text' })
  username!: string;

  /** The username folded for comparison (see usernameKey in shared/): unique. */
  @Index('users_username_key_unique', { unique: true })
  @Column({ name: 'username_key', type: 'text' })
  usernameKey!: string;

  /** UTS #39 skeleton of the username key: unique, so a look-alike of a taken name is refused. */
  @Index('users_username_skeleton_unique', { unique: true })
  @Column({ name: 'username_skeleton', type: 'text', nullable: true, select: false })
  usernameSkeleton!: string | null;

  @Column({ name: 'display_name', type: 'text', nullable: true })
  displayName!: string | null;

  /** UTS #39 skeleton of the display name, to notice one that imitates someone else's name. */
  @Index('users_display_name_skeleton')
  @Column({ name: 'display_name_skeleton', type: 'text', nullable: true, select: false })
  displayNameSkeleton!: string | null;

  @Column({ name: 'password_hash', type: 'text', select: false })
  passwordHash!: string;

  @Column({ type: 'text', default: 'en' })
  locale!: Locale;

  @Column({ type: 'text', array: true, default: '{member}' })
  roles!: PlatformRole[];

  @Column({ type: 'text', default: 'active' })
  status!: UserStatus;

  @Column({ name: 'suspended_until', type: 'timestamptz', nullable: true })
  suspendedUntil!: Date | null;

  @DeleteDateColumn({ name: 'deleted_at', type: 'timestamptz', nullable: true })
  deletedAt!: Date | null;
}
