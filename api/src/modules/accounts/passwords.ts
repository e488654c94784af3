import argon2 from 'argon2';
import { dictionary } from '@zxcvbn-ts/language-common';

/**
 * argon2id with OWASP's second recommended setting (19 MiB, 2 passes), which keeps a login
 * well under 100 ms on a small server while staying costly to guess offline.
 */
const ARGON2_OPTIONS = { type: argon2.argon2id, memoryCost: 19_456, timeCost: 2, parallelism: 1 } as const;

export const hashPassword = (password: string) => argon2.hash(password, ARGON2_OPTIONS);

export async function verifyPassword(hash: string, password: string): Promise<boolean> {
  try {
    return await argon2.verify(hash, password);
  } catch {
    return false;
  }
}

/**
 * About 49,000 passwords seen most often in breaches (zxcvbn-ts's common list). Refusing them is
 * the one rule NIST SP 800-63B asks for besides length; there are no composition rules.
 */
const COMMON = new Set(dictionary.passwords.map((p: string) => p.toLowerCase()));

export const isCommonPassword = (password: string) => COMMON.has(password.toLowerCase());
export const COMMON_PASSWORD_COUNT = COMMON.size;

/** A hash to verify against when the username does not exist, so timing does not tell. */
let dummyHash: Promise<string> | null = null;
export const timingSafeDummyHash = () => (dummyHash ??= hashPassword('not-a-real-password-for-timing'));
