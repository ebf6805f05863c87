import { Pool, type PoolClient } from 'pg';
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
import { toWatch, type WatchRow } from '../watch-row';
import { LOCK_NAMESPACE, migratePostgres, SWEEP_LOCK } from './migrations';

const SELECT_WATCHES = `SELECT w.*, r.checked_at, r.fingerprint, r.not_after, r.issuer, r.verdict, r.failures, r.unreachable_notified, r.trusted, r.error
  FROM watches w LEFT JOIN last_results r ON r.watch_id = w.id`;

/** The statements, the same ones as SQLite's with PostgreSQL placeholders (see sqlite-store.ts for the why). */
const SQL = {
  upsertWatch: `INSERT INTO watches (channel, target_key, input, host, port, connect_address, days, added_by, added_at)
      VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)
      ON CONFLICT (channel, target_key) DO UPDATE SET input = excluded.input, host = excluded.host, port = excluded.port,
        connect_address = excluded.connect_address, days = excluded.days, added_by = excluded.added_by
      RETURNING (xmax = 0) AS created`,
  getWatch: `${SELECT_WATCHES} WHERE w.channel = $1 AND w.target_key = $2`,
  removeWatch: 'DELETE FROM watches WHERE channel = $1 AND target_key = $2',
  listAll: `${SELECT_WATCHES} ORDER BY w.id`,
  listChannel: `${SELECT_WATCHES} WHERE w.channel = $1 ORDER BY w.id`,
  posted: 'SELECT fingerprint, kind FROM ledger WHERE watch_id = $1 AND posted_at IS NOT NULL',
  // FOR KEY SHARE: a watch removed while its check ran records nothing, and cannot be removed mid-commit.
  lockWatch: 'SELECT 1 FROM watches WHERE id = $1 FOR KEY SHARE',
  upsertResult: `INSERT INTO last_results (watch_id, checked_at, fingerprint, not_after, issuer, verdict, failures, unreachable_notified, trusted, error)
      VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)
      ON CONFLICT (watch_id) DO UPDATE SET checked_at = excluded.checked_at, fingerprint = excluded.fingerprint, not_after = excluded.not_after,
        issuer = excluded.issuer, verdict = excluded.verdict, failures = excluded.failures, unreachable_notified = excluded.unreachable_notified,
        trusted = excluded.trusted, error = excluded.error`,
  insertLedger: `INSERT INTO ledger (watch_id, fingerprint, kind, slack_ts, posted_at) VALUES ($1, $2, $3, $4, $5)
      ON CONFLICT (watch_id, fingerprint, kind) DO UPDATE SET slack_ts = coalesce(ledger.slack_ts, excluded.slack_ts),
        posted_at = coalesce(ledger.posted_at, excluded.posted_at), claimed_by = NULL, claim_expires_at = NULL`,
  claim: `INSERT INTO ledger (watch_id, fingerprint, kind, claimed_by, claim_expires_at) VALUES ($1, $2, $3, $4, $5)
      ON CONFLICT (watch_id, fingerprint, kind) DO UPDATE SET claimed_by = excluded.claimed_by, claim_expires_at = excluded.claim_expires_at
        WHERE ledger.posted_at IS NULL AND (ledger.claimed_by = excluded.claimed_by OR ledger.claim_expires_at <= $6)
      RETURNING 1 AS claimed`,
  claimState: 'SELECT posted_at FROM ledger WHERE watch_id = $1 AND fingerprint = $2 AND kind = $3',
  markPosted: `UPDATE ledger SET slack_ts = $1, posted_at = $2, claimed_by = NULL, claim_expires_at = NULL
      WHERE watch_id = $3 AND fingerprint = $4 AND kind = $5 AND posted_at IS NULL`,
  releaseClaim:
    'DELETE FROM ledger WHERE watch_id = $1 AND fingerprint = $2 AND kind = $3 AND posted_at IS NULL AND claimed_by = $4',
  lastTick: 'SELECT last_tick FROM sweep_ticks WHERE id = 1',
  finishTick:
    'INSERT INTO sweep_ticks (id, last_tick) VALUES (1, $1) ON CONFLICT (id) DO UPDATE SET last_tick = greatest(sweep_ticks.last_tick, excluded.last_tick)',
  seeEvent: `INSERT INTO slack_events (event_id, expires_at) VALUES ($1, $2)
      ON CONFLICT (event_id) DO UPDATE SET expires_at = excluded.expires_at WHERE slack_events.expires_at <= $3
      RETURNING 1 AS first`,
  forgetEvents: 'DELETE FROM slack_events WHERE expires_at <= $1',
  saveThread: `INSERT INTO thread_reports (channel, thread_ts, body, saved_at, expires_at) VALUES ($1, $2, $3, $4, $5)
      ON CONFLICT (channel, thread_ts) DO UPDATE SET body = excluded.body, saved_at = excluded.saved_at, expires_at = excluded.expires_at`,
  forgetThreads: 'DELETE FROM thread_reports WHERE expires_at <= $1',
  thread:
    'SELECT body, saved_at FROM thread_reports WHERE channel = $1 AND thread_ts = $2 AND expires_at > $3',
} as const;

const FOREIGN_KEY_VIOLATION = '23503';

/** A write for a watch removed meanwhile fails its foreign key: nothing to record. Anything else is thrown. */
function ignoreRemovedWatch(error: unknown): undefined {
  if ((error as { code?: unknown }).code === FOREIGN_KEY_VIOLATION) return undefined;
  throw error;
}
const EVENT_CLEANUP_EVERY = 100;

export interface PostgresStoreOptions {
  /** Connections per process; the sweep's lock holds one of them while it runs. */
  max?: number;
  /**
   * How long a new connection may take, or a query may wait for a free one (pg-pool bounds both with one
   * option). Without it, a URL naming a host that drops packets leaves the CLI waiting for the system's TCP
   * timeout (minutes), and a bot whose database hangs piles up requests for ever. Queries take milliseconds:
   * ten seconds of waiting for one of the pool's connections means the database is down, and then a claim or
   * an event's dedupe fails like any other query (the claim is retried by the next sweep).
   */
  connectTimeoutMs?: number;
}

const CONNECT_TIMEOUT_MS = 10000;

/**
 * PostgreSQL at RPCCHECK_DATABASE_URL, shared by any number of replicas. The sweep lock is a session advisory
 * lock on a connection held for the sweep: the server drops it the moment that connection ends, however the
 * process died, so a survivor can sweep at once.
 */
export class PostgresStore implements Store {
  private events = 0;

  private constructor(readonly pool: Pool) {}

  /** Connects and migrates (under an advisory lock, so replicas may start together). */
  static async open(url: string, options: PostgresStoreOptions = {}): Promise<PostgresStore> {
    const pool = new Pool({
      connectionString: url,
      max: options.max ?? 10,
      keepAlive: true,
      connectionTimeoutMillis: options.connectTimeoutMs ?? CONNECT_TIMEOUT_MS,
    });
    // An idle connection the server closed (restart, failover) is dropped by the pool; the next query opens
    // another. Without a listener the 'error' event would end the process.
    pool.on('error', () => undefined);
    try {
      await migratePostgres(pool);
    } catch (error) {
      await pool.end();
      throw error;
    }
    return new PostgresStore(pool);
  }

  async upsertWatch(input: WatchInput, now: Date): Promise<{ watch: Watch; created: boolean }> {
    // One statement: two processes adding the same watch at once both end with one row.
    const { rows } = await this.pool.query<{ created: boolean }>(SQL.upsertWatch, [
      input.channel,
      input.targetKey,
      input.input,
      input.host,
      input.port,
      input.connectAddress ?? null,
      JSON.stringify(input.days),
      input.addedBy,
      now.toISOString(),
    ]);
    const watch = await this.getWatch(input.channel, input.targetKey);
    if (watch === undefined) throw new Error(`watch ${input.targetKey} vanished while it was saved`);
    return { watch, created: rows[0]?.created === true };
  }

  async removeWatch(channel: string, targetKey: string): Promise<boolean> {
    return ((await this.pool.query(SQL.removeWatch, [channel, targetKey])).rowCount ?? 0) > 0;
  }

  async getWatch(channel: string, targetKey: string): Promise<WatchWithResult | undefined> {
    const { rows } = await this.pool.query<WatchRow>(SQL.getWatch, [channel, targetKey]);
    return rows[0] === undefined ? undefined : toWatch(rows[0]);
  }

  async listWatches(channel?: string): Promise<WatchWithResult[]> {
    const { rows } =
      channel === undefined
        ? await this.pool.query<WatchRow>(SQL.listAll)
        : await this.pool.query<WatchRow>(SQL.listChannel, [channel]);
    return rows.map(toWatch);
  }

  async posted(watchId: number): Promise<LedgerRow[]> {
    return (await this.pool.query<LedgerRow>(SQL.posted, [watchId])).rows;
  }

  async commit(
    watchId: number,
    result: LastResult,
    posted: LedgerRow[],
    slackTs: string | undefined,
    now: Date,
  ): Promise<void> {
    const values = [
      watchId,
      result.checkedAt,
      result.fingerprint ?? null,
      result.notAfter ?? null,
      result.issuer ?? null,
      result.verdict ?? null,
      result.failures,
      result.unreachableNotified,
      result.trusted ?? null,
      result.error ?? null,
    ];
    if (posted.length === 0) {
      // Most watches of a sweep post nothing: one statement, one round trip. The watch may have been removed
      // while its check ran; then there is nothing to record.
      await this.pool.query(SQL.upsertResult, values).catch(ignoreRemovedWatch);
      return;
    }
    await this.transaction(async (client) => {
      if ((await client.query(SQL.lockWatch, [watchId])).rowCount === 0) return;
      await client.query(SQL.upsertResult, values);
      for (const row of posted)
        await client.query(SQL.insertLedger, [
          watchId,
          row.fingerprint,
          row.kind,
          slackTs ?? null,
          now.toISOString(),
        ]);
    });
  }

  async claimNotice(key: NoticeKey, owner: string, leaseMs: number, now: Date): Promise<ClaimResult> {
    const at = now.getTime();
    const claimed = await this.pool
      .query(SQL.claim, [key.watchId, key.subject, key.kind, owner, at + leaseMs, at])
      .catch(ignoreRemovedWatch);
    // No result: the watch was removed while its check ran, so there is nothing to post.
    if (claimed === undefined) return 'busy';
    if ((claimed.rowCount ?? 0) > 0) return 'claimed';
    const { rows } = await this.pool.query<{ posted_at: string | null }>(SQL.claimState, [
      key.watchId,
      key.subject,
      key.kind,
    ]);
    return rows[0]?.posted_at != null ? 'posted' : 'busy';
  }

  async markPosted(keys: readonly NoticeKey[], _owner: string, slackTs: string, now: Date): Promise<void> {
    await this.transaction(async (client) => {
      for (const key of keys)
        await client.query(SQL.markPosted, [slackTs, now.toISOString(), key.watchId, key.subject, key.kind]);
    });
  }

  async releaseClaims(keys: readonly NoticeKey[], owner: string): Promise<void> {
    for (const key of keys)
      await this.pool.query(SQL.releaseClaim, [key.watchId, key.subject, key.kind, owner]);
  }

  async lockSweep(): Promise<SweepLock | undefined> {
    const client = await this.pool.connect();
    let held = false;
    let broken: Error | undefined;
    const lose = (error: Error): void => {
      held = false;
      broken = error;
    };
    client.on('error', lose);
    try {
      const { rows } = await client.query<{ locked: boolean }>(
        'SELECT pg_try_advisory_lock($1, $2) AS locked',
        [LOCK_NAMESPACE, SWEEP_LOCK],
      );
      held = rows[0]?.locked === true;
    } catch (error) {
      client.off('error', lose);
      client.release(error as Error);
      throw error;
    }
    if (!held) {
      client.off('error', lose);
      client.release();
      return undefined;
    }
    return {
      held: () => held,
      lastTick: async () => {
        const { rows } = await this.pool.query<{ last_tick: string }>(SQL.lastTick);
        return rows[0] === undefined ? undefined : Number(rows[0].last_tick);
      },
      finishTick: async (tick) => {
        await this.pool.query(SQL.finishTick, [tick]);
      },
      release: async () => {
        held = false;
        try {
          if (broken === undefined)
            await client.query('SELECT pg_advisory_unlock($1, $2)', [LOCK_NAMESPACE, SWEEP_LOCK]);
        } catch (error) {
          broken = error as Error;
        } finally {
          client.off('error', lose);
          // A broken connection is destroyed rather than returned to the pool (which also ends the lock).
          client.release(broken);
        }
      },
    };
  }

  async firstDelivery(eventId: string, ttlMs: number, now: Date): Promise<boolean> {
    const at = now.getTime();
    if (++this.events % EVENT_CLEANUP_EVERY === 0) await this.pool.query(SQL.forgetEvents, [at]);
    return ((await this.pool.query(SQL.seeEvent, [eventId, at + ttlMs, at])).rowCount ?? 0) > 0;
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
    await this.pool.query(SQL.forgetThreads, [at]);
    await this.pool.query(SQL.saveThread, [channel, threadTs, json, at, at + ttlMs]);
  }

  async threadReport(
    channel: string,
    threadTs: string,
    now: Date,
  ): Promise<{ json: string; savedAt: Date } | undefined> {
    const { rows } = await this.pool.query<{ body: string; saved_at: string }>(SQL.thread, [
      channel,
      threadTs,
      now.getTime(),
    ]);
    const row = rows[0];
    return row && { json: row.body, savedAt: new Date(Number(row.saved_at)) };
  }

  rateLimit(name: string, points: number, durationSeconds: number): RateLimit {
    return lazyRateLimit(
      (lib) =>
        new lib.RateLimiterPostgres({
          storeClient: this.pool,
          storeType: 'pool',
          tableName: 'rate_limits',
          tableCreated: true,
          keyPrefix: name,
          points,
          duration: durationSeconds,
        }),
    );
  }

  async close(): Promise<void> {
    if (!this.pool.ended) await this.pool.end();
  }

  private async transaction(work: (client: PoolClient) => Promise<void>): Promise<void> {
    const client = await this.pool.connect();
    try {
      await client.query('BEGIN');
      await work(client);
      await client.query('COMMIT');
    } catch (error) {
      await client.query('ROLLBACK').catch(() => undefined);
      throw error;
    } finally {
      client.release();
    }
  }
}
