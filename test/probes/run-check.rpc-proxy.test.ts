import { FINDINGS } from '../../src/findings/catalog';
import { checkReport, codesOf, loopbackOptions, pinnedTarget } from '../fixtures/check-harness';
import { type Emulator, type ProxyMode, startIisEmulator } from '../fixtures/iis-emulator';
import { createPki, type Pki } from '../fixtures/pki';

let pki: Pki;
let tlsCert: { key: string; cert: string };
const emulators: Emulator[] = [];

async function emulator(
  mode: ProxyMode,
  extra: Partial<Parameters<typeof startIisEmulator>[0]> = {},
): Promise<Emulator> {
  const started = await startIisEmulator({ mode, tls: tlsCert, ...extra });
  emulators.push(started);
  return started;
}

beforeAll(() => {
  pki = createPki();
  const leaf = pki.issueLeaf({ names: ['mail.contoso.com'] });
  tlsCert = { key: leaf.keyPem, cert: leaf.certPem + pki.intermediate.certPem };
});
afterAll(async () => {
  await Promise.all(emulators.map((e) => e.close()));
});

describe('RPC proxy states as IIS answers them', () => {
  it('Basic only over a trusted certificate is all ok', async () => {
    const server = await emulator('basic');
    const report = await checkReport(pinnedTarget(server.port), loopbackOptions(pki));
    expect(codesOf(report).sort()).toEqual([
      'cert.ok',
      'rpc.auth_basic_only',
      'rpc.proxy_reachable',
      'tls.ok',
    ]);
    expect(report.verdict).toBe('ok');
    expect(report.rpcProxy).toMatchObject({
      status: 401,
      authMethods: ['Basic'],
      server: 'Microsoft-IIS/6.0',
    });
    expect(report.target).toEqual({
      input: `mail.contoso.com:${server.port}`,
      host: 'mail.contoso.com',
      port: server.port,
      address: '127.0.0.1',
    });
    const echo = server.requests.find(
      (r) => r.method === 'RPC_IN_DATA' && r.headers['authorization'] === undefined,
    );
    expect(echo).toMatchObject({ path: '/rpc/rpcproxy.dll' });
    expect(echo?.headers['host']).toBe(`mail.contoso.com:${server.port}`);
    expect(echo?.headers['user-agent']).toBe('MSRPC');
  });

  it('Negotiate + NTLM + Basic warns and names the server from the NTLM challenge', async () => {
    const server = await emulator('integrated', {
      ntlm: {
        netbiosComputer: 'EX01',
        netbiosDomain: 'CONTOSO',
        dnsComputer: 'ex01.contoso.local',
        dnsDomain: 'contoso.local',
        version: [5, 2, 3790],
      },
    });
    const report = await checkReport(pinnedTarget(server.port), loopbackOptions(pki));
    expect(codesOf(report)).toEqual(
      expect.arrayContaining(['rpc.auth_integrated', 'rpc.proxy_reachable', 'ntlm.server_identity']),
    );
    expect(codesOf(report)).not.toContain('rpc.auth_basic_only');
    expect(report.verdict).toBe('warning');
    expect(report.rpcProxy?.authMethods).toEqual(['Negotiate', 'NTLM', 'Basic']);
    const identity = report.findings.find((f) => f.code === 'ntlm.server_identity');
    expect(identity?.evidence).toMatchObject({
      netbiosComputer: 'EX01',
      netbiosDomain: 'CONTOSO',
      dnsComputer: 'ex01.contoso.local',
    });
    expect(identity?.detail).toContain('Windows Server 2003');
    expect(report.findings[0]?.severity).toBe('warning');
  });

  it('NTLM-only offers no Basic and still yields the identity', async () => {
    const server = await emulator('ntlm-only', {
      ntlm: {
        netbiosComputer: 'EX02',
        netbiosDomain: 'CONTOSO',
        dnsComputer: 'ex02.contoso.local',
        dnsDomain: 'contoso.local',
      },
    });
    const report = await checkReport(pinnedTarget(server.port), loopbackOptions(pki));
    expect(codesOf(report)).toEqual(expect.arrayContaining(['rpc.auth_integrated', 'ntlm.server_identity']));
    expect(report.findings.find((f) => f.code === 'ntlm.server_identity')?.detail).toContain(
      'Windows Server 2019',
    );
  });

  const single: [ProxyMode, string, string][] = [
    ['anonymous', 'rpc.anonymous_access', 'critical'],
    ['missing', 'rpc.proxy_missing', 'critical'],
    ['error', 'rpc.proxy_error', 'critical'],
    ['redirect', 'rpc.unexpected_response', 'warning'],
    ['methods-blocked', 'rpc.methods_blocked', 'critical'],
    ['no-auth', 'rpc.auth_none', 'warning'],
    ['html', 'rpc.unexpected_response', 'warning'],
  ];
  it.each(single)('%s → %s', async (mode, code, verdict) => {
    const server = await emulator(mode);
    const report = await checkReport(pinnedTarget(server.port), loopbackOptions(pki));
    const rpcCodes = codesOf(report).filter((c) => c.startsWith('rpc.'));
    expect(rpcCodes).toEqual([code]);
    expect(report.verdict).toBe(verdict);
    expect(report.findings.find((f) => f.code === code)?.kb).toBe(
      (FINDINGS as Record<string, { kb?: string }>)[code]?.kb,
    );
  });

  it('decodes 503 RPC Error: 6ba as RPC_S_SERVER_UNAVAILABLE', async () => {
    const server = await emulator('error');
    const report = await checkReport(pinnedTarget(server.port), loopbackOptions(pki));
    const error = report.findings.find((f) => f.code === 'rpc.proxy_error');
    expect(error?.title).toContain('503 RPC Error: 6ba');
    expect(error?.detail).toContain('1722');
    expect(error?.evidence).toMatchObject({ rpcError: { code: 1722, hex: '6ba' } });
  });

  it('the 405 names the reverse proxy and the redirect its target', async () => {
    const blocked = await emulator('methods-blocked');
    const report = await checkReport(pinnedTarget(blocked.port), loopbackOptions(pki));
    expect(report.findings.find((f) => f.code === 'rpc.methods_blocked')?.detail).toContain('nginx');
    const redirect = await emulator('redirect');
    const redirected = await checkReport(pinnedTarget(redirect.port), loopbackOptions(pki));
    expect(redirected.findings.find((f) => f.code === 'rpc.unexpected_response')?.detail).toContain('/owa/');
  });

  it.each([
    ['iis-403-2', 'iis-403-2-is-healthy'],
    ['iis-401-3', 'iis-401-3-is-healthy'],
  ] as const)('%s is the article’s healthy answer', async (mode, kb) => {
    const server = await emulator(mode);
    const report = await checkReport(pinnedTarget(server.port), loopbackOptions(pki));
    expect(codesOf(report).filter((c) => c.startsWith('rpc.'))).toEqual(['rpc.proxy_reachable']);
    expect(report.findings.find((f) => f.code === 'rpc.proxy_reachable')?.kb).toBe(kb);
    expect(report.verdict).toBe('ok');
  });

  it('reports the Exchange health check back end', async () => {
    const server = await emulator('basic', { healthcheck: 'EX03.contoso.local' });
    const report = await checkReport(pinnedTarget(server.port), loopbackOptions(pki));
    const health = report.findings.find((f) => f.code === 'exchange.healthcheck');
    expect(health?.evidence).toEqual({ backend: 'EX03.contoso.local' });
  });

  it('flags Basic offered on the plaintext port', async () => {
    const tlsServer = await emulator('basic');
    const plain = await startIisEmulator({ mode: 'basic' });
    emulators.push(plain);
    const report = await checkReport(
      pinnedTarget(tlsServer.port),
      loopbackOptions(pki, { httpPort: plain.port }),
    );
    expect(codesOf(report)).toContain('http.basic_over_plaintext');
    expect(report.verdict).toBe('critical');
    const integratedPlain = await startIisEmulator({ mode: 'missing' });
    emulators.push(integratedPlain);
    const clean = await checkReport(
      pinnedTarget(tlsServer.port),
      loopbackOptions(pki, { httpPort: integratedPlain.port }),
    );
    expect(codesOf(clean)).not.toContain('http.basic_over_plaintext');
  });
});
