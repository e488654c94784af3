import fs from 'node:fs';
import path from 'node:path';
import webpush from 'web-push';

export interface VapidKeys {
  publicKey: string;
  privateKey: string;
  subject: string;
}

/**
 * VAPID keys from VAPID_PUBLIC_KEY / VAPID_PRIVATE_KEY, or else generated once into DATA_DIR
 * (created exclusively, so API processes sharing the directory share the keys). Processes that
 * do not share a directory must be given the keys: a subscription is bound to one public key.
 */
export function loadVapidKeys(dataDir: string, env: NodeJS.ProcessEnv = process.env): VapidKeys {
  const subject = env.VAPID_SUBJECT || 'mailto:admin@sorstars.invalid';
  if (env.VAPID_PUBLIC_KEY && env.VAPID_PRIVATE_KEY) return { publicKey: env.VAPID_PUBLIC_KEY, privateKey: env.VAPID_PRIVATE_KEY, subject };
  const file = path.join(dataDir, 'vapid.json');
  fs.mkdirSync(dataDir, { recursive: true });
  try {
    fs.writeFileSync(file, JSON.stringify(webpush.generateVAPIDKeys()), { flag: 'wx', mode: 0o600 });
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err;
  }
  const keys = JSON.parse(fs.readFileSync(file, 'utf8')) as { publicKey: string; privateKey: string };
  return { ...keys, subject };
}

/**
 * The keys, read or made on first use rather than at start: a process that never pushes (the CLI
 * granting a role, say) must not create DATA_DIR or a key file where it happens to run.
 */
export class VapidKeyStore {
  private loaded: VapidKeys | null = null;

  constructor(private readonly dataDir: string) {}

  keys(): VapidKeys {
    this.loaded ??= loadVapidKeys(this.dataDir);
    return this.loaded;
  }
}
