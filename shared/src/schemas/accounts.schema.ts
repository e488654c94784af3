import { z } from 'zod';
import { SUPPORTED_LOCALES } from '../locales.js';
import { text } from './common.schema.js';
import { usernameProblem } from './username-rules.js';

/** `safeguarding`: the platform's safeguarding leads, who see "worried about someone's safety" reports. */
export const PLATFORM_ROLES = ['member', 'org_staff', 'admin', 'safeguarding'] as const;
export type PlatformRole = (typeof PLATFORM_ROLES)[number];

export const USERNAME_MIN = 3;
export const USERNAME_MAX = 32;
export const PASSWORD_MIN = 8;
/** Long passphrases are welcome; the cap only stops hashing megabytes. */
export const PASSWORD_MAX = 256;
export const DISPLAY_NAME_MAX = 64;
export const RECOVERY_CODE_COUNT = 10;

/** Letters of any script, combining marks, digits, and `_` `-` `.`. */
const USERNAME_PATTERN = /^[\p{L}\p{M}\p{Nd}_.-]+$/u;

/**
 * The form a username is compared in: NFKC folds compatibility look-alikes (full-width letters,
 * ligatures), then case is folded. Two names with the same key are the same name.
 */
export function usernameKey(username: string): string {
  return username.normalize('NFKC').toLowerCase().normalize('NFKC');
}

export const usernameSchema = text(USERNAME_MAX, { tooLong: 'validation.usernameLength' })
  .min(USERNAME_MIN, { error: 'validation.usernameLength' })
  .regex(USERNAME_PATTERN, { error: 'validation.usernameCharacters' })
  .superRefine((name, ctx) => {
    const problem = usernameProblem(name);
    if (problem) ctx.addIssue({ code: 'custom', message: problem });
  });

/** A password is compared byte for byte, so it is neither trimmed nor normalised. */
const secretText = (max: number) => text(max, { verbatim: true, tooLong: 'validation.passwordTooLong' });

export const passwordSchema = secretText(PASSWORD_MAX).min(PASSWORD_MIN, { error: 'validation.passwordLength' });
/** What someone types to prove who they are: any non-empty password; its strength was judged when it was set. */
export const currentPasswordSchema = secretText(PASSWORD_MAX).min(1, { error: 'validation.required' });
/** A username as typed at login or recovery: any name, so an old one made under older rules still signs in. */
const typedUsername = text(200).min(1, { error: 'validation.required' });

export const localeSchema = z.enum(SUPPORTED_LOCALES, { error: 'validation.locale' });

export const displayNameSchema = text(DISPLAY_NAME_MAX, { tooLong: 'validation.displayNameLength' })
  // Format characters too (zero-width joiners, soft hyphens) would let a name hide text.
  .regex(/^[^\p{Cc}\p{Cf}]*$/u, { error: 'validation.controlCharacters' });

export const registerSchema = z.strictObject({
  username: usernameSchema,
  password: passwordSchema,
  displayName: displayNameSchema.optional(),
  locale: localeSchema.optional(),
});
export type RegisterInput = z.infer<typeof registerSchema>;

export const loginSchema = z.strictObject({
  username: typedUsername,
  password: currentPasswordSchema,
});
export type LoginInput = z.infer<typeof loginSchema>;

export const changePasswordSchema = z.strictObject({
  currentPassword: currentPasswordSchema,
  newPassword: passwordSchema,
});
export type ChangePasswordInput = z.infer<typeof changePasswordSchema>;

export const recoverSchema = z.strictObject({
  username: typedUsername,
  recoveryCode: text(64).min(1, { error: 'validation.required' }),
  newPassword: passwordSchema,
});
export type RecoverInput = z.infer<typeof recoverSchema>;

export const updateMeSchema = z
  .strictObject({ displayName: displayNameSchema.optional(), locale: localeSchema.optional() })
  .refine((v) => v.displayName !== undefined || v.locale !== undefined, { error: 'validation.nothingToUpdate' });
export type UpdateMeInput = z.infer<typeof updateMeSchema>;

export const createTokenSchema = z.strictObject({
  name: text(64, { tooLong: 'validation.tokenNameLength' }).min(1, { error: 'validation.required' }),
  /** Days until the token stops working; none means until revoked. */
  expiresInDays: z.number().int().min(1).max(3650).optional(),
});
export type CreateTokenInput = z.infer<typeof createTokenSchema>;

export const grantRoleSchema = z.strictObject({ role: z.enum(PLATFORM_ROLES, { error: 'validation.role' }) });

export const userSchema = z.object({
  id: z.uuid(),
  username: z.string(),
  displayName: z.string().nullable(),
  locale: localeSchema,
  roles: z.array(z.enum(PLATFORM_ROLES)),
  createdAt: z.string(),
});
export type User = z.infer<typeof userSchema>;

export const publicUserSchema = z.object({
  id: z.uuid(),
  username: z.string(),
  displayName: z.string().nullable(),
  /** The display name looks like someone else's name: show the @username next to it. */
  nameLookalike: z.boolean().optional(),
});
export type PublicUser = z.infer<typeof publicUserSchema>;

export const registerResultSchema = z.object({ user: userSchema, recoveryCodes: z.array(z.string()) });
export type RegisterResult = z.infer<typeof registerResultSchema>;

/** What a password change or an account recovery ended, so the person can be told. */
export const endedCredentialsSchema = z.object({ sessions: z.number().int(), tokens: z.number().int(), calendarFeed: z.boolean() });
export type EndedCredentials = z.infer<typeof endedCredentialsSchema>;

export const recoverResultSchema = z.object({ user: userSchema, ended: endedCredentialsSchema });
export type RecoverResult = z.infer<typeof recoverResultSchema>;

export const passwordChangedSchema = z.object({ ended: endedCredentialsSchema });
export type PasswordChanged = z.infer<typeof passwordChangedSchema>;

export const tokenSummarySchema = z.object({
  id: z.uuid(),
  name: z.string(),
  createdAt: z.string(),
  lastUsedAt: z.string().nullable(),
  expiresAt: z.string().nullable(),
});
export type TokenSummary = z.infer<typeof tokenSummarySchema>;
