import { createTargetPolicy } from '../../src/core/target-policy';
import { runCheck } from '../../src/probes/run-check';
import { checkReport, codesOf, loopbackOptions, pinnedTarget } from '../fixtures/check-harness';
import { closedPort, startIisEmulator, startRawServer } from '../fixtures/iis-emulator';
import { createPki, type Pki } from '../fixtures/pki';

let pki: Pki;
let leafPem: { key: string; cert: string };
const servers: { close(): Promise<void> }[] = [];

beforeAll(() => {
  pki = createPki();
  const leaf = pki.issueLeaf({});
  leafPem = { key: leaf.keyPem, cert: leaf.certPem + pki.intermediate.certPem };
});
afterAll(async () => {
  await Promise.all(servers.map((s) => s.close()));
});

describe('DNS, TCP and TLS failures', () => {
  it('a name that does not resolve', async () => {
    const notFound = Object.assign(new Error('getaddrinfo ENOTFOUND nowhere.contoso.com'), {
      code: 'ENOTFOUND',
    });
    const report = await checkReport(
      { input: 'nowhere.contoso.com', host: 'nowhere.contoso.com', port: 443 },
      loopbackOptions(pki, { lookup: () => Promise.reject(notFound) }),
    );
    expect(codesOf(report)).toEqual(['dns.unresolvable']);
    expect(report.verdict).toBe('critical');
    expect(report.target.address).toBeUndefined();
  });

  it('a closed port is refused', async () => {
    const report = await checkReport(pinnedTarget(await closedPort()), loopbackOptions(pki));
    expect(codesOf(report)).toEqual(['tcp.unreachable']);
    expect(report.findings[0]?.evidence).toMatchObject({ reason: 'refused', code: 'ECONNREFUSED' });
  });

  it('a silent server times out in the handshake', async () => {
    const silent = await startRawServer('silent');
    servers.push(silent);
    const report = await checkReport(pinnedTarget(silent.port), loopbackOptions(pki, { timeoutMs: 700 }));
    expect(codesOf(report)).toEqual(['tls.handshake_failed']);
    expect(report.findings[0]?.evidence).toMatchObject({ reason: 'timeout' });
  });

  it('a plain HTTP server on the TLS port is "not TLS"', async () => {
    const plain = await startRawServer('not-tls');
    servers.push(plain);
    const report = await checkReport(pinnedTarget(plain.port), loopbackOptions(pki));
    expect(codesOf(report)).toEqual(['tls.handshake_failed']);
    expect(report.findings[0]?.evidence).toMatchObject({ reason: 'not_tls' });
  });

  it('no cipher in common', async () => {
    const server = await startIisEmulator({
      mode: 'basic',
      tls: { ...leafPem, maxVersion: 'TLSv1.2', ciphers: 'CAMELLIA256-SHA:@SECLEVEL=0' },
    });
    servers.push(server);
    const report = await checkReport(pinnedTarget(server.port), loopbackOptions(pki));
    expect(codesOf(report)).toEqual(['tls.handshake_failed']);
    expect(report.findings[0]?.evidence).toMatchObject({ reason: 'no_common_protocol' });
    expect(report.findings[0]?.detail).toBe(
      'TCP connects but no TLS session is established: no protocol or cipher in common: the server sent the TLS alert handshake_failure (40).',
    );
  });

  it('a TLS 1.0-only server (Windows 2003) is still reached by every probe and reported', async () => {
    const server = await startIisEmulator({
      mode: 'integrated',
      ntlm: {
        netbiosComputer: 'EX2003',
        netbiosDomain: 'CONTOSO',
        dnsComputer: 'ex2003.contoso.local',
        dnsDomain: 'contoso.local',
        version: [5, 2, 3790],
      },
      tls: { ...leafPem, minVersion: 'TLSv1', maxVersion: 'TLSv1', ciphers: 'DEFAULT:@SECLEVEL=0' },
    });
    servers.push(server);
    const report = await checkReport(pinnedTarget(server.port), loopbackOptions(pki));
    expect(codesOf(report)).toEqual(
      expect.arrayContaining([
        'tls.legacy_protocol',
        'cert.ok',
        'rpc.proxy_reachable',
        'rpc.auth_integrated',
        'ntlm.server_identity',
      ]),
    );
    expect(codesOf(report)).not.toContain('tls.ok');
    expect(report.tls?.protocol).toBe('TLSv1');
    // What OpenSSL said, in words: no source path, no newline.
    expect(report.findings.find((f) => f.code === 'tls.legacy_protocol')?.detail).toMatch(
      /; TLS 1\.2 was refused \(no protocol or cipher in common: the server sent the TLS alert protocol_version \(70\)\)\.$/,
    );
    for (const f of report.findings) expect(f.detail).not.toMatch(/\n|\.c:\d|deps\/openssl/);
  });
});

describe('the target policy before any packet', () => {
  it('refuses loopback unless allowed', async () => {
    const server = await startIisEmulator({ mode: 'basic', tls: leafPem });
    servers.push(server);
    const strict = loopbackOptions(pki, {
      policy: createTargetPolicy({ allowedPorts: String(server.port) }),
    });
    const outcome = await runCheck(pinnedTarget(server.port), strict);
    expect(outcome).toEqual({ kind: 'refused', reason: expect.stringContaining('loopback') });
    expect(server.requests).toHaveLength(0);
  });

  it('refuses a name that also resolves to a blocked address (rebinding)', async () => {
    const outcome = await runCheck(
      { input: 'mail.contoso.com', host: 'mail.contoso.com', port: 443 },
      loopbackOptions(pki, {
        policy: createTargetPolicy({}),
        lookup: () => Promise.resolve(['10.1.2.3', '169.254.169.254']),
      }),
    );
    expect(outcome).toEqual({ kind: 'refused', reason: expect.stringContaining('169.254.169.254') });
  });

  it('refuses ports outside the allowed list', async () => {
    const outcome = await runCheck(
      { input: 'mail.contoso.com:22', host: 'mail.contoso.com', port: 22 },
      loopbackOptions(pki, { policy: createTargetPolicy({}), lookup: () => Promise.resolve(['10.1.2.3']) }),
    );
    expect(outcome).toEqual({ kind: 'refused', reason: expect.stringContaining('port 22 is not allowed') });
  });

  it('connects to the checked address, not a second lookup', async () => {
    const server = await startIisEmulator({ mode: 'basic', tls: leafPem });
    servers.push(server);
    let lookups = 0;
    const report = await checkReport(
      { input: 'mail.contoso.com', host: 'mail.contoso.com', port: server.port },
      loopbackOptions(pki, {
        lookup: () => {
          lookups++;
          return Promise.resolve(lookups === 1 ? ['127.0.0.1'] : ['10.9.9.9']);
        },
      }),
    );
    expect(lookups).toBe(1);
    expect(report.target.address).toBe('127.0.0.1');
    expect(codesOf(report)).toContain('cert.ok');
  });
});
