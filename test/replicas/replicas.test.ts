import net from 'node:net';
import { Client } from 'pg';
import { createTargetPolicy } from '../../src/core/target-policy';
import { addWatch } from '../../src/reminders/watch-service';
import { PostgresStore } from '../../src/store/postgres/postgres-store';
import { type FakeSlackApi, startFakeSlackApi } from '../fixtures/fake-slack-api';
import { type Emulator, startIisEmulator } from '../fixtures/iis-emulator';
import { createPki, type Pki } from '../fixtures/pki';
import { createTestDatabase, sweepLockHolder } from '../fixtures/postgres';
import { eventBody, postSigned, slashCommandBody } from '../fixtures/slack-signing';
import { type Replica, startReplica, stopReplica } from './replica-process';

/**
 * Three real bot processes on one PostgreSQL database, sweeping every 2 seconds against local TLS servers and
 * one that never answers (so every sweep lasts a few seconds). One replica is killed with SIGKILL while it
 * holds the sweep lock; the others must post every reminder once, and share event ids and the rate limit.
 */
jest.setTimeout(180000);

const SECRET = 'replica-signing-secret';
let pki: Pki;
const LOOPBACK = createTargetPolicy({ allowTargets: '127.0.0.0/8', allowedPorts: '1-65535' });
let slack: FakeSlackApi;
let servers: Emulator[] = [];
let silent: net.Server;
let url: string;
let admin: Client;
const replicas: Replica[] = [];

const posts = (channel: string) =>
  slack.calls.filter((c) => c.method === 'chat.postMessage' && c.body['channel'] === channel);

async function until<T>(what: string, probe: () => Promise<T | undefined>, timeoutMs: number): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const found = await probe();
    if (found !== undefined) return found;
    if (Date.now() > deadline)
      throw new Error(
        `${what} did not happen within ${timeoutMs} ms\n${replicas.map((r) => `--- ${r.name}\n${r.output()}`).join('\n')}`,
      );
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

beforeAll(async () => {
  pki = createPki();
  slack = await startFakeSlackApi();
  servers = await Promise.all(
    [5, 3].map((days) => {
      const leaf = pki.issueLeaf({ days });
      return startIisEmulator({
        mode: 'basic',
        tls: { key: leaf.keyPem, cert: leaf.certPem + pki.intermediate.certPem },
      });
    }),
  );
  // Accepts and never answers: its check lasts the whole probe timeout, so each sweep takes seconds.
  // Reading (and discarding) lets it see the replica's side close, so close() does not wait forever.
  silent = net.createServer((socket) => socket.on('error', () => undefined).resume());
  await new Promise<void>((resolve) => silent.listen(0, '127.0.0.1', resolve));
  url = await createTestDatabase();
  admin = new Client({ connectionString: url });
  await admin.connect();
  const store = await PostgresStore.open(url);
  const [five, three] = servers as [Emulator, Emulator];
  const silentPort = (silent.address() as net.AddressInfo).port;
  for (const [target, channel] of [
    [`mail.contoso.com:${five.port} via 127.0.0.1`, 'CA'],
    [`owa.contoso.com:${five.port} via 127.0.0.1`, 'CA'],
    [`hung.contoso.com:${silentPort} via 127.0.0.1`, 'CA'],
    [`mail.fabrikam.com:${three.port} via 127.0.0.1`, 'CB'],
  ] as const) {
    const added = await addWatch(
      store,
      { target, channel, addedBy: 'U1', defaultDays: [30], screen: { policy: LOOPBACK, timeoutMs: 1000 } },
      new Date(),
    );
    expect(added.ok).toBe(true);
  }
  await store.close();
});

afterAll(async () => {
  await Promise.all(replicas.map(stopReplica));
  await admin?.end();
  await Promise.all([slack?.close(), ...servers.map((s) => s.close())]);
  await new Promise((resolve) => silent?.close(resolve));
});

describe('several bot replicas on one PostgreSQL', () => {
  it('post each reminder once although the sweeping replica is killed mid-sweep', async () => {
    const env = (name: string): Record<string, string> => ({
      SLACK_BOT_TOKEN: 'xoxb-test',
      SLACK_SIGNING_SECRET: SECRET,
      SLACK_API_URL: slack.url,
      RPCCHECK_DATABASE_URL: `${url}?application_name=${name}`,
      RPCCHECK_SWEEP_CRON: '*/2 * * * * *',
      RPCCHECK_ALLOW_TARGETS: '127.0.0.0/8',
      RPCCHECK_ALLOWED_PORTS: '1-65535',
      RPCCHECK_TIMEOUT_MS: '2500',
      RPCCHECK_UNREACHABLE_AFTER: '2',
      RPCCHECK_RATE_LIMIT: '2',
    });
    replicas.push(
      ...(await Promise.all(
        ['replica-1', 'replica-2', 'replica-3'].map((name) => startReplica(name, env(name))),
      )),
    );

    // Kill whichever replica takes the sweep lock first, while its checks are still running.
    const first = await until('a sweep', () => sweepLockHolder(admin), 30000);
    const victim = replicas.find((r) => r.name === first);
    if (victim === undefined) throw new Error(`the sweep lock is held by ${first}, not by a replica`);
    victim.child.kill('SIGKILL');
    await victim.exited;
    const killedAt = Date.now();
    expect(posts('CA')).toHaveLength(0);

    // A survivor sweeps within a minute: the certificate reminders, then (two failed sweeps on) the hung host.
    await until(
      'the reminders',
      async () => (posts('CA').length >= 2 && posts('CB').length >= 1 ? true : undefined),
      60000,
    );
    expect(Date.now() - killedAt).toBeLessThan(60000);
    const survivor = await until('another sweep', () => sweepLockHolder(admin), 30000);
    expect(survivor).not.toBe(first);
    // More sweeps by the survivors change nothing.
    await new Promise((resolve) => setTimeout(resolve, 8000));
    const bodies = (channel: string) => posts(channel).map((c) => JSON.stringify(c.body));
    expect(bodies('CB')).toEqual([expect.stringContaining('mail.fabrikam.com')]);
    expect(bodies('CA')).toEqual([
      expect.stringMatching(/mail\.contoso\.com.*owa\.contoso\.com|owa\.contoso\.com.*mail\.contoso\.com/),
      expect.stringMatching(/hung\.contoso\.com.*could not be checked/),
    ]);
  });

  it('answer an event Slack retried to another replica once', async () => {
    const [a, b] = replicas.filter((r) => r.child.exitCode === null && r.child.signalCode === null) as [
      Replica,
      Replica,
    ];
    const body = eventBody('EvReplicated', {
      type: 'app_mention',
      user: 'U7',
      text: '<@UBOT> help',
      ts: '1700000100.000100',
      channel: 'CEV',
      event_ts: '1700000100.000100',
    });
    const deliveries = await Promise.all(
      [a, b].map((replica, retry) =>
        postSigned(`http://127.0.0.1:${replica.port}/slack/events`, SECRET, body, 'application/json', {
          ...(retry > 0 && {
            extraHeaders: { 'x-slack-retry-num': '1', 'x-slack-retry-reason': 'http_timeout' },
          }),
        }),
      ),
    );
    expect(deliveries.map((d) => d.status)).toEqual([200, 200]);
    await slack.waitFor((c) => c.method === 'chat.postMessage' && c.body['channel'] === 'CEV');
    await new Promise((resolve) => setTimeout(resolve, 3000));
    expect(posts('CEV')).toHaveLength(1);
  });

  it('count a user’s checks against one rate limit whichever replica they reach', async () => {
    const [a, b] = replicas.filter((r) => r.child.exitCode === null && r.child.signalCode === null) as [
      Replica,
      Replica,
    ];
    const slash = async (replica: Replica): Promise<string> => {
      const answer = await postSigned(
        `http://127.0.0.1:${replica.port}/slack/events`,
        SECRET,
        slashCommandBody({
          // Allowed here and refused by loopback at once: the policy refuses blocked literals in the ack, uncounted.
          text: '127.0.0.1:1',
          user: 'ULIMIT',
          channel: 'CRATE',
          responseUrl: slack.responseUrl('rate'),
        }),
        'application/x-www-form-urlencoded',
      );
      return (JSON.parse(answer.body) as { text: string }).text;
    };
    expect(await slash(a)).toContain('Checking');
    expect(await slash(b)).toContain('Checking');
    expect(await slash(a)).toMatch(/2 checks in the last minute/);
  });
});
