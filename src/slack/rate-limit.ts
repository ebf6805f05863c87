import { RateLimiterMemory, RateLimiterRes } from 'rate-limiter-flexible';

/** A few checks per user per minute: the bot probes on anyone's request, so nobody may turn it into a scanner. */
export class CheckLimiter {
  private readonly limiter: RateLimiterMemory;

  constructor(readonly perMinute: number) {
    this.limiter = new RateLimiterMemory({ points: perMinute, duration: 60 });
  }

  /** Undefined when allowed; otherwise seconds until the next check is allowed. */
  async take(userId: string): Promise<number | undefined> {
    try {
      await this.limiter.consume(userId);
      return undefined;
    } catch (error) {
      if (error instanceof RateLimiterRes) return Math.max(1, Math.ceil(error.msBeforeNext / 1000));
      throw error;
    }
  }
}
