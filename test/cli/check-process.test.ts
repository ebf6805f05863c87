import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { Report } from '../../src/core/report';
import { type CliRun, runCli } from '../fixtures/cli-process';
import { closedPort, type Emulator, startIisEmulator } from '../fixtures/iis-emulator';
import { createPki, type Pki } from '../fixtures/pki';
import { LAB, startLabProxy } from '../fixtures/rpch-emulator';

/** Allowed targets and ports come in `env`; nothing else of the test's environment reaches the CLI. */
const run = (args: string[], env: Record<string, string> = {}): Promise<CliRun> => runCli(args, { env });

let pki: Pki;
let caFile: string;
const servers: { close(): Promise<void> }[] = [];

async function server(mode: 'basic' | 'integrated', days = 90): Promise<Emulator> {
  const leaf = pki.issueLeaf({ days });
  const started = await startIisEmulator({
    mode,
    tls: { key: leaf.keyPem, cert: leaf.certPem + pki.intermediate.certPem },
  });
  servers.push(started);
  return started;
}

const allow = (port: number): Record<string, string> => ({
  RPCCHECK_ALLOW_TARGETS: '127.0.0.0/8',
  RPCCHECK_ALLOWED_PORTS: String(port),
});
const checkArgs = (port: number, ...extra: string[]): string[] => [
  'check',
  'mail.contoso.com',
  '--ip',
  '127.0.0.1',
  '--port',
  String(port),
  '--ca-file',
  caFile,
  '--http-port',
  '1',
  ...extra,
];

beforeAll(() => {
  pki = createPki();
  caFile = path.join(mkdtempSync(path.join(tmpdir(), 'rpccheck-cli-')), 'root.pem');
  writeFileSync(caFile, pki.root.certPem);
});
afterAll(async () => {
  await Promise.all(servers.map((s) => s.close()));
});

describe('rpccheck check, as a process', () => {
  it('--json prints exactly one report and exits 0 when all is well', async () => {
    const { port } = await server('basic');
    const result = await run(checkArgs(port, '--json'), allow(port));
    expect(result.code).toBe(0);
    const report = JSON.parse(result.stdout) as Report;
    expect(report.verdict).toBe('ok');
    expect(report.target).toMatchObject({ host: 'mail.contoso.com', port, address: '127.0.0.1' });
    expect(report.findings.map((f) => f.code)).toEqual(
      expect.arrayContaining(['tls.ok', 'cert.ok', 'rpc.auth_basic_only']),
    );
    expect(Date.parse(report.checkedAt)).not.toBeNaN();
  });

  it('exits 1 when the worst finding is a warning and 2 when critical', async () => {
    const integrated = await server('integrated');
    expect((await run(checkArgs(integrated.port, '--json'), allow(integrated.port))).code).toBe(1);
    const expired = await server('basic', -2);
    const result = await run(checkArgs(expired.port, '--json'), allow(expired.port));
    expect(result.code).toBe(2);
    expect((JSON.parse(result.stdout) as Report).findings[0]?.code).toBe('cert.expired');
  });

  it('text output starts with the verdict and has no colour when not on a TTY', async () => {
    const expired = await server('basic', -2);
    const result = await run(checkArgs(expired.port), allow(expired.port));
    expect(result.code).toBe(2);
    expect(result.stdout.split('\n')[0]).toMatch(/^CRITICAL\s+mail\.contoso\.com:\d+ \(127\.0\.0\.1\)/);
    expect(result.stdout).toContain('cert.expired');
    expect(result.stdout).toMatch(/^\s+1\. Renew the certificate/m);
    // Two days and a few seconds past notAfter: 2 whole days, not 3.
    expect(result.stdout).toMatch(/ expired 2 days ago \(notAfter /);
    expect(result.stdout).toMatch(/^\s+valid\s+\S+ → \S+ \(expired 2 days ago\)$/m);
    expect(result.stdout).not.toContain('\u001b[');
    expect(result.stderr).toBe(`checking mail.contoso.com:${expired.port} at 127.0.0.1…\n`);
  });

  it('a refusal stands alone: one sentence, no progress line before it, naming what gave the address', async () => {
    const { port } = await server('basic');
    const notProbed =
      'a loopback address, which rpccheck does not probe (an operator can allow it with RPCCHECK_ALLOW_TARGETS)';
    const byIp = await run(checkArgs(port), { RPCCHECK_ALLOWED_PORTS: String(port) });
    expect(byIp.code).toBe(3);
    expect(byIp.stderr).toBe(
      `rpccheck: refused: mail.contoso.com at 127.0.0.1 (given by --ip) is ${notProbed}\n`,
    );
    const literal = await run(['check', '[::1]']);
    expect(literal.stderr).toBe(`rpccheck: refused: ::1 is ${notProbed}\n`);
    const ports = await run(['check', 'mail.contoso.com:22'], { RPCCHECK_ALLOWED_PORTS: '8000-8100' });
    expect(ports.stderr).toBe(
      'rpccheck: refused: port 22 is not allowed (allowed: 443, 8000-8100; an operator can add ports with RPCCHECK_ALLOWED_PORTS)\n',
    );
  });

  it('brackets an IPv6 address in the progress line', async () => {
    const closed = await closedPort();
    const result = await run(['check', `[::1]:${closed}`, '--http-port', '1', '--timeout', '2000'], {
      RPCCHECK_ALLOW_TARGETS: '::1',
      RPCCHECK_ALLOWED_PORTS: String(closed),
    });
    expect(result.stderr.split('\n')[0]).toBe(`checking [::1]:${closed}…`);
    expect(result.stdout).toContain('tcp.unreachable');
  });

  it('exits 3 for a refused target, before any connection', async () => {
    const { port, requests } = await server('basic');
    const result = await run(checkArgs(port, '--json'), { RPCCHECK_ALLOWED_PORTS: String(port) });
    expect(result.code).toBe(3);
    expect(JSON.parse(result.stdout)).toEqual({
      error: { code: 'target_refused', message: expect.stringContaining('loopback') },
    });
    expect(requests).toHaveLength(0);
  });

  it('exits 3 for usage errors and bad input', async () => {
    expect((await run(['check'])).code).toBe(3);
    expect((await run(['check', 'mail.contoso.com', '--port', 'abc'])).code).toBe(3);
    const bad = await run(['user:pw@mail.contoso.com']);
    expect(bad.code).toBe(3);
    expect(bad.stderr).toMatch(/user names and passwords/);
    const badEnv = await run(['mail.contoso.com'], { RPCCHECK_TIMEOUT_MS: 'soon' });
    expect(badEnv.code).toBe(3);
    expect(badEnv.stderr).toMatch(/RPCCHECK_TIMEOUT_MS/);
  });

  it('`rpccheck <host>` is `rpccheck check <host>`', async () => {
    const { port } = await server('basic');
    const result = await run(checkArgs(port, '--json').slice(1), allow(port));
    expect(result.code).toBe(0);
    expect((JSON.parse(result.stdout) as Report).verdict).toBe('ok');
  });
});

describe('rpccheck check --user, the authenticated RPC ping', () => {
  const PASSWORD = LAB.password;
  async function proxy() {
    const started = await startLabProxy(pki);
    servers.push(started);
    return started;
  }

  it('takes the password from RPCCHECK_PROBE_PASSWORD, pings each --backend and prints the endpoint table', async () => {
    const { port, channels } = await proxy();
    const args = checkArgs(port, '--user', LAB.user, '--backend', 'EX01', '--backend', 'EX01.contoso.local');
    const env = { ...allow(port), RPCCHECK_PROBE_PASSWORD: PASSWORD };
    const json = await run([...args, '--json'], env);
    expect(json.code).toBe(2);
    const report = JSON.parse(json.stdout) as Report;
    expect(report.rpcPing?.backends).toEqual(['EX01', 'EX01.contoso.local']);
    expect(report.findings.map((f) => f.code)).toEqual(
      expect.arrayContaining(['rpc.echo_ok', 'rpc.endpoint_ok', 'rpc.endpoint_refused']),
    );
    expect(channels.some((c) => c.user === LAB.user && c.query === 'EX01:6004')).toBe(true);
    const text = await run(args, env);
    expect(text.stdout).toMatch(/^\s+EX01\s+ok\s+ok\s+ok$/m);
    expect(text.stdout).toMatch(/^\s+EX01\.contoso\.local\s+refused\s+refused\s+refused$/m);
    expect(text.stdout).toContain('EX01.contoso.local:6001-6002;EX01.contoso.local:6004');
    for (const out of [json.stdout, json.stderr, text.stdout, text.stderr])
      expect(out).not.toContain(PASSWORD);
  });

  it('without a terminal or RPCCHECK_PROBE_PASSWORD it stops with exit 3 before connecting', async () => {
    const { port, channels } = await proxy();
    const result = await run(checkArgs(port, '--user', LAB.user), allow(port));
    expect(result.code).toBe(3);
    expect(result.stderr).toMatch(/--user: no terminal to ask for the password: set RPCCHECK_PROBE_PASSWORD/);
    expect(channels).toEqual([]);
  });

  it('refuses a user name in the wrong form, a bad --backend, and --backend without an account', async () => {
    const bad = await run(['mail.contoso.com', '--user', 'probe'], { RPCCHECK_PROBE_PASSWORD: 'x' });
    expect(bad.code).toBe(3);
    expect(bad.stderr).toMatch(/DOMAIN\\user or user@domain/);
    const badBackend = await run(['mail.contoso.com', '--backend', 'ex01:6001']);
    expect(badBackend.code).toBe(3);
    expect(badBackend.stderr).toMatch(/not a back-end server name/);
    // The configured account's password is not lent to another --user: with no terminal that stops at once.
    const lent = await run(['mail.contoso.com', '--user', 'CONTOSO\\other'], {
      RPCCHECK_PROBE_USER: LAB.user,
      RPCCHECK_PROBE_PASSWORD: 'x',
      RPCCHECK_PROBE_TARGETS: '*.contoso.com',
    });
    expect(lent.code).toBe(3);
    expect(lent.stderr).toMatch(/no terminal to ask for the password/);
    // Set but empty is not "unset": the message says which it is.
    const empty = await run(['mail.contoso.com', '--user', LAB.user], { RPCCHECK_PROBE_PASSWORD: '' });
    expect(empty.code).toBe(3);
    expect(empty.stderr).toMatch(/--user: RPCCHECK_PROBE_PASSWORD is set but empty/);
    const unscoped = await run(['mail.contoso.com'], {
      RPCCHECK_PROBE_USER: LAB.user,
      RPCCHECK_PROBE_PASSWORD: 'x',
    });
    expect(unscoped.code).toBe(3);
    expect(unscoped.stderr).toMatch(/RPCCHECK_PROBE_TARGETS: required when RPCCHECK_PROBE_USER is set/);
    const alone = await run(['mail.contoso.com', '--backend', 'EX01']);
    expect(alone.code).toBe(3);
    expect(alone.stderr).toMatch(/--backend needs a test account/);
  });

  it('says in one line what the authenticated check would add when no account is given', async () => {
    const { port } = await server('basic');
    const result = await run(checkArgs(port), allow(port));
    expect(result.stdout).toMatch(/rpc ping\s+not run: with a test account \(--user DOMAIN\\user\)/);
  });
});
