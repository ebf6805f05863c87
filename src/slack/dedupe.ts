/**
 * Slack retries an event it thinks was not acknowledged (X-Slack-Retry-Num), with the same event_id: answering
 * each delivery would post twice. Remembers ids for a while, bounded in number.
 */
export class RecentIds {
  private readonly seen = new Map<string, number>();

  constructor(
    private readonly ttlMs = 15 * 60 * 1000,
    private readonly max = 10000,
    private readonly now: () => number = Date.now,
  ) {}

  /** True the first time an id is seen within the TTL. */
  firstTime(id: string): boolean {
    const now = this.now();
    const at = this.seen.get(id);
    if (at !== undefined && now - at < this.ttlMs) return false;
    this.seen.set(id, now);
    if (this.seen.size > this.max) {
      for (const [key, time] of this.seen) {
        if (this.seen.size <= this.max && now - time < this.ttlMs) break;
        this.seen.delete(key);
      }
    }
    return true;
  }
}
