import type * as Flexible from 'rate-limiter-flexible';
import type { RateLimiterAbstract } from 'rate-limiter-flexible';
import type { RateLimit } from './store';

/**
 * rate-limiter-flexible's consume() as a value: undefined when allowed, else milliseconds to wait. The library
 * (about 50 ms to load: its index requires every backend) is loaded on the first take, so opening a store for
 * a CLI command does not pay for it.
 */
export function lazyRateLimit(create: (lib: typeof Flexible) => RateLimiterAbstract): RateLimit {
  let made: Promise<{ lib: typeof Flexible; limiter: RateLimiterAbstract }> | undefined;
  return {
    take: async (key) => {
      made ??= import('rate-limiter-flexible').then((lib) => ({ lib, limiter: create(lib) }));
      const { lib, limiter } = await made;
      try {
        await limiter.consume(key);
        return undefined;
      } catch (error) {
        if (error instanceof lib.RateLimiterRes) return error.msBeforeNext;
        throw error;
      }
    },
  };
}
