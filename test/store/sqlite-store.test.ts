import { mkdirSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import Database from 'better-sqlite3';
import { LATEST_VERSION } from '../../src/store/sqlite/migrations';
import { migrate, SQL, SqliteStore } from '../../src/store/sqlite/sqlite-store';
import { watchInput } from '../fixtures/watch';
import { describeStoreContract } from './store-contract';

const now = new Date('2026-11-25T09:00:00.000Z');
const file = (): string =>
  path.join(mkdtempSync(path.join(tmpdir(), 'rpccheck-store-')), 'nested', 'rpccheck.db');
const input = watchInput([30, 7]);

describeStoreContract('SQLite', {
  fresh: async () => {
    const target = file();
    return { open: async () => new SqliteStore(target) };
  },
  sharedRateLimit: false,
});

describe('SQLite store', () => {
  it('creates its folder and migrates an empty file to the latest version in WAL mode', async () => {
    const store = new SqliteStore(file());
    expect(store.db.pragma('user_version', { simple: true })).toBe(LATEST_VERSION);
    expect(store.db.pragma('journal_mode', { simple: true })).toBe('wal');
    await store.close();
  });

  it('migrates a version-1 database keeping its watches and results', async () => {
    const target = file();
    mkdirSync(path.dirname(target), { recursive: true });
    const old = new Database(target);
    expect(migrate(old, 1)).toBe(1);
    old
      .prepare(
        "INSERT INTO watches (channel, target_key, input, host, port, days, added_by, added_at) VALUES ('C1', 'mail.contoso.com:443', 'mail.contoso.com', 'mail.contoso.com', 443, '[30,7]', 'U1', '2026-01-01T00:00:00Z')",
      )
      .run();
    old
      .prepare(
        "INSERT INTO last_results (watch_id, checked_at, fingerprint, not_after, verdict, failures) VALUES (1, '2026-11-24T09:00:00Z', 'AA', '2027-01-01T00:00:00Z', 'ok', 0)",
      )
      .run();
    old.close();
    const store = new SqliteStore(target);
    expect(store.db.pragma('user_version', { simple: true })).toBe(LATEST_VERSION);
    const [watch] = await store.listWatches();
    expect(watch).toMatchObject({
      targetKey: 'mail.contoso.com:443',
      days: [30, 7],
      last: { fingerprint: 'AA', failures: 0, unreachableNotified: false },
    });
    await store.close();
  });

  it('upserts watches, commits results with the ledger atomically, and forgets removed watches', async () => {
    const store = new SqliteStore(file());
    const first = await store.upsertWatch(input, now);
    const again = await store.upsertWatch({ ...input, days: [14] }, now);
    expect([first.created, again.created]).toEqual([true, false]);
    expect((await store.listWatches('C1')).map((w) => w.days)).toEqual([[14]]);
    await store.commit(
      first.watch.id,
      {
        checkedAt: now.toISOString(),
        fingerprint: 'AA',
        notAfter: '2027-01-01T00:00:00Z',
        failures: 0,
        unreachableNotified: false,
      },
      [{ fingerprint: 'AA', kind: 'threshold:14' }],
      '1.2',
      now,
    );
    await store.commit(
      first.watch.id,
      { checkedAt: now.toISOString(), fingerprint: 'AA', failures: 0, unreachableNotified: false },
      [{ fingerprint: 'AA', kind: 'threshold:14' }],
      '1.3',
      now,
    );
    expect(await store.posted(first.watch.id)).toEqual([{ fingerprint: 'AA', kind: 'threshold:14' }]);
    expect(await store.removeWatch('C1', input.targetKey)).toBe(true);
    expect(await store.posted(first.watch.id)).toEqual([]);
    await store.commit(
      first.watch.id,
      { checkedAt: now.toISOString(), failures: 1, unreachableNotified: false },
      [],
      undefined,
      now,
    );
    expect(await store.listWatches()).toEqual([]);
    await store.close();
  });

  it('keeps a held sweep lease alive with its heartbeat, and lets it lapse when the holder dies', async () => {
    const target = file();
    const holder = new SqliteStore(target, { sweepLeaseMs: 1500, heartbeatMs: 100 });
    const other = new SqliteStore(target);
    const lock = await holder.lockSweep('a');
    await new Promise((resolve) => setTimeout(resolve, 2000));
    expect(lock?.held()).toBe(true);
    expect(await other.lockSweep('b')).toBeUndefined();
    // The holder dies without releasing: its heartbeat stops with it, and the lease ends within one TTL.
    await holder.close();
    await new Promise((resolve) => setTimeout(resolve, 1600));
    const taken = await other.lockSweep('b');
    expect(taken?.held()).toBe(true);
    await taken?.release();
    await lock?.release().catch(() => undefined);
    await other.close();
  });

  it('lets one sweep hold the lease until it expires or is released', async () => {
    const store = new SqliteStore(file());
    expect(await store.acquireSweepLease('a', 60000, now)).toBe(true);
    expect(await store.acquireSweepLease('b', 60000, now)).toBe(false);
    expect(await store.acquireSweepLease('b', 60000, new Date(now.getTime() + 61000))).toBe(true);
    await store.releaseSweepLease('b');
    expect(await store.acquireSweepLease('c', 60000, now)).toBe(true);
    await store.close();
  });
  it('finds one watch by channel and target key with its last result', async () => {
    const store = new SqliteStore(file());
    const { watch } = await store.upsertWatch(input, now);
    expect(await store.getWatch('C1', 'other.contoso.com:443')).toBeUndefined();
    expect(await store.getWatch('C2', input.targetKey)).toBeUndefined();
    expect(await store.getWatch('C1', input.targetKey)).toMatchObject({ id: watch.id, days: [30, 7] });
    await store.commit(
      watch.id,
      {
        checkedAt: now.toISOString(),
        fingerprint: 'AA',
        verdict: 'warn',
        failures: 0,
        unreachableNotified: false,
      },
      [],
      undefined,
      now,
    );
    expect(await store.getWatch('C1', input.targetKey)).toMatchObject({
      id: watch.id,
      last: expect.objectContaining({ fingerprint: 'AA', verdict: 'warn' }),
    });
    await store.close();
  });

  it('answers every query but the sweep listing from an index, never a full scan of watches', async () => {
    const store = new SqliteStore(file());
    for (const [name, text] of Object.entries(SQL)) {
      if (name === 'listAll' || !/^\s*SELECT/i.test(text)) continue;
      const params = (text.match(/\?/g) ?? []).map(() => 'x');
      const plan = store.db.prepare(`EXPLAIN QUERY PLAN ${text}`).all(...params) as { detail: string }[];
      const scans = plan.map((row) => row.detail).filter((detail) => /^SCAN (w|watches)\b/.test(detail));
      expect({ name, scans }).toEqual({ name, scans: [] });
    }
    await store.close();
  });
});
