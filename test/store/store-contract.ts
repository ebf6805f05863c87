import type { LastResult, NoticeKey, Store } from '../../src/store/store';
import { watchInput } from '../fixtures/watch';

/**
 * The behaviour every Store gives, run against SQLite and PostgreSQL alike. `fresh()` makes a new, empty
 * database and returns how to open it; opening it twice is two processes (or replicas) on one database.
 */
export interface StoreUnderTest {
  fresh(): Promise<{ open(): Promise<Store> }>;
  /** True when a rate limit is counted across every process on the store (PostgreSQL), not per process. */
  sharedRateLimit: boolean;
}

const now = new Date('2026-11-25T09:00:00.000Z');
const later = (ms: number): Date => new Date(now.getTime() + ms);
const input = watchInput([30, 7]);
const result = (extra: Partial<LastResult> = {}): LastResult => ({
  checkedAt: now.toISOString(),
  failures: 0,
  unreachableNotified: false,
  ...extra,
});

export function describeStoreContract(name: string, subject: StoreUnderTest): void {
  describe(`${name}: the Store contract`, () => {
    const opened: Store[] = [];
    const open = async (): Promise<{ store: Store; again: () => Promise<Store> }> => {
      const db = await subject.fresh();
      const again = async (): Promise<Store> => {
        const store = await db.open();
        opened.push(store);
        return store;
      };
      return { store: await again(), again };
    };
    afterEach(async () => {
      await Promise.all(opened.splice(0).map((store) => store.close()));
    });

    it('upserts a watch by channel and target key, keeping its id and first addition time', async () => {
      const { store } = await open();
      const first = await store.upsertWatch({ ...input, connectAddress: '10.0.0.5' }, now);
      expect(first.created).toBe(true);
      expect(first.watch).toEqual({
        ...input,
        connectAddress: '10.0.0.5',
        id: first.watch.id,
        addedAt: now.toISOString(),
      });
      const again = await store.upsertWatch({ ...input, days: [14], addedBy: 'U2' }, later(1000));
      expect(again).toEqual({
        created: false,
        watch: { ...input, days: [14], addedBy: 'U2', id: first.watch.id, addedAt: now.toISOString() },
      });
      const other = await store.upsertWatch({ ...input, channel: 'C2' }, now);
      expect(other.created).toBe(true);
      expect(other.watch.id).not.toBe(first.watch.id);
    });

    it('lists watches in the order added, all or one channel, and finds one with its last result', async () => {
      const { store } = await open();
      const a = (await store.upsertWatch(input, now)).watch;
      const b = (await store.upsertWatch({ ...input, channel: 'C2' }, now)).watch;
      const c = (await store.upsertWatch({ ...input, targetKey: 'owa.contoso.com:443' }, now)).watch;
      expect((await store.listWatches()).map((w) => w.id)).toEqual([a.id, b.id, c.id]);
      expect((await store.listWatches('C1')).map((w) => w.id)).toEqual([a.id, c.id]);
      expect(await store.listWatches('C9')).toEqual([]);
      expect(await store.getWatch('C1', 'other:443')).toBeUndefined();
      expect(await store.getWatch('C2', input.targetKey)).toMatchObject({ id: b.id });
      expect((await store.getWatch('C1', input.targetKey))?.last).toBeUndefined();
      const last = result({
        fingerprint: 'AA',
        notAfter: '2027-01-01T00:00:00Z',
        issuer: 'CN=CA',
        verdict: 'warn',
        failures: 2,
        unreachableNotified: true,
      });
      await store.commit(a.id, last, [], undefined, now);
      expect((await store.getWatch('C1', input.targetKey))?.last).toEqual(last);
      expect((await store.listWatches('C1'))[0]?.last).toEqual(last);
      await store.commit(a.id, result({ failures: 1 }), [], undefined, now);
      expect((await store.getWatch('C1', input.targetKey))?.last).toEqual(result({ failures: 1 }));
    });

    it('records the ledger with the result, once per row, and forgets a removed watch entirely', async () => {
      const { store } = await open();
      const { watch } = await store.upsertWatch(input, now);
      const row = { fingerprint: 'AA', kind: 'threshold:14' };
      await store.commit(watch.id, result({ fingerprint: 'AA' }), [row], '1.2', now);
      await store.commit(watch.id, result({ fingerprint: 'AA' }), [row], '1.3', now);
      expect(await store.posted(watch.id)).toEqual([row]);
      expect(await store.removeWatch('C1', input.targetKey)).toBe(true);
      expect(await store.removeWatch('C1', input.targetKey)).toBe(false);
      expect(await store.posted(watch.id)).toEqual([]);
      // A check that finished after its watch was removed records nothing.
      await store.commit(watch.id, result({ failures: 1 }), [row], '1.4', now);
      expect(await store.listWatches()).toEqual([]);
      expect(await store.posted(watch.id)).toEqual([]);
    });

    it('claims a notice for one owner at a time, until posted or until the lease ends', async () => {
      const { store, again } = await open();
      const other = await again();
      const { watch } = await store.upsertWatch(input, now);
      const key: NoticeKey = { watchId: watch.id, subject: 'AA', kind: 'threshold:7' };
      expect(await store.claimNotice(key, 'a', 60000, now)).toBe('claimed');
      expect(await store.claimNotice(key, 'a', 60000, later(1000))).toBe('claimed');
      expect(await other.claimNotice(key, 'b', 60000, later(2000))).toBe('busy');
      // An unposted claim is not what was posted: the next decision still wants it.
      expect(await store.posted(watch.id)).toEqual([]);
      // Owner a died: after its lease (renewed at +1 s), b may take it.
      expect(await other.claimNotice(key, 'b', 60000, later(61001))).toBe('claimed');
      expect(await store.claimNotice(key, 'a', 60000, later(62000))).toBe('busy');
      await other.markPosted([key], 'b', '1.5', later(62000));
      expect(await store.posted(watch.id)).toEqual([{ fingerprint: 'AA', kind: 'threshold:7' }]);
      expect(await store.claimNotice(key, 'a', 60000, later(999999))).toBe('posted');
      expect(await other.claimNotice(key, 'b', 60000, later(999999))).toBe('posted');
    });

    it('gives back a claim whose post failed, and marks several posted at once', async () => {
      const { store } = await open();
      const { watch } = await store.upsertWatch(input, now);
      const keys: NoticeKey[] = [
        { watchId: watch.id, subject: 'AA', kind: 'expired' },
        { watchId: watch.id, subject: 'after:2026-11-24T09:00:00.000Z', kind: 'unreachable' },
      ];
      for (const key of keys) expect(await store.claimNotice(key, 'a', 60000, now)).toBe('claimed');
      await store.releaseClaims(keys, 'someone else');
      expect(await store.claimNotice(keys[0] as NoticeKey, 'b', 60000, now)).toBe('busy');
      await store.releaseClaims(keys, 'a');
      for (const key of keys) expect(await store.claimNotice(key, 'b', 60000, now)).toBe('claimed');
      await store.markPosted(keys, 'b', '1.6', now);
      await store.releaseClaims(keys, 'b');
      for (const key of keys) expect(await store.claimNotice(key, 'c', 60000, later(999999))).toBe('posted');
      // commit() of a claimed row marks it posted too, and keeps the first ts of a posted one.
      const threshold: NoticeKey = { watchId: watch.id, subject: 'BB', kind: 'threshold:30' };
      expect(await store.claimNotice(threshold, 'c', 60000, now)).toBe('claimed');
      await store.commit(watch.id, result(), [{ fingerprint: 'BB', kind: 'threshold:30' }], '1.7', now);
      expect(await store.claimNotice(threshold, 'd', 60000, later(999999))).toBe('posted');
      expect(await store.posted(watch.id)).toHaveLength(3);
    });

    it('claims nothing for a watch removed while its check ran', async () => {
      const { store } = await open();
      const { watch } = await store.upsertWatch(input, now);
      await store.removeWatch('C1', input.targetKey);
      expect(
        await store.claimNotice({ watchId: watch.id, subject: 'AA', kind: 'expired' }, 'a', 1, now),
      ).toBe('busy');
    });

    it('lets one process sweep at a time and remembers the last tick swept', async () => {
      const { store, again } = await open();
      const other = await again();
      const lock = await store.lockSweep('a');
      expect(lock?.held()).toBe(true);
      expect(await other.lockSweep('b')).toBeUndefined();
      expect(await lock?.lastTick()).toBeUndefined();
      await lock?.finishTick(2000);
      await lock?.finishTick(1000);
      expect(await lock?.lastTick()).toBe(2000);
      await lock?.release();
      expect(lock?.held()).toBe(false);
      const next = await other.lockSweep('b');
      expect(next?.held()).toBe(true);
      expect(await next?.lastTick()).toBe(2000);
      expect(await store.lockSweep('a')).toBeUndefined();
      await next?.release();
      const third = await store.lockSweep('a');
      expect(third).toBeDefined();
      await third?.release();
    });

    it('sees a Slack event id once within its expiry, whichever process it reaches', async () => {
      const { store, again } = await open();
      const other = await again();
      expect(await store.firstDelivery('Ev1', 60000, now)).toBe(true);
      expect(await store.firstDelivery('Ev1', 60000, later(1000))).toBe(false);
      expect(await other.firstDelivery('Ev1', 60000, later(2000))).toBe(false);
      expect(await other.firstDelivery('Ev2', 60000, later(2000))).toBe(true);
      expect(await other.firstDelivery('Ev1', 60000, later(60001))).toBe(true);
      expect(await store.firstDelivery('Ev1', 60000, later(60002))).toBe(false);
      // Many ids (the store sweeps expired ones now and then) keep their answers.
      const ids = Array.from({ length: 250 }, (_, i) => `Many${i}`);
      for (const id of ids) expect(await store.firstDelivery(id, 1000, later(100000))).toBe(true);
      for (const id of ids.slice(-20)) expect(await store.firstDelivery(id, 1000, later(100500))).toBe(false);
    });

    it('keeps what a Slack thread is about until it expires, the newest replacing the older', async () => {
      const { store, again } = await open();
      const other = await again();
      expect(await store.threadReport('C1', '1700000000.000100', now)).toBeUndefined();
      await store.saveThreadReport('C1', '1700000000.000100', '{"n":1}', 60000, now);
      await store.saveThreadReport('C2', '1700000000.000100', '{"n":2}', 60000, now);
      expect(await other.threadReport('C1', '1700000000.000100', later(1000))).toEqual({
        json: '{"n":1}',
        savedAt: now,
      });
      await other.saveThreadReport('C1', '1700000000.000100', '{"n":3}', 60000, later(2000));
      expect(await store.threadReport('C1', '1700000000.000100', later(3000))).toEqual({
        json: '{"n":3}',
        savedAt: later(2000),
      });
      expect((await store.threadReport('C2', '1700000000.000100', later(3000)))?.json).toBe('{"n":2}');
      expect(await store.threadReport('C1', '1700000000.000200', later(3000))).toBeUndefined();
      // Gone once expired, whichever process asks.
      expect(await store.threadReport('C2', '1700000000.000100', later(60000))).toBeUndefined();
      expect(await other.threadReport('C1', '1700000000.000100', later(62001))).toBeUndefined();
    });

    it(`counts a key's uses against one rate limit${subject.sharedRateLimit ? ' across processes' : ''}`, async () => {
      const { store, again } = await open();
      const other = await again();
      const limit = store.rateLimit('checks', 2, 60);
      const elsewhere = other.rateLimit('checks', 2, 60);
      expect(await limit.take('U1')).toBeUndefined();
      expect(await limit.take('U2')).toBeUndefined();
      if (subject.sharedRateLimit) expect(await elsewhere.take('U1')).toBeUndefined();
      else expect(await limit.take('U1')).toBeUndefined();
      const wait = await (subject.sharedRateLimit ? elsewhere : limit).take('U1');
      expect(wait).toBeGreaterThan(0);
      expect(wait).toBeLessThanOrEqual(60000);
      // Another limit's name is another budget.
      expect(await store.rateLimit('other', 1, 60).take('U1')).toBeUndefined();
    });

    it('migrates once when several processes open a new database at the same moment', async () => {
      const db = await subject.fresh();
      const stores = await Promise.all([db.open(), db.open(), db.open()]);
      opened.push(...stores);
      const [a, b] = stores as [Store, Store, Store];
      await a.upsertWatch(input, now);
      expect(await b.listWatches()).toHaveLength(1);
    });
  });
}
