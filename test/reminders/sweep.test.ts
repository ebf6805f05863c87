import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { WebClient } from '@slack/web-api';
import { runSweep } from '../../src/reminders/sweep';
import { addWatch } from '../../src/reminders/watch-service';
import { SlackNotifier } from '../../src/slack/slack-notifier';
import { SqliteStore } from '../../src/store/sqlite/sqlite-store';
import { PostgresStore } from '../../src/store/postgres/postgres-store';
import type { Store } from '../../src/store/store';
import { createTestDatabase } from '../fixtures/postgres';
import { loopbackOptions } from '../fixtures/check-harness';
import { type FakeSlackApi, startFakeSlackApi } from '../fixtures/fake-slack-api';
import { type Emulator, startIisEmulator } from '../fixtures/iis-emulator';
import { createPki, type Pki } from '../fixtures/pki';

let pki: Pki;
let slack: FakeSlackApi;
let server: Emulator;
let dbFile: string;
let dbUrl: string;

let current = { key: '', cert: '' };
const serve = (days: number): void => {
  const leaf = pki.issueLeaf({ days });
  current = { key: leaf.keyPem, cert: leaf.certPem + pki.intermediate.certPem };
  server.setCertificate(current.key, current.cert);
};

beforeAll(async () => {
  pki = createPki();
  slack = await startFakeSlackApi();
  const leaf = pki.issueLeaf({ days: 5 });
  server = await startIisEmulator({
    mode: 'basic',
    tls: { key: leaf.keyPem, cert: leaf.certPem + pki.intermediate.certPem },
  });
  dbFile = path.join(mkdtempSync(path.join(tmpdir(), 'rpccheck-sweep-')), 'data', 'rpccheck.db');
  dbUrl = await createTestDatabase();
});
afterAll(async () => {
  await Promise.all([slack.close(), server.close()]);
});

/** Each store, opened afresh on the same database for every sweep, as a restarted bot would do. */
const stores: [string, () => Promise<Store>][] = [
  ['SQLite', async () => new SqliteStore(dbFile)],
  ['PostgreSQL', () => PostgresStore.open(dbUrl)],
];

describe.each(stores)('certificate reminders against a real TLS server and %s', (name, openStore) => {
  const channel = `CREM-${name}`;

  /** One sweep with a fresh store on the same database, as a restarted bot would do. */
  async function sweep(unreachableAfter = 2, tick?: number) {
    const store = await openStore();
    try {
      const client = new WebClient('xoxb-test', { slackApiUrl: slack.url, retryConfig: { retries: 0 } });
      return await runSweep({
        store,
        checkOptions: loopbackOptions(pki, { timeoutMs: 1500 }),
        notifier: new SlackNotifier(client, 0),
        concurrency: 4,
        unreachableAfter,
        ...(tick !== undefined && { tick }),
      });
    } finally {
      await store.close();
    }
  }

  const posts = (): string[] =>
    slack.calls
      .filter((c) => c.method === 'chat.postMessage' && c.body['channel'] === channel)
      .map((c) => String(c.body['text']));

  it('tells the whole story once each, across restarts, renewals, outages and Slack failures', async () => {
    serve(5);
    const store = await openStore();
    const added = await addWatch(
      store,
      {
        target: `mail.contoso.com:${server.port} via 127.0.0.1`,
        channel,
        addedBy: 'U1',
        defaultDays: [30, 14, 7, 3, 1],
        screen: loopbackOptions(pki),
      },
      new Date(),
    );
    expect(added.ok).toBe(true);
    await store.close();

    // A 5-day certificate: exactly one reminder, over many sweeps and restarts (each sweep opens the file anew).
    for (let i = 0; i < 4; i++) await sweep();
    expect(posts()).toHaveLength(1);
    expect(posts()[0]).toMatch(/expires in \d days/);

    // Replaced by a 2-day certificate: one more.
    serve(2);
    await sweep();
    await sweep();
    expect(posts()).toHaveLength(2);
    expect(posts()[1]).toMatch(/expires (tomorrow|in 2 days)/);

    // Renewed to a year: one "renewed" notice.
    serve(365);
    await sweep();
    await sweep();
    expect(posts()).toHaveLength(3);
    expect(posts()[2]).toContain('renewed');

    // Slack fails while posting: nothing recorded, the next sweep posts it, exactly once.
    serve(6);
    slack.failNext('chat.postMessage', { error: 'not_in_channel' });
    const failedSweep = await sweep();
    expect(failedSweep.postFailures).toEqual([{ channel, error: 'not_in_channel' }]);
    expect(posts()).toHaveLength(4);
    await sweep();
    expect(posts()).toHaveLength(5);
    expect(posts()[4]).toMatch(/expires in \d days/);
    await sweep();
    expect(posts()).toHaveLength(5);

    // The server stops: "unreachable" only after two failed sweeps, then "reachable again" once.
    const port = server.port;
    await server.close();
    await sweep();
    expect(posts()).toHaveLength(5);
    await sweep();
    expect(posts()).toHaveLength(6);
    expect(posts()[5]).toContain('could not be checked');
    await sweep();
    expect(posts()).toHaveLength(6);
    server = await restartOn(port, current.key, current.cert);
    await sweep();
    expect(posts()).toHaveLength(7);
    expect(posts()[6]).toContain('reachable again');
    await sweep();
    expect(posts()).toHaveLength(7);

    // The sweep reads the certificate only: no RPC proxy, NTLM or health check request reached the server.
    expect(server.requests).toEqual([]);
    // What `watches` lists is the certificate view the sweep saw.
    const listed = await openStore();
    const [watched] = await listed.listWatches(channel);
    await listed.close();
    // A 6-day certificate: the certificate view's verdict is the expiry warning.
    expect(watched?.last).toMatchObject({ trusted: true, verdict: 'warning', failures: 0 });
    expect(watched?.last?.error).toBeUndefined();
  });

  it('two sweeps of one cron tick never both run', async () => {
    // The scheduler hands every process the same tick: the second finds the lock taken or the tick swept,
    // however the machine's load orders them.
    const tick = Date.now();
    const [a, b] = await Promise.all([sweep(2, tick), sweep(2, tick)]);
    expect([a.skipped, b.skipped].sort()).toEqual([false, true]);
  });
});

/** The emulator again on the same port, so the watch's target still points at it. */
async function restartOn(port: number, key: string, cert: string): Promise<Emulator> {
  for (let attempt = 0; attempt < 20; attempt++) {
    const started = await startIisEmulator({ mode: 'basic', tls: { key, cert }, port });
    if (started.port === port) return started;
    await started.close();
  }
  throw new Error(`port ${port} did not come free`);
}
