import path from 'node:path';
import Database from 'better-sqlite3';
import { lazyRateLimit } from '../rate-limit';
import type {
  ClaimResult,
  LastResult,
  LedgerRow,
  NoticeKey,
  RateLimit,
  Store,
  SweepLock,
  Watch,
  WatchInput,
  WatchWithResult,
} from '../store';
import { ensureFolder } from './ensure-folder';
import { MIGRATIONS } from './migrations';
import { heartbeatLock } from './sweep-lease';
import { toWatch, type WatchRow } from '../watch-row';

/**
 * Applies the migrations the file lacks, in one IMMEDIATE transaction that reads the version after taking the
 * write lock: two processes opening a new file at once must not both see version 0 and both create tables.
 */
export function migrate(db: Database.Database, upTo = Number.POSITIVE_INFINITY): number {
  return db
    .transaction((): number => {
      let version = db.pragma('user_version', { simple: true }) as number;
      for (const step of MIGRATIONS) {
        if (step.version <= version || step.version > upTo) continue;
        db.exec(step.sql);
        db.pragma(`user_version = ${step.version}`);
        version = step.version;
      }
      return version;
    })
    .immediate();
}

const SELECT_WATCHES = `SELECT w.*, r.checked_at, r.fingerprint, r.not_after, r.issuer, r.verdict, r.failures, r.unreachable_notified, r.trusted, r.error
  FROM watches w LEFT JOIN last_results r ON r.watch_id = w.id`;

/**
 * Every statement the store runs, prepared once per connection. Exported so a test can hold each one's query
 * plan to an index: only the sweep's full listing may read the whole watches table.
 */
export const SQL = {
  watchId: 'SELECT id FROM watches WHERE channel = ? AND target_key = ?',
  watchExists: 'SELECT 1 FROM watches WHERE id = ?',
  updateWatch:
    'UPDATE watches SET input = ?, host = ?, port = ?, connect_address = ?, days = ?, added_by = ? WHERE id = ?',
  insertWatch:
    'INSERT INTO watches (channel, target_key, input, host, port, connect_address, days, added_by, added_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)',
  getWatch: `${SELECT_WATCHES} WHERE w.channel = ? AND w.target_key = ?`,
  removeWatch: 'DELETE FROM watches WHERE channel = ? AND target_key = ?',
  listAll: `${SELECT_WATCHES} ORDER BY w.id`,
  listChannel: `${SELECT_WATCHES} WHERE w.channel = ? ORDER BY w.id`,
  posted: 'SELECT fingerprint, kind FROM ledger WHERE watch_id = ? AND posted_at IS NOT NULL',
  upsertResult: `INSERT INTO last_results (watch_id, checked_at, fingerprint, not_after, issuer, verdict, failures, unreachable_notified, trusted, error)
      VALUES (@watchId, @checkedAt, @fingerprint, @notAfter, @issuer, @verdict, @failures, @unreachable, @trusted, @error)
      ON CONFLICT(watch_id) DO UPDATE SET checked_at = excluded.checked_at, fingerprint = excluded.fingerprint, not_after = excluded.not_after,
        issuer = excluded.issuer, verdict = excluded.verdict, failures = excluded.failures, unreachable_notified = excluded.unreachable_notified,
        trusted = excluded.trusted, error = excluded.error`,
  // A claimed row becomes posted; a posted row keeps its first ts.
  insertLedger: `INSERT INTO ledger (watch_id, fingerprint, kind, slack_ts, posted_at) VALUES (?, ?, ?, ?, ?)
      ON CONFLICT(watch_id, fingerprint, kind) DO UPDATE SET slack_ts = coalesce(ledger.slack_ts, excluded.slack_ts),
        posted_at = coalesce(ledger.posted_at, excluded.posted_at), claimed_by = NULL, claim_expires_at = NULL`,
  // Takes an absent row, an unposted row of our own, or one whose owner's lease ended; never a posted one.
  claim: `INSERT INTO ledger (watch_id, fingerprint, kind, claimed_by, claim_expires_at) VALUES (@watchId, @subject, @kind, @owner, @expires)
      ON CONFLICT(watch_id, fingerprint, kind) DO UPDATE SET claimed_by = excluded.claimed_by, claim_expires_at = excluded.claim_expires_at
        WHERE ledger.posted_at IS NULL AND (ledger.claimed_by = excluded.claimed_by OR ledger.claim_expires_at <= @now)
      RETURNING 1 AS claimed`,
  claimState: 'SELECT posted_at FROM ledger WHERE watch_id = ? AND fingerprint = ? AND kind = ?',
  markPosted: `UPDATE ledger SET slack_ts = ?, posted_at = ?, claimed_by = NULL, claim_expires_at = NULL
      WHERE watch_id = ? AND fingerprint = ? AND kind = ? AND posted_at IS NULL`,
  releaseClaim:
    'DELETE FROM ledger WHERE watch_id = ? AND fingerprint = ? AND kind = ? AND posted_at IS NULL AND claimed_by = ?',
  lastTick: 'SELECT last_tick FROM sweep_ticks WHERE id = 1',
  finishTick:
    'INSERT INTO sweep_ticks (id, last_tick) VALUES (1, ?) ON CONFLICT(id) DO UPDATE SET last_tick = max(last_tick, excluded.last_tick)',
  // An id seen before counts again only once its entry expired.
  seeEvent: `INSERT INTO slack_events (event_id, expires_at) VALUES (?, ?)
      ON CONFLICT(event_id) DO UPDATE SET expires_at = excluded.expires_at WHERE slack_events.expires_at <= ?
      RETURNING 1 AS first`,
  forgetEvents: 'DELETE FROM slack_events WHERE expires_at <= ?',
  saveThread: `INSERT INTO thread_reports (channel, thread_ts, body, saved_at, expires_at) VALUES (?, ?, ?, ?, ?)
      ON CONFLICT(channel, thread_ts) DO UPDATE SET body = excluded.body, saved_at = excluded.saved_at, expires_at = excluded.expires_at`,
  forgetThreads: 'DELETE FROM thread_reports WHERE expires_at <= ?',
  thread: 'SELECT body, saved_at FROM thread_reports WHERE channel = ? AND thread_ts = ? AND expires_at > ?',
  lease: 'SELECT owner, expires_at FROM sweep_lease WHERE id = 1',
  takeLease:
    'INSERT INTO sweep_lease (id, owner, expires_at) VALUES (1, ?, ?) ON CONFLICT(id) DO UPDATE SET owner = excluded.owner, expires_at = excluded.expires_at',
  releaseLease: 'DELETE FROM sweep_lease WHERE id = 1 AND owner = ?',
} as const;

type Statements = { [K in keyof typeof SQL]: Database.Statement };

export interface SqliteStoreOptions {
  /** The sweep lease: short, so a crashed sweeper is replaced quickly, and renewed while the sweep runs. */
  sweepLeaseMs?: number;
  heartbeatMs?: number;
}

/** Expired Slack event ids are deleted on one call in this many. */
const EVENT_CLEANUP_EVERY = 100;

/** SQLite in WAL mode at RPCCHECK_DB; the folder is created on first start. */
export class SqliteStore implements Store {
  readonly db: Database.Database;
  private readonly sql: Statements;
  private events = 0;

  constructor(
    file: string,
    private readonly options: SqliteStoreOptions = {},
  ) {
    if (file !== ':memory:') ensureFolder(path.dirname(path.resolve(file)));
    this.db = new Database(file);
    // The timeout first: switching to WAL takes a lock that another process opening the file may hold.
    this.db.pragma('busy_timeout = 5000');
    this.db.pragma('journal_mode = WAL');
    this.db.pragma('foreign_keys = ON');
    migrate(this.db);
    this.sql = Object.fromEntries(
      Object.entries(SQL).map(([name, text]) => [name, this.db.prepare(text)]),
    ) as Statements;
  }

  async upsertWatch(input: WatchInput, now: Date): Promise<{ watch: Watch; created: boolean }> {
    const days = JSON.stringify(input.days);
    const address = input.connectAddress ?? null;
    const write = this.db.transaction((): boolean => {
      const existing = this.sql.watchId.get(input.channel, input.targetKey) as { id: number } | undefined;
      if (existing) {
        this.sql.updateWatch.run(
          input.input,
          input.host,
          input.port,
          address,
          days,
          input.addedBy,
          existing.id,
        );
        return false;
      }
      this.sql.insertWatch.run(
        input.channel,
        input.targetKey,
        input.input,
        input.host,
        input.port,
        address,
        days,
        input.addedBy,
        now.toISOString(),
      );
      return true;
    });
    // IMMEDIATE: two processes adding the same watch at once must not both see "absent" and both insert.
    const created = write.immediate();
    const row = this.sql.getWatch.get(input.channel, input.targetKey) as WatchRow;
    return { watch: toWatch(row), created };
  }

  async removeWatch(channel: string, targetKey: string): Promise<boolean> {
    return this.sql.removeWatch.run(channel, targetKey).changes > 0;
  }

  async getWatch(channel: string, targetKey: string): Promise<WatchWithResult | undefined> {
    const row = this.sql.getWatch.get(channel, targetKey) as WatchRow | undefined;
    return row === undefined ? undefined : toWatch(row);
  }

  async listWatches(channel?: string): Promise<WatchWithResult[]> {
    const rows = (
      channel === undefined ? this.sql.listAll.all() : this.sql.listChannel.all(channel)
    ) as WatchRow[];
    return rows.map(toWatch);
  }

  async posted(watchId: number): Promise<LedgerRow[]> {
    return this.sql.posted.all(watchId) as LedgerRow[];
  }

  async commit(
    watchId: number,
    result: LastResult,
    posted: LedgerRow[],
    slackTs: string | undefined,
    now: Date,
  ): Promise<void> {
    this.db
      .transaction(() => {
        // The watch may have been removed while its check ran: then there is nothing to record.
        if (!this.sql.watchExists.get(watchId)) return;
        this.sql.upsertResult.run({
          watchId,
          checkedAt: result.checkedAt,
          fingerprint: result.fingerprint ?? null,
          notAfter: result.notAfter ?? null,
          issuer: result.issuer ?? null,
          verdict: result.verdict ?? null,
          failures: result.failures,
          unreachable: result.unreachableNotified ? 1 : 0,
          trusted: result.trusted === undefined ? null : result.trusted ? 1 : 0,
          error: result.error ?? null,
        });
        for (const row of posted)
          this.sql.insertLedger.run(watchId, row.fingerprint, row.kind, slackTs ?? null, now.toISOString());
      })
      .immediate();
  }

  async acquireSweepLease(owner: string, ttlMs: number, now: Date): Promise<boolean> {
    const at = now.getTime();
    // IMMEDIATE takes the write lock before reading the lease. A deferred transaction would read, then fail with
    // SQLITE_BUSY_SNAPSHOT when another process took the lease in between (WAL readers cannot upgrade a stale
    // snapshot), and the loser would throw instead of being told "busy".
    return this.db
      .transaction((): boolean => {
        const lease = this.sql.lease.get() as { owner: string; expires_at: number } | undefined;
        if (lease && lease.owner !== owner && lease.expires_at > at) return false;
        this.sql.takeLease.run(owner, at + ttlMs);
        return true;
      })
      .immediate();
  }

  async releaseSweepLease(owner: string): Promise<void> {
    this.sql.releaseLease.run(owner);
  }

  async claimNotice(key: NoticeKey, owner: string, leaseMs: number, now: Date): Promise<ClaimResult> {
    if (!this.sql.watchExists.get(key.watchId)) return 'busy';
    const at = now.getTime();
    const claimed = this.sql.claim.get({ ...key, owner, expires: at + leaseMs, now: at });
    if (claimed !== undefined) return 'claimed';
    const row = this.sql.claimState.get(key.watchId, key.subject, key.kind) as
      { posted_at: string | null } | undefined;
    return row?.posted_at != null ? 'posted' : 'busy';
  }

  async markPosted(keys: readonly NoticeKey[], _owner: string, slackTs: string, now: Date): Promise<void> {
    this.db
      .transaction(() => {
        for (const key of keys)
          this.sql.markPosted.run(slackTs, now.toISOString(), key.watchId, key.subject, key.kind);
      })
      .immediate();
  }

  async releaseClaims(keys: readonly NoticeKey[], owner: string): Promise<void> {
    for (const key of keys) this.sql.releaseClaim.run(key.watchId, key.subject, key.kind, owner);
  }

  async lockSweep(owner: string): Promise<SweepLock | undefined> {
    return heartbeatLock({
      acquire: () => this.acquireSweepLease(owner, this.options.sweepLeaseMs ?? 30000, new Date()),
      release: () => this.releaseSweepLease(owner),
      lastTick: async () => (this.sql.lastTick.get() as { last_tick: number } | undefined)?.last_tick,
      finishTick: async (tick) => void this.sql.finishTick.run(tick),
      heartbeatMs: this.options.heartbeatMs ?? 10000,
    });
  }

  async firstDelivery(eventId: string, ttlMs: number, now: Date): Promise<boolean> {
    const at = now.getTime();
    if (++this.events % EVENT_CLEANUP_EVERY === 0) this.sql.forgetEvents.run(at);
    return this.sql.seeEvent.get(eventId, at + ttlMs, at) !== undefined;
  }

  async saveThreadReport(
    channel: string,
    threadTs: string,
    json: string,
    ttlMs: number,
    now: Date,
  ): Promise<void> {
    const at = now.getTime();
    // Saving is rare (one per check in a thread), so expired threads go on every save.
    this.sql.forgetThreads.run(at);
    this.sql.saveThread.run(channel, threadTs, json, at, at + ttlMs);
  }

  async threadReport(
    channel: string,
    threadTs: string,
    now: Date,
  ): Promise<{ json: string; savedAt: Date } | undefined> {
    const row = this.sql.thread.get(channel, threadTs, now.getTime()) as
      { body: string; saved_at: number } | undefined;
    return row && { json: row.body, savedAt: new Date(row.saved_at) };
  }

  /** One process per SQLite file is the supported set-up, so the limit is counted in memory as before. */
  rateLimit(name: string, points: number, durationSeconds: number): RateLimit {
    return lazyRateLimit(
      (lib) => new lib.RateLimiterMemory({ keyPrefix: name, points, duration: durationSeconds }),
    );
  }

  async close(): Promise<void> {
    if (this.db.open) this.db.close();
  }
}
