import fs from 'node:fs';
import { admin } from './global-setup.mjs';

/** Drops what global-setup.mjs made. */
export default async function globalTeardown() {
  const template = process.env.SORSTARS_TEST_TEMPLATE_DB;
  if (template && process.env.TEST_DATABASE_URL) {
    await admin(process.env.TEST_DATABASE_URL, `DROP DATABASE IF EXISTS ${template} WITH (FORCE)`);
  }
  const snapshot = process.env.SORSTARS_TEST_SNAPSHOT_DIR;
  if (snapshot) fs.rmSync(snapshot, { recursive: true, force: true });
}
