import { createHash, randomBytes } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';

/**
 * Session ids, tokens and recovery codes are long random secrets, so a fast hash is enough to
 * keep a database leak from handing them out (passwords, chosen by people, get argon2id instead).
 */
export function sha256(value: string): string {
  return createHash('sha256').update(value).digest('hex');
}

/** 256 bits, URL-safe. */
export function randomSecret(bytes = 32): string {
  return randomBytes(bytes).toString('base64url');
}

/** Crockford-like alphabet: no 0/O, 1/I/L, so codes read aloud or copied by hand survive. */
const RECOVERY_ALPHABET = 'ABCDEFGHJKMNPQRSTUVWXYZ23456789';

/** `XXXX-XXXX-XXXX`: 12 symbols of 31, about 59 bits. */
export function recoveryCode(): string {
  const bytes = randomBytes(12);
  const chars = [...bytes].map((b) => RECOVERY_ALPHABET[b % RECOVERY_ALPHABET.length]);
  return [chars.slice(0, 4), chars.slice(4, 8), chars.slice(8, 12)].map((g) => g.join('')).join('-');
}

/** Accepts codes typed with spaces, lower case or without dashes. */
export function normaliseRecoveryCode(input: string): string {
  const compact = input.toUpperCase().replace(/[^A-Z0-9]/g, '');
  return compact.length === 12 ? `${compact.slice(0, 4)}-${compact.slice(4, 8)}-${compact.slice(8)}` : compact;
}

/**
 * A secret made once and kept in DATA_DIR, shared by API processes that share the directory.
 * Created exclusively (`wx`), so two processes starting at once end up reading the same one.
 */
export function secretFromDataDir(dataDir: string, fileName: string): string {
  const file = path.join(dataDir, fileName);
  fs.mkdirSync(dataDir, { recursive: true });
  try {
    fs.writeFileSync(file, randomSecret(), { flag: 'wx', mode: 0o600 });
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err;
  }
  // A process that lost the race may read before the winner's write lands; wait for it briefly.
  for (let i = 0; i < 50; i++) {
    const secret = fs.readFileSync(file, 'utf8').trim();
    if (secret.length >= 32) return secret;
    Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, 20);
  }
  throw new Error(`${file} holds no usable secret`);
}
