import type { ProbeCredentials } from '../config';
import type { Report } from '../core/report';
import type { Target } from '../core/target';
import type { TargetPolicy } from '../core/target-policy';
import type { Lookup } from './resolve-target';

export interface CheckOptions {
  policy: TargetPolicy;
  /** Bound for each probe (DNS, connect, handshake, each HTTP exchange). */
  timeoutMs: number;
  warnDays: number;
  /** Extra trust anchors (--ca-file, RPCCHECK_CA_FILE) added to Node's bundled roots. */
  extraCaPem?: readonly string[];
  now?: () => Date;
  lookup?: Lookup;
  /** Port of the plaintext companion probe (`http.basic_over_plaintext`); 80 unless a test moves it. */
  httpPort?: number;
  /** Test account for the authenticated RPC ping (spec §8). */
  credentials?: ProbeCredentials;
  /**
   * Told the address once the target passed the policy, before anything connects: the CLI's progress line
   * comes after the refusals, never before one. Autodiscover calls it for each endpoint it opens.
   */
  onResolved?: (address: string) => void;
}

/** A check either refuses the target (policy, before any packet) or produces a report. */
export type CheckOutcome = { kind: 'refused'; reason: string } | { kind: 'report'; report: Report };

export type RunCheck = (target: Target, options: CheckOptions) => Promise<CheckOutcome>;
