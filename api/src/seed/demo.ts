import type { INestApplication } from '@nestjs/common';
import { getDataSourceToken } from '@nestjs/typeorm';
import type { DataSource } from 'typeorm';
import { usernameKey, type Locale, type PlatformRole } from '@sorstars/shared';
import { logger } from '../core/logging/logger.js';
import { hashPassword } from '../modules/accounts/passwords.js';

/** Every demo account's password; README names it. Demo data is for trying the product only. */
export const DEMO_PASSWORD = 'sorstars-demo-2026';

interface DemoUser {
  username: string;
  displayName: string;
  locale: Locale;
  roles: PlatformRole[];
}

/** A small, believable community across the six languages. */
export const DEMO_USERS: DemoUser[] = [
  { username: 'admin', displayName: 'Sorstárs admin', locale: 'en', roles: ['member', 'admin'] },
  { username: 'kata', displayName: 'Kata (mentor, Budapest)', locale: 'hu', roles: ['member'] },
  { username: 'mads', displayName: 'Mads', locale: 'da', roles: ['member'] },
  { username: 'aino', displayName: 'Aino (kokemusasiantuntija)', locale: 'fi', roles: ['member'] },
  { username: 'milica', displayName: 'Milica', locale: 'sr', roles: ['member'] },
  { username: 'ziga', displayName: 'Žiga', locale: 'sl', roles: ['member'] },
  { username: 'streets-to-homes', displayName: 'From Streets to Homes (staff)', locale: 'hu', roles: ['member', 'org_staff'] },
];

/** Seeds only a database with no people in it, so a restart never duplicates the demo. */
export async function seedDemoIfEmpty(app: INestApplication): Promise<void> {
  const db = app.get<DataSource>(getDataSourceToken());
  const [{ n }] = await db.query(`SELECT count(*)::int AS n FROM users`);
  if (n > 0) return;
  const passwordHash = await hashPassword(DEMO_PASSWORD);
  await db.transaction(async (manager) => {
    for (const u of DEMO_USERS) {
      await manager.query(
        `INSERT INTO users (username, username_key, display_name, password_hash, locale, roles) VALUES ($1, $2, $3, $4, $5, $6)`,
        [u.username, usernameKey(u.username), u.displayName, passwordHash, u.locale, u.roles],
      );
    }
  });
  logger.info({ users: DEMO_USERS.length }, 'demo content seeded');
}
