import type { ConnectToRule } from '../../core/connect-to';
import type { CheckOptions, RunCheck } from '../check-types';
import type { SrvRecord } from './candidates';

export type SrvLookup = (name: string) => Promise<SrvRecord[]>;

/** The check's options plus what only Autodiscover needs; tests inject SRV answers as they inject `lookup`. */
export interface AutodiscoverOptions extends CheckOptions {
  connectTo?: readonly ConnectToRule[];
  resolveSrv?: SrvLookup;
  /** The check run on the EXPR server; the real one unless a caller wraps it. */
  runCheck?: RunCheck;
}
