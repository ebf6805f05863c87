import { lazyRateLimit } from '../store/rate-limit';
import type { RateLimit, Store } from '../store/store';

/**
 * A few checks per user per minute: the bot probes on anyone's request, so nobody may turn it into a scanner.
 * Counted in the store when there is one (PostgreSQL: across every replica), else in this process.
 */
export class CheckLimiter {
  private readonly local: RateLimit;
  private readonly shared: RateLimit | undefined;

  constructor(
    readonly perMinute: number,
    store?: Store,
  ) {
    this.local = lazyRateLimit((lib) => new lib.RateLimiterMemory({ points: perMinute, duration: 60 }));
    this.shared = store?.rateLimit('checks', perMinute, 60);
  }

  /** Undefined when allowed; otherwise seconds until the next check is allowed. */
  async take(userId: string): Promise<number | undefined> {
    let waitMs: number | undefined;
    try {
      waitMs = await (this.shared ?? this.local).take(userId);
    } catch {
      // The database did not answer: this process's count stands in rather than refusing everyone.
      waitMs = await this.local.take(userId);
    }
    return waitMs === undefined ? undefined : Math.max(1, Math.ceil(waitMs / 1000));
  }
}
