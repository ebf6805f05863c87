import type { Config } from '../config';
import type { CheckOptions } from './check-types';

/**
 * Check options from the configuration. Checks people ask for log in with the test account when one is
 * configured; reminder sweeps never do: they only need the certificate, and logging in to every watched
 * proxy each day would fill security logs and risk account lockouts for nothing.
 */
export function checkOptionsFrom(config: Config, purpose: 'on-demand' | 'sweep'): CheckOptions {
  return {
    policy: config.policy,
    timeoutMs: config.timeoutMs,
    warnDays: config.warnDays,
    extraCaPem: config.extraCaPem,
    ...(purpose === 'on-demand' &&
      config.probeCredentials !== undefined && { credentials: config.probeCredentials }),
  };
}
