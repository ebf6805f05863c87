import { mkdtempSync } from 'node:fs';
import { LogLevel } from '@slack/web-api';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { runSweep, type SweepOptions } from '../../src/reminders/sweep';
import { addWatch } from '../../src/reminders/watch-service';
import { reminderClient, SlackNotifier } from '../../src/slack/slack-notifier';
import { PostgresStore } from '../../src/store/postgres/postgres-store';
import { SqliteStore } from '../../src/store/sqlite/sqlite-store';
import type { NoticeKey, Store } from '../../src/store/store';
import { checkReport, loopbackOptions, pinnedTarget } from '../fixtures/check-harness';
import { type FakeSlackApi, startFakeSlackApi } from '../fixtures/fake-slack-api';
import { type Emulator, startIisEmulator } from '../fixtures/iis-emulator';
import { createPki, type Pki } from '../fixtures/pki';
import { freePort } from '../fixtures/free-port';
import { createTestDatabase } from '../fixtures/postgres';

let pki: Pki;
let slack: FakeSlackApi;
let server: Emulator;
let fingerprint: string;

beforeAll(async () => {
  pki = createPki();
  slack = await startFakeSlackApi();
  const leaf = pki.issueLeaf({ days: 5 });
  server = await startIisEmulator({
    mode: 'basic',
    tls: { key: leaf.keyPem, cert: leaf.certPem + pki.intermediate.certPem },
  });
  const report = await checkReport(pinnedTarget(server.port), loopbackOptions(pki));
  fingerprint = report.certificate?.fingerprintSha256 ?? '';
});
afterAll(async () => {
  await Promise.all([slack.close(), server.close()]);
});

const stores: [string, () => Promise<() => Promise<Store>>][] = [
  [
    'SQLite',
    async () => {
      const file = path.join(mkdtempSync(path.join(tmpdir(), 'rpccheck-claims-')), 'rpccheck.db');
      return async () => new SqliteStore(file);
    },
  ],
  [
    'PostgreSQL',
    async () => {
      const url = await createTestDatabase();
      return () => PostgresStore.open(url);
    },
  ],
];

describe.each(stores)('sweeps on %s: each notice claimed, posted once, recorded', (name, fresh) => {
  let store: Store;
  let open: () => Promise<Store>;
  const others: Store[] = [];
  beforeEach(async () => {
    open = await fresh();
    store = await open();
  });
  afterEach(async () => {
    await Promise.all([store, ...others.splice(0)].map((s) => s.close()));
  });

  const options = (extra: Partial<SweepOptions> = {}): SweepOptions => ({
    store,
    checkOptions: loopbackOptions(pki, { timeoutMs: 1500 }),
    notifier: new SlackNotifier(reminderClient('xoxb-test', slack.url, { logLevel: LogLevel.ERROR }), 0),
    concurrency: 4,
    unreachableAfter: 2,
    ...extra,
  });
  const posts = (channel: string): number =>
    slack.calls.filter((c) => c.method === 'chat.postMessage' && c.body['channel'] === channel).length;
  const watch = async (channel: string, target = `mail.contoso.com:${server.port} via 127.0.0.1`) => {
    const added = await addWatch(
      store,
      { target, channel, addedBy: 'U1', defaultDays: [30], screen: loopbackOptions(pki) },
      new Date(),
    );
    if (!added.ok) throw new Error(added.reason);
    return added.watch;
  };
  const inAMinute = () => new Date(Date.now() + 61000);

  it('leaves a notice another live sweeper claimed to it, and posts it once after that claim lapsed', async () => {
    const channel = `CLAIM-${name}`;
    const w = await watch(channel);
    const key: NoticeKey = { watchId: w.id, subject: fingerprint, kind: 'threshold:30' };
    expect(await store.claimNotice(key, 'another replica', 60000, new Date())).toBe('claimed');
    // Not waiting for the claim (awaitClaimsMs 0): the notice is left to its claimant or a later sweep.
    const held = await runSweep(options({ awaitClaimsMs: 0 }));
    expect([held.notices, held.posted, posts(channel)]).toEqual([0, 0, 0]);
    // Its state stays unrecorded: the claim's owner records it once it has posted.
    expect((await store.getWatch(channel, w.targetKey))?.last).toBeUndefined();
    // That replica died: once its claim's lease ended, a sweep posts the reminder, once.
    expect((await runSweep(options({ now: inAMinute }))).posted).toBe(1);
    await runSweep(options({ now: inAMinute }));
    expect(posts(channel)).toBe(1);
    expect(await store.posted(w.id)).toEqual([{ fingerprint, kind: 'threshold:30' }]);
  });

  it("waits for a dead sweeper's claim to lapse and posts the channel's digest in the same tick, once", async () => {
    const channel = `LAPSE-${name}`;
    const w = await watch(channel);
    await watch(channel, `owa.contoso.com:${server.port} via 127.0.0.1`);
    const key: NoticeKey = { watchId: w.id, subject: fingerprint, kind: 'threshold:30' };
    // The dead sweeper claimed one of the channel's two notices, for a short lease.
    expect(await store.claimNotice(key, 'dead replica', 1500, new Date())).toBe('claimed');
    const summary = await runSweep(options({ awaitClaimsMs: 20000, pollMs: 200 }));
    expect([summary.notices, summary.posted]).toEqual([2, 2]);
    // One message for the channel, naming both hosts, and both watches recorded.
    const messages = slack.calls.filter(
      (c) => c.method === 'chat.postMessage' && c.body['channel'] === channel,
    );
    expect(messages).toHaveLength(1);
    expect(JSON.stringify(messages[0]?.body)).toMatch(/mail\.contoso\.com[\s\S]*owa\.contoso\.com/);
    expect(
      (await store.listWatches(channel)).map((watched) => watched.last?.checkedAt !== undefined),
    ).toEqual([true, true]);
    await runSweep(options());
    expect(posts(channel)).toBe(1);
  });

  it('does not post again what a sweeper that died before recording its state had posted', async () => {
    const channel = `POSTED-${name}`;
    const w = await watch(channel, '127.0.0.1:1');
    const key: NoticeKey = { watchId: w.id, subject: 'after:never', kind: 'unreachable' };
    expect(await store.claimNotice(key, 'dead replica', 60000, new Date())).toBe('claimed');
    await store.markPosted([key], 'dead replica', '1700000000.000100', new Date());
    const summary = await runSweep(options({ unreachableAfter: 1 }));
    expect([summary.notices, posts(channel)]).toEqual([0, 0]);
    expect((await store.getWatch(channel, w.targetKey))?.last).toMatchObject({
      failures: 1,
      unreachableNotified: true,
    });
  });

  it('waits out a 429 as Retry-After says within the claim; the Web API client does not retry by itself', async () => {
    const channel = `RATE-${name}`;
    await watch(channel);
    slack.failNext('chat.postMessage', { status: 429, retryAfter: 1 });
    const summary = await runSweep(options());
    expect([summary.posted, summary.postFailures, posts(channel)]).toEqual([1, [], 2]);
    await runSweep(options());
    expect(posts(channel)).toBe(2);
  });

  it('gives up on a Retry-After beyond the claim and lets the next sweep post', async () => {
    const channel = `LONG-${name}`;
    await watch(channel);
    slack.failNext('chat.postMessage', { status: 429, retryAfter: 30 });
    const summary = await runSweep(options({ claimMs: 5000 }));
    expect(summary.postFailures).toEqual([{ channel, error: 'ratelimited' }]);
    expect((await runSweep(options())).posted).toBe(1);
    expect(posts(channel)).toBe(2);
  });

  it('gives the claim back when Slack could not be reached at all: the next sweep posts at once, once', async () => {
    const channel = `DOWN-${name}`;
    await watch(channel);
    // A closed port: the connection is refused, so the message cannot have reached Slack.
    const down = `http://127.0.0.1:${await freePort()}/api/`;
    const unreachable = new SlackNotifier(reminderClient('xoxb-test', down, { logLevel: LogLevel.ERROR }), 0);
    const failed = await runSweep(options({ notifier: unreachable }));
    expect(failed.postFailures).toEqual([{ channel, error: expect.stringContaining('ECONNREFUSED') }]);
    const log: string[] = [];
    // Were the claim kept, this sweep would wait for it (as for another sweeper's) and then post nothing.
    const next = await runSweep(options({ awaitClaimsMs: 2000, pollMs: 50, log: (line) => log.push(line) }));
    expect([next.notices, next.posted, next.postFailures, log]).toEqual([1, 1, [], []]);
    await runSweep(options());
    expect(posts(channel)).toBe(1);
  });

  it('keeps the claim of a post Slack may have taken (no answer) until its lease ends', async () => {
    const channel = `UNSURE-${name}`;
    await watch(channel);
    slack.failNext('chat.postMessage', { status: 500, error: 'internal_error' });
    expect((await runSweep(options())).postFailures).toHaveLength(1);
    // The next sweep, not waiting for the claim, leaves it alone: the message may be in the channel.
    expect((await runSweep(options({ awaitClaimsMs: 0 }))).notices).toBe(0);
    expect(posts(channel)).toBe(1);
    expect((await runSweep(options({ now: () => new Date(Date.now() + 3 * 60 * 1000) }))).posted).toBe(1);
  });

  it('sweeps each tick once in all; a replica waiting on the lock sweeps the tick of one that died', async () => {
    const other = await open();
    others.push(other);
    const tick = Date.now();
    const dead = await other.lockSweep('dead replica');
    expect((await runSweep(options({ tick }))).skipReason).toBe('busy');
    const waiting = runSweep(options({ tick, waitUntil: Date.now() + 20000, pollMs: 50 }));
    await new Promise((resolve) => setTimeout(resolve, 300));
    // Its lock ends without the tick recorded (PostgreSQL: the connection drops; SQLite: the lease lapses).
    await dead?.release();
    expect((await waiting).skipped).toBe(false);
    const again = await runSweep({ ...options({ tick }), store: other });
    expect(again.skipReason).toBe('swept');
    expect((await runSweep(options({ tick: tick + 1 }))).skipped).toBe(false);
  });
});
