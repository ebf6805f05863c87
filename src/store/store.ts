/**
 * The persistence the reminders need, narrow enough for a PostgreSQL implementation later (every method is
 * async for that reason). Decisions are idempotent because the ledger says what was already posted.
 */
export interface WatchInput {
  channel: string;
  /** host:port plus connect address: what makes two watches the same. */
  targetKey: string;
  input: string;
  host: string;
  port: number;
  connectAddress?: string;
  days: number[];
  addedBy: string;
}

export interface Watch extends WatchInput {
  id: number;
  addedAt: string;
}

export interface LastResult {
  checkedAt: string;
  fingerprint?: string;
  notAfter?: string;
  issuer?: string;
  verdict?: string;
  /** Whether the last certificate seen chains to a trusted root (system store plus the extra CAs). */
  trusted?: boolean;
  /** Why the last sweep could not read the certificate; only while failures > 0. */
  error?: string;
  /** Consecutive sweeps that could not read the certificate. */
  failures: number;
  unreachableNotified: boolean;
}

export interface LedgerRow {
  fingerprint: string;
  kind: string;
}

export interface WatchWithResult extends Watch {
  last?: LastResult;
}

export interface Store {
  upsertWatch(input: WatchInput, now: Date): Promise<{ watch: Watch; created: boolean }>;
  removeWatch(channel: string, targetKey: string): Promise<boolean>;
  /** One watch by its identity in a channel (the target key), with its last result. */
  getWatch(channel: string, targetKey: string): Promise<WatchWithResult | undefined>;
  listWatches(channel?: string): Promise<WatchWithResult[]>;
  /** The ledger rows of a watch: what was posted, per certificate. */
  posted(watchId: number): Promise<LedgerRow[]>;
  /** The new last result and what was posted, in one transaction. */
  commit(
    watchId: number,
    result: LastResult,
    posted: LedgerRow[],
    slackTs: string | undefined,
    now: Date,
  ): Promise<void>;
  /**
   * At most one sweep at a time, across processes: a lease with an owner and an expiry. The holder calls it
   * again with its own owner id to extend the lease while it works; anyone else gets false until it expires.
   */
  acquireSweepLease(owner: string, ttlMs: number, now: Date): Promise<boolean>;
  releaseSweepLease(owner: string): Promise<void>;
  close(): Promise<void>;
}
