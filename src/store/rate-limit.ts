import { type RateLimiterAbstract, RateLimiterRes } from 'rate-limiter-flexible';
import type { RateLimit } from './store';

/** rate-limiter-flexible's consume() as a value: undefined when allowed, else milliseconds to wait. */
export function rateLimitOf(limiter: RateLimiterAbstract): RateLimit {
  return {
    take: async (key) => {
      try {
        await limiter.consume(key);
        return undefined;
      } catch (error) {
        if (error instanceof RateLimiterRes) return error.msBeforeNext;
        throw error;
      }
    },
  };
}
