import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { Report } from '../../src/core/report';
import { type CliRun, runCli } from '../fixtures/cli-process';
import { startAutodiscoverEmulator } from '../fixtures/autodiscover-emulator';
import { closedPort, startIisEmulator } from '../fixtures/iis-emulator';
import { createPki, type Pki } from '../fixtures/pki';
import { LAB } from '../fixtures/rpch-emulator';

/** Allowed targets and ports come in `env`; nothing else of the test's environment reaches the CLI. */
const run = (args: string[], env: Record<string, string> = {}): Promise<CliRun> =>
  runCli(args, { env, timeoutMs: 30000 });

let pki: Pki;
let caFile: string;
let tls: { key: string; cert: string };
let closed: number;
const servers: { close(): Promise<void> }[] = [];

beforeAll(async () => {
  pki = createPki();
  caFile = path.join(mkdtempSync(path.join(tmpdir(), 'rpccheck-ad-')), 'root.pem');
  writeFileSync(caFile, pki.root.certPem);
  const leaf = pki.issueLeaf({ names: ['autodiscover.contoso.com', 'mail.contoso.com'] });
  tls = { key: leaf.keyPem, cert: leaf.certPem + pki.intermediate.certPem };
  closed = await closedPort();
});
afterAll(async () => {
  await Promise.all(servers.map((s) => s.close()));
});

/** Every other name and port (root domain, port 80) goes to a closed loopback port: no real connection. */
const args = (adPort: number, ...extra: string[]): string[] => [
  'autodiscover',
  'alice@contoso.com',
  '--connect-to',
  `autodiscover.contoso.com:443:127.0.0.1:${adPort}`,
  ...extra,
  '--connect-to',
  `::127.0.0.1:${closed}`,
  '--ca-file',
  caFile,
  '--timeout',
  '3000',
];
const env = (...ports: number[]): Record<string, string> => ({
  RPCCHECK_ALLOW_TARGETS: '127.0.0.0/8',
  RPCCHECK_ALLOWED_PORTS: [closed, ...ports].join(','),
});

describe('rpccheck autodiscover, as a process', () => {
  it('--json prints one report with the candidates in order; exit 0 for a healthy front end', async () => {
    const ad = await startAutodiscoverEmulator(tls, { answer: 'exchange', mapi: { healthcheck: 'EX01' } });
    servers.push(ad);
    const result = await run([...args(ad.port), '--json'], env(ad.port));
    const report = JSON.parse(result.stdout) as Report;
    expect(report.target).toMatchObject({ host: 'contoso.com', email: 'alice@contoso.com' });
    expect(report.autodiscover?.candidates.map((c) => c.method)).toEqual([
      'root',
      'autodiscover',
      'http-redirect',
      'srv',
    ]);
    expect(report.findings.map((f) => f.code)).toEqual(
      expect.arrayContaining(['autodiscover.ok', 'autodiscover.root_domain_skipped', 'mapi.healthy']),
    );
    expect(result.code).toBe(0);
  });

  it('with --user the nested Outlook Anywhere check counts: exit 2, and text output shows every part', async () => {
    const rpc = await startIisEmulator({ mode: 'error', tls });
    const ad = await startAutodiscoverEmulator(tls, {
      answer: 'exchange',
      users: { [LAB.user]: LAB.password },
      settings: {
        exprServer: 'mail.contoso.com',
        authPackage: 'Basic',
        mapiHost: 'autodiscover.contoso.com',
      },
      mapi: { healthcheck: 'EX01' },
    });
    servers.push(rpc, ad);
    const extra = ['--connect-to', `mail.contoso.com:443:127.0.0.1:${rpc.port}`, '--user', LAB.user];
    const e = { ...env(ad.port, rpc.port), RPCCHECK_PROBE_PASSWORD: LAB.password };
    const json = await run([...args(ad.port, ...extra), '--json'], e);
    expect(json.code).toBe(2);
    const report = JSON.parse(json.stdout) as Report;
    expect(report.outlookAnywhere?.findings.map((f) => f.code)).toContain('rpc.proxy_error');
    expect(report.verdict).toBe('critical');
    const text = await run(args(ad.port, ...extra), e);
    expect(text.code).toBe(2);
    expect(text.stdout.split('\n')[0]).toMatch(/^CRITICAL\s+Autodiscover for alice@contoso\.com/);
    expect(text.stdout).toMatch(/^\s+2\. autodiscover\.\s+answers 401/m);
    expect(text.stdout).toContain('Outlook Anywhere (EXPR) mail.contoso.com · SSL on · AuthPackage Basic');
    expect(text.stdout).toContain('rpc.proxy_error');
    for (const out of [json.stdout, json.stderr, text.stdout, text.stderr])
      expect(out).not.toContain(LAB.password);
  });

  it('exits 1 when the worst finding is a warning (no Outlook Anywhere in the settings)', async () => {
    const ad = await startAutodiscoverEmulator(tls, {
      answer: 'exchange',
      users: { [LAB.user]: LAB.password },
      settings: {},
    });
    servers.push(ad);
    const result = await run([...args(ad.port, '--user', LAB.user), '--json'], {
      ...env(ad.port),
      RPCCHECK_PROBE_PASSWORD: LAB.password,
    });
    expect(result.code).toBe(1);
    const report = JSON.parse(result.stdout) as Report;
    expect(report.verdict).toBe('warning');
    expect(report.findings.map((f) => f.code)).toEqual(
      expect.arrayContaining(['autodiscover.no_outlook_anywhere', 'mapi.not_offered']),
    );
  });

  it('refuses bad input in one line with exit 3, before any connection', async () => {
    const bad = await run(['autodiscover', 'alice@@contoso.com', '--json']);
    expect(bad.code).toBe(3);
    expect(JSON.parse(bad.stdout)).toEqual({
      error: { code: 'target_refused', message: expect.stringMatching(/@/) },
    });
    expect(bad.stderr.trim().split('\n')).toHaveLength(1);
    const badConnect = await run([
      'autodiscover',
      'contoso.com',
      '--connect-to',
      'mail.contoso.com:443:mail2:443',
    ]);
    expect(badConnect.code).toBe(3);
    expect(badConnect.stderr).toMatch(/must be an IP address/);
    const withPort = await run(['autodiscover', 'alice@contoso.com:8443']);
    expect(withPort.code).toBe(3);
    expect(withPort.stderr).toBe(
      'rpccheck: "alice@contoso.com:8443": an e-mail address or domain takes no port (Outlook asks for Autodiscover on 443); to send its requests to port 8443, add --connect-to :443:ADDRESS:8443 (ADDRESS: the server\'s IP)\n',
    );
  });

  it('a walk the policy refuses everywhere prints the refusal alone, no progress line before it', async () => {
    const refused = await run(['autodiscover', 'alice@contoso.com', '--connect-to', '::127.0.0.1:443']);
    expect(refused.code).toBe(3);
    expect(refused.stderr).toMatch(
      /^rpccheck: refused: [a-z.]*contoso\.com at 127\.0\.0\.1 \(given by --connect-to\) is a loopback address, which rpccheck does not probe/,
    );
    expect(refused.stderr.trim().split('\n')).toHaveLength(1);
  });

  it('check --connect-to pins the host to the address, under the target policy', async () => {
    const rpc = await startIisEmulator({ mode: 'basic', tls });
    servers.push(rpc);
    const checkArgs = [
      'check',
      'mail.contoso.com',
      '--connect-to',
      `mail.contoso.com:443:127.0.0.1:${rpc.port}`,
      '--ca-file',
      caFile,
      '--http-port',
      '1',
      '--json',
    ];
    const ok = await run(checkArgs, env(rpc.port));
    expect(ok.code).toBe(0);
    expect((JSON.parse(ok.stdout) as Report).target).toMatchObject({
      host: 'mail.contoso.com',
      address: '127.0.0.1',
    });
    const before = rpc.requests.length;
    // Without RPCCHECK_ALLOW_TARGETS the loopback ADDRESS is refused: nothing is sent.
    const refused = await run(checkArgs, { RPCCHECK_ALLOWED_PORTS: String(rpc.port) });
    expect(refused.code).toBe(3);
    expect(refused.stderr).toMatch(/loopback/);
    expect(rpc.requests).toHaveLength(before);
  });
});
