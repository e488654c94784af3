/**
 * Domain event: sessions or access tokens have ended (logout, password change, recovery, token
 * revocation, suspension, account deletion). Whatever was opened with them — live Socket.IO
 * connections above all — must end too; core/realtime listens and disconnects on every process.
 * Emit it after the deleting transaction commits, so a reconnect cannot find the old row still there.
 */
export const CREDENTIALS_ENDED = 'auth.credentials_ended';

export interface CredentialsEnded {
  /** Session id hashes (`AuthUser.credentialId` of a session). */
  sessionIds?: string[];
  /** Access token ids (`AuthUser.credentialId` of a token). */
  tokenIds?: string[];
  /** Every credential of these people at once (suspension, account deletion). */
  userIds?: string[];
}
