import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { SqliteStore } from '../../src/store/sqlite/sqlite-store';
import { runCli } from '../fixtures/cli-process';
import { type FakeSlackApi, startFakeSlackApi } from '../fixtures/fake-slack-api';
import { freePort } from '../fixtures/free-port';
import { type Emulator, startIisEmulator } from '../fixtures/iis-emulator';
import { createPki } from '../fixtures/pki';

const dir = mkdtempSync(path.join(tmpdir(), 'rpccheck-cliwatch-'));
/** The CLI's whole environment besides PATH (runCli adds it): the test's own never leaks in. */
const env = {
  RPCCHECK_DB: path.join(dir, 'db', 'rpccheck.db'),
  RPCCHECK_TIMEOUT_MS: '300',
  RPCCHECK_ALLOW_TARGETS: '127.0.0.0/8',
};

const run = (args: string[], processEnv: Record<string, string> = env) =>
  runCli(args, { env: processEnv, timeoutMs: 30000 });

describe('rpccheck watch and sweep, as processes on the bot’s store', () => {
  it('adds, updates, imports, lists, sweeps and removes', async () => {
    expect(
      (await run(['watch', 'add', 'mail.contoso.com via 127.0.0.3', '--channel', 'C1', '--days', '30,7']))
        .stdout,
    ).toContain('watching mail.contoso.com:443 via 127.0.0.3');
    expect(
      (await run(['watch', 'add', 'mail.contoso.com via 127.0.0.3', '--channel', 'C1'])).stdout,
    ).toContain('(reminders at 30, 7 days)');
    const csv = path.join(dir, 'hosts.csv');
    writeFileSync(
      csv,
      '# customer A\n127.0.0.1:444\n"owa.contoso.com:8443 via 127.0.0.2","30 14"\nnot a host\n',
    );
    const imported = await run(['watch', 'import', csv, '--channel', 'C2']);
    expect(imported.code).toBe(1);
    expect(imported.stdout).toContain('2 added, 0 updated, 1 refused');
    expect(imported.stderr).toContain('line 4: a host name cannot contain spaces');
    const list = JSON.parse((await run(['watch', 'list', '--json'])).stdout) as {
      targetKey: string;
      days: number[];
    }[];
    expect(list.map((w) => w.targetKey)).toEqual([
      'mail.contoso.com:443 via 127.0.0.3',
      '127.0.0.1:444',
      'owa.contoso.com:8443 via 127.0.0.2',
    ]);
    expect(list[2]?.days).toEqual([30, 14]);
    const sweep = await run(['sweep', '--once']);
    expect(sweep.code).toBe(0);
    expect(sweep.stderr).toMatch(/3 hosts checked, 0\/0 notices delivered/);
    const table = (await run(['watch', 'list', '--channel', 'C2'])).stdout.split('\n');
    expect(table[0]).toMatch(
      /^CHANNEL +TARGET +CERTIFICATE +EXPIRES +TRUST +ISSUER +CHECKED +REMINDERS +STATUS$/,
    );
    // Checked, never read: not "not checked yet"; every row's columns start where the header's do.
    expect(table[1]).toMatch(/^C2 +127\.0\.0\.1:444 +unreachable +- /);
    expect(table[1]?.indexOf('unreachable')).toBe(table[0]?.indexOf('CERTIFICATE'));
    expect(table[2]?.indexOf('unreachable')).toBe(table[0]?.indexOf('CERTIFICATE'));
    expect(
      (await run(['watch', 'remove', 'owa.contoso.com:8443 via 127.0.0.2', '--channel', 'C2'])).stdout,
    ).toContain('stopped watching');
    expect(
      (await run(['watch', 'remove', 'owa.contoso.com:8443 via 127.0.0.2', '--channel', 'C2'])).code,
    ).toBe(1);
    expect((await run(['watch', 'add', 'user:pw@x', '--channel', 'C1'])).code).toBe(3);
  });

  it('refuses what check refuses, and a channel name instead of its id, exit 3 with one line', async () => {
    const strict = { RPCCHECK_DB: env.RPCCHECK_DB, RPCCHECK_TIMEOUT_MS: '300' };
    for (const [target, why] of [
      ['localhost', 'rpccheck: localhost resolves to 127.0.0.1, a loopback address'],
      ['127.0.0.1', 'rpccheck: 127.0.0.1 is a loopback address'],
      ['mail.contoso.com via 127.0.0.1', 'loopback address'],
      ['mail.contoso.com:22', 'rpccheck: port 22 is not allowed'],
    ] as const) {
      const added = await run(['watch', 'add', target, '--channel', 'C9'], strict);
      expect([added.code, added.stdout, added.stderr.split('\n').length]).toEqual([3, '', 2]);
      expect(added.stderr).toContain(why);
    }
    const named = await run(['watch', 'add', 'mail.contoso.com', '--channel', 'general']);
    expect([named.code, named.stderr]).toEqual([
      3,
      expect.stringMatching(
        /^rpccheck: --channel "general" is not a Slack channel id: give the id .*not the name/,
      ),
    ]);
    const csv = path.join(dir, 'strict.csv');
    writeFileSync(csv, 'localhost,1\nmail.contoso.com via 10.1.2.3,7\n');
    const imported = await run(['watch', 'import', csv, '--channel', 'C9'], strict);
    expect(imported.code).toBe(1);
    expect(imported.stdout).toContain('1 added, 0 updated, 1 refused');
    expect(imported.stderr).toMatch(/^line 1: localhost resolves to 127\.0\.0\.1, a loopback address/);
    const list = JSON.parse((await run(['watch', 'list', '--channel', 'C9', '--json'])).stdout) as {
      targetKey: string;
    }[];
    expect(list.map((w) => w.targetKey)).toEqual(['mail.contoso.com:443 via 10.1.2.3']);
    // Reminders only where the bot answers (RPCCHECK_ALLOWED_CHANNELS); removing stays possible anywhere.
    const listed = { ...strict, RPCCHECK_ALLOWED_CHANNELS: 'C1' };
    for (const args of [
      ['watch', 'add', 'mail.contoso.com via 10.1.2.4', '--channel', 'C9'],
      ['watch', 'import', csv, '--channel', 'C9'],
    ]) {
      const refused = await run(args, listed);
      expect([refused.code, refused.stdout]).toEqual([3, '']);
      expect(refused.stderr).toMatch(/^rpccheck: --channel C9 is not in RPCCHECK_ALLOWED_CHANNELS/);
    }
    const removed = await run(
      ['watch', 'remove', 'mail.contoso.com via 10.1.2.3', '--channel', 'C9'],
      listed,
    );
    expect([removed.code, removed.stdout]).toEqual([0, expect.stringContaining('stopped watching')]);
  });

  describe('a sweep while Slack cannot be reached', () => {
    let slack: FakeSlackApi;
    let server: Emulator;
    beforeAll(async () => {
      const pki = createPki();
      const leaf = pki.issueLeaf({ days: 9 });
      [slack, server] = await Promise.all([
        startFakeSlackApi(),
        startIisEmulator({
          mode: 'basic',
          tls: { key: leaf.keyPem, cert: leaf.certPem + pki.intermediate.certPem },
        }),
      ]);
    });
    afterAll(() => Promise.all([slack.close(), server.close()]));

    it('gives the notice back: the next sweep --once posts it at once, once', async () => {
      const reminders = {
        ...env,
        RPCCHECK_DB: path.join(dir, 'slack-down', 'rpccheck.db'),
        RPCCHECK_ALLOWED_PORTS: '443,1024-65535',
        SLACK_BOT_TOKEN: 'xoxb-1',
      };
      const target = `mail.contoso.com:${server.port} via 127.0.0.1`;
      expect((await run(['watch', 'add', target, '--channel', 'C1'], reminders)).code).toBe(0);
      const down = { ...reminders, SLACK_API_URL: `http://127.0.0.1:${await freePort()}/api/` };
      const failed = await run(['sweep', '--once'], down);
      expect(failed.code).toBe(1);
      expect(failed.stderr).toMatch(/posting 1 notice to C1 failed \(.*ECONNREFUSED.*\)/);
      // Were the claim kept, this sweep would wait a minute for "another sweeper" (and this test time out).
      const next = await run(['sweep', '--once'], { ...reminders, SLACK_API_URL: slack.url });
      expect([next.code, next.stdout]).toEqual([0, '']);
      expect(next.stderr).not.toContain('another sweeper');
      expect(next.stderr).toMatch(/^1 host checked, 1\/1 notice delivered in \d+ ms\n$/);
      expect(slack.calls.filter((c) => c.method === 'chat.postMessage')).toHaveLength(1);
    });
  });

  it('prints what servers sent (an issuer, an error) inert: no escape sequence reaches the terminal, JSON stays JSON', async () => {
    const processEnv = { ...env, RPCCHECK_DB: path.join(dir, 'hostile', 'rpccheck.db') };
    expect(
      (await run(['watch', 'add', 'mail.contoso.com via 127.0.0.3', '--channel', 'C9'], processEnv)).code,
    ).toBe(0);
    // What a hostile server's certificate and error would leave in the store after a sweep.
    const issuer = 'CN=Evil\u001b]0;owned\u0007CA\u009b2J\u202eoi';
    const store = new SqliteStore(processEnv.RPCCHECK_DB);
    const [watch] = await store.listWatches('C9');
    if (watch === undefined) throw new Error('the watch was not added');
    await store.commit(
      watch.id,
      {
        checkedAt: new Date().toISOString(),
        notAfter: '2027-01-01T00:00:00.000Z',
        issuer,
        verdict: 'ok',
        trusted: true,
        failures: 0,
        unreachableNotified: false,
      },
      [],
      undefined,
      new Date(),
    );
    await store.close();
    const text = await run(['watch', 'list', '--channel', 'C9'], processEnv);
    expect(text.code).toBe(0);
    expect(text.stdout).toContain('Evil\\u001b]0;owned\\u0007CA\\u009b2J\\u202eoi');
    // eslint-disable-next-line no-control-regex -- control characters are what must not be printed
    expect(text.stdout).not.toMatch(/[\u0000-\u0009\u000b-\u001f\u007f-\u009f\u202e]/);
    const json = await run(['watch', 'list', '--channel', 'C9', '--json'], processEnv);
    expect((JSON.parse(json.stdout) as { last?: { issuer?: string } }[])[0]?.last?.issuer).toBe(issuer);
    // eslint-disable-next-line no-control-regex -- the same, in the JSON text itself
    expect(json.stdout).not.toMatch(/[\u0000-\u0009\u000b-\u001f\u007f-\u009f\u202e]/);
  });
});
