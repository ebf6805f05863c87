/**
 * The persistence the reminders and the bot share: SQLite for one process, PostgreSQL for several replicas
 * (spec §10). Decisions are idempotent because the ledger says what was already posted; a notice is claimed in
 * the ledger before it is posted, so whichever replica dies and when, it is posted once.
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

/**
 * One notice's identity: the watch, what it is about (a certificate's fingerprint, or an unreachable /
 * reachable-again episode) and its kind (`threshold:7`, `expired`, `renewed`, `unreachable`…).
 */
export interface NoticeKey {
  watchId: number;
  subject: string;
  kind: string;
}

/**
 * What claiming a notice found: it is ours to post, it was already posted (by a replica that died before
 * recording the rest), or another live sweeper holds it.
 */
export type ClaimResult = 'claimed' | 'posted' | 'busy';

/** The right to sweep, held by one process at a time. */
export interface SweepLock {
  /** False once the lock was lost (connection dropped, lease taken over): stop before posting more. */
  held(): boolean;
  /** The last cron tick (epoch ms) a sweep finished, across every replica. */
  lastTick(): Promise<number | undefined>;
  /** Records a tick as swept, so a replica whose timer fires later does not sweep it again. */
  finishTick(tick: number): Promise<void>;
  release(): Promise<void>;
}

/** A per-key budget over a window, shared by every process on the store. */
export interface RateLimit {
  /** Undefined when allowed; otherwise milliseconds until the key may go again. */
  take(key: string): Promise<number | undefined>;
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
   * Claims a notice before it is posted. A claim whose owner died is claimable again once `leaseMs` has
   * passed; a posted one never is.
   */
  claimNotice(key: NoticeKey, owner: string, leaseMs: number, now: Date): Promise<ClaimResult>;
  /** Marks claimed notices posted with Slack's ts, as soon as Slack accepted the message. */
  markPosted(keys: readonly NoticeKey[], owner: string, slackTs: string, now: Date): Promise<void>;
  /** Gives back claims whose post certainly failed, so the next sweep need not wait for the lease. */
  releaseClaims(keys: readonly NoticeKey[], owner: string): Promise<void>;
  /** At most one sweep at a time across processes; undefined while another process holds it. */
  lockSweep(owner: string): Promise<SweepLock | undefined>;
  /** True the first time a Slack event id is seen within `ttlMs`, across every process on the store. */
  firstDelivery(eventId: string, ttlMs: number, now: Date): Promise<boolean>;
  /**
   * What a Slack thread is about (its host and last report, as JSON the caller owns), replacing the previous
   * one, kept `ttlMs`; follow-ups in the thread ("check again", a symptom) read it back from any replica.
   */
  saveThreadReport(channel: string, threadTs: string, json: string, ttlMs: number, now: Date): Promise<void>;
  /** The thread's saved JSON and when it was saved; undefined once expired or never saved. */
  threadReport(
    channel: string,
    threadTs: string,
    now: Date,
  ): Promise<{ json: string; savedAt: Date } | undefined>;
  /** A rate limit over `durationSeconds` shared by every process on the store (SQLite: this process). */
  rateLimit(name: string, points: number, durationSeconds: number): RateLimit;
  close(): Promise<void>;
}
