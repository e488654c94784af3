import { usernameKey } from '@sorstars/shared';

/** `@kata` and `@Žiga` → their folded usernames, each once. */
export function mentionedUsernameKeys(body: string): string[] {
  const keys = new Set<string>();
  for (const match of body.matchAll(/(?:^|[^\p{L}\p{Nd}_.-])@([\p{L}\p{M}\p{Nd}_.-]{3,32})/gu)) {
    keys.add(usernameKey(match[1].replace(/[.-]+$/, '')));
  }
  return [...keys].slice(0, 20);
}
