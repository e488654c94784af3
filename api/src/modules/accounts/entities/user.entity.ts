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

  @Column({ name: 'display_name', type: 'text', nullable: true })
  displayName!: string | null;

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
