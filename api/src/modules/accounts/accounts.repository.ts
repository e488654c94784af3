import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource, EntityManager } from 'typeorm';
import type { Locale, PlatformRole } from '@sorstars/shared';
import { UserEntity } from './entities/user.entity.js';
import { returning } from '../../core/database/returning.js';

export interface NewUser {
  username: string;
  usernameKey: string;
  usernameSkeleton: string;
  displayName: string | null;
  displayNameSkeleton: string | null;
  passwordHash: string;
  locale: Locale;
}

@Injectable()
export class AccountsRepository {
  constructor(@InjectDataSource() private readonly db: DataSource) {}

  private users(manager: EntityManager = this.db.manager) {
    return manager.getRepository(UserEntity);
  }

  transaction<T>(work: (manager: EntityManager) => Promise<T>): Promise<T> {
    return this.db.transaction(work);
  }

  /**
   * Inserts the user; answers null when the folded username or its look-alike skeleton is taken
   * (two unique indexes, so two people racing for look-alike names cannot both win).
   */
  async insertUser(data: NewUser, manager: EntityManager): Promise<UserEntity | null> {
    const rows: { id: string }[] = await manager.query(
      `INSERT INTO users (username, username_key, username_skeleton, display_name, display_name_skeleton, password_hash, locale)
       VALUES ($1, $2, $3, $4, $5, $6, $7) ON CONFLICT DO NOTHING RETURNING id`,
      [data.username, data.usernameKey, data.usernameSkeleton, data.displayName, data.displayNameSkeleton, data.passwordHash, data.locale],
    );
    return rows[0] ? this.users(manager).findOneByOrFail({ id: rows[0].id }) : null;
  }

  byId(id: string): Promise<UserEntity | null> {
    return this.users().findOneBy({ id });
  }

  /** With the password hash, for checking credentials. */
  byUsernameKeyWithPassword(usernameKey: string): Promise<UserEntity | null> {
    return this.users()
      .createQueryBuilder('u')
      .addSelect('u.passwordHash')
      .where('u.username_key = :usernameKey', { usernameKey })
      .getOne();
  }

  byIdWithPassword(id: string): Promise<UserEntity | null> {
    return this.users().createQueryBuilder('u').addSelect('u.passwordHash').where('u.id = :id', { id }).getOne();
  }

  byUsernameKey(usernameKey: string): Promise<UserEntity | null> {
    return this.users().findOneBy({ usernameKey });
  }

  async update(
    id: string,
    changes: Partial<Pick<UserEntity, 'displayName' | 'displayNameSkeleton' | 'locale' | 'passwordHash' | 'roles'>>,
    manager?: EntityManager,
  ) {
    await this.users(manager).update({ id }, changes);
  }

  /** Accounts made before skeletons were stored (see the AddUsernameSkeletons migration). */
  async withoutSkeletons(afterId: string | null, limit: number): Promise<{ id: string; username: string; display_name: string | null }[]> {
    return this.db.query(
      `SELECT id, username, display_name FROM users
        WHERE username_skeleton IS NULL AND ($1::uuid IS NULL OR id > $1::uuid) ORDER BY id LIMIT $2`,
      [afterId, limit],
    );
  }

  /**
   * Stores an old account's skeletons; answers false when its username looks like an older one's
   * (the unique index refuses it): such a pair predates the rule and is left as it is.
   */
  async setSkeletons(id: string, usernameSkeleton: string, displayNameSkeleton: string | null): Promise<boolean> {
    const rows = await returning(
      this.db,
      `UPDATE users SET username_skeleton = $2, display_name_skeleton = $3
        WHERE id = $1 AND username_skeleton IS NULL
          AND NOT EXISTS (SELECT 1 FROM users o WHERE o.username_skeleton = $2 AND o.id <> $1)
       RETURNING id`,
      [id, usernameSkeleton, displayNameSkeleton],
    );
    return rows.length > 0;
  }

  async reactivate(id: string): Promise<void> {
    await this.db.query(`UPDATE users SET status = 'active', suspended_until = NULL, updated_at = now() WHERE id = $1 AND status = 'suspended'`, [id]);
  }

  async addRole(id: string, role: PlatformRole): Promise<void> {
    await this.db.query(`UPDATE users SET roles = array_append(roles, $2), updated_at = now() WHERE id = $1 AND NOT ($2 = ANY(roles))`, [id, role]);
  }

  async replaceRecoveryCodes(userId: string, hashes: string[], manager: EntityManager): Promise<void> {
    await manager.query(`DELETE FROM recovery_codes WHERE user_id = $1`, [userId]);
    await manager.query(
      `INSERT INTO recovery_codes (user_id, code_hash) SELECT $1, unnest($2::text[])`,
      [userId, hashes],
    );
  }

  /** Marks the code used and answers true only if it was unused: a code works once, even in a race. */
  async consumeRecoveryCode(userId: string, codeHash: string, manager: EntityManager): Promise<boolean> {
    const rows = await returning(
      manager,
      `UPDATE recovery_codes SET used_at = now() WHERE user_id = $1 AND code_hash = $2 AND used_at IS NULL RETURNING id`,
      [userId, codeHash],
    );
    return rows.length > 0;
  }

  async remainingRecoveryCodes(userId: string): Promise<number> {
    const rows: { n: number }[] = await this.db.query(
      `SELECT count(*)::int AS n FROM recovery_codes WHERE user_id = $1 AND used_at IS NULL`,
      [userId],
    );
    return rows[0].n;
  }

  async listTokens(userId: string) {
    return this.db.query(
      `SELECT id, name, created_at, last_used_at, expires_at FROM access_tokens WHERE user_id = $1 ORDER BY created_at DESC`,
      [userId],
    ) as Promise<{ id: string; name: string; created_at: Date; last_used_at: Date | null; expires_at: Date | null }[]>;
  }

  async insertToken(userId: string, name: string, tokenHash: string, expiresInDays: number | undefined) {
    const rows = await this.db.query(
      `INSERT INTO access_tokens (user_id, name, token_hash, expires_at)
       VALUES ($1, $2, $3, CASE WHEN $4::int IS NULL THEN NULL ELSE now() + make_interval(days => $4::int) END)
       RETURNING id, name, created_at, last_used_at, expires_at`,
      [userId, name, tokenHash, expiresInDays ?? null],
    );
    return rows[0] as { id: string; name: string; created_at: Date; last_used_at: Date | null; expires_at: Date | null };
  }

  async deleteToken(userId: string, tokenId: string): Promise<boolean> {
    const rows = await returning(this.db, `DELETE FROM access_tokens WHERE id = $1 AND user_id = $2 RETURNING id`, [tokenId, userId]);
    return rows.length > 0;
  }

  async block(blockerId: string, blockedId: string): Promise<void> {
    await this.db.query(
      `INSERT INTO user_blocks (blocker_id, blocked_id) VALUES ($1, $2) ON CONFLICT DO NOTHING`,
      [blockerId, blockedId],
    );
  }

  async unblock(blockerId: string, blockedId: string): Promise<void> {
    await this.db.query(`DELETE FROM user_blocks WHERE blocker_id = $1 AND blocked_id = $2`, [blockerId, blockedId]);
  }

  async blockedBy(blockerId: string) {
    return this.db.query(
      `SELECT u.id, u.username, u.display_name FROM user_blocks b JOIN users u ON u.id = b.blocked_id
        WHERE b.blocker_id = $1 ORDER BY b.created_at DESC`,
      [blockerId],
    ) as Promise<{ id: string; username: string; display_name: string | null }[]>;
  }
}
