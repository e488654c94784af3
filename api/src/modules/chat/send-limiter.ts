/**
 * Sliding-window send limit per person and space, kept in this process: a person's socket talks
 * to one API process, and the check sits on the hot path of every message.
 */
export class SendLimiter {
  private readonly sent = new Map<string, number[]>();

  constructor(
    private readonly limit: number,
    private readonly windowMs: number,
  ) {}

  /** Records a send and answers 0, or answers the seconds to wait without recording. */
  take(key: string, now = Date.now()): number {
    const recent = (this.sent.get(key) ?? []).filter((t) => t > now - this.windowMs);
    if (recent.length >= this.limit) {
      this.sent.set(key, recent);
      return Math.max(1, Math.ceil((recent[0] + this.windowMs - now) / 1000));
    }
    recent.push(now);
    this.sent.set(key, recent);
    if (this.sent.size > 50_000) this.sweep(now);
    return 0;
  }

  /** Takes back the send recorded last for `key` (it turned out to be a resend of a stored message). */
  giveBack(key: string): void {
    this.sent.get(key)?.pop();
  }

  private sweep(now: number): void {
    for (const [key, times] of this.sent) if (times.every((t) => t <= now - this.windowMs)) this.sent.delete(key);
  }
}
