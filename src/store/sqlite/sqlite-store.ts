import { mkdirSync } from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import type { LastResult, LedgerRow, Store, Watch, WatchInput, WatchWithResult } from '../store';
import { MIGRATIONS } from './migrations';

interface WatchRow {
  id: number;
  channel: string;
  target_key: string;
  input: string;
  host: string;
  port: number;
  connect_address: string | null;
  days: string;
  added_by: string;
  added_at: string;
  checked_at: string | null;
  fingerprint: string | null;
  not_after: string | null;
  issuer: string | null;
  verdict: string | null;
  failures: number | null;
  unreachable_notified: number | null;
  trusted: number | null;
  error: string | null;
}

function toWatch(row: WatchRow): WatchWithResult {
  const watch: WatchWithResult = {
    id: row.id,
    channel: row.channel,
    targetKey: row.target_key,
    input: row.input,
    host: row.host,
    port: row.port,
    days: JSON.parse(row.days) as number[],
    addedBy: row.added_by,
    addedAt: row.added_at,
    ...(row.connect_address !== null && { connectAddress: row.connect_address }),
  };
  if (row.checked_at !== null)
    watch.last = {
      checkedAt: row.checked_at,
      failures: row.failures ?? 0,
      unreachableNotified: row.unreachable_notified === 1,
      ...(row.fingerprint !== null && { fingerprint: row.fingerprint }),
      ...(row.not_after !== null && { notAfter: row.not_after }),
      ...(row.issuer !== null && { issuer: row.issuer }),
      ...(row.verdict !== null && { verdict: row.verdict }),
      ...(row.trusted !== null && { trusted: row.trusted === 1 }),
      ...(row.error !== null && { error: row.error }),
    };
  return watch;
}

/** Applies the migrations the file lacks, each in a transaction. */
export function migrate(db: Database.Database, upTo = Number.POSITIVE_INFINITY): number {
  let version = db.pragma('user_version', { simple: true }) as number;
  for (const step of MIGRATIONS) {
    if (step.version <= version || step.version > upTo) continue;
    db.transaction(() => {
      db.exec(step.sql);
      db.pragma(`user_version = ${step.version}`);
    })();
    version = step.version;
  }
  return version;
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
  posted: 'SELECT fingerprint, kind FROM ledger WHERE watch_id = ?',
  upsertResult: `INSERT INTO last_results (watch_id, checked_at, fingerprint, not_after, issuer, verdict, failures, unreachable_notified, trusted, error)
      VALUES (@watchId, @checkedAt, @fingerprint, @notAfter, @issuer, @verdict, @failures, @unreachable, @trusted, @error)
      ON CONFLICT(watch_id) DO UPDATE SET checked_at = excluded.checked_at, fingerprint = excluded.fingerprint, not_after = excluded.not_after,
        issuer = excluded.issuer, verdict = excluded.verdict, failures = excluded.failures, unreachable_notified = excluded.unreachable_notified,
        trusted = excluded.trusted, error = excluded.error`,
  insertLedger:
    'INSERT OR IGNORE INTO ledger (watch_id, fingerprint, kind, slack_ts, posted_at) VALUES (?, ?, ?, ?, ?)',
  lease: 'SELECT owner, expires_at FROM sweep_lease WHERE id = 1',
  takeLease:
    'INSERT INTO sweep_lease (id, owner, expires_at) VALUES (1, ?, ?) ON CONFLICT(id) DO UPDATE SET owner = excluded.owner, expires_at = excluded.expires_at',
  releaseLease: 'DELETE FROM sweep_lease WHERE id = 1 AND owner = ?',
} as const;

type Statements = { [K in keyof typeof SQL]: Database.Statement };

/** SQLite in WAL mode at RPCCHECK_DB; the folder is created on first start. */
export class SqliteStore implements Store {
  readonly db: Database.Database;
  private readonly sql: Statements;

  constructor(file: string) {
    if (file !== ':memory:') mkdirSync(path.dirname(path.resolve(file)), { recursive: true });
    this.db = new Database(file);
    this.db.pragma('journal_mode = WAL');
    this.db.pragma('foreign_keys = ON');
    this.db.pragma('busy_timeout = 5000');
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

  async close(): Promise<void> {
    if (this.db.open) this.db.close();
  }
}
