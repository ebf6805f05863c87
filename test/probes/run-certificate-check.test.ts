import type { Report } from '../../src/core/report';
import type { CheckOptions } from '../../src/probes/check-types';
import { runCertificateCheck } from '../../src/probes/run-certificate-check';
import { runCheck } from '../../src/probes/run-check';
import { codesOf, loopbackOptions, pinnedTarget } from '../fixtures/check-harness';
import { closedPort, type EmulatorOptions, startIisEmulator } from '../fixtures/iis-emulator';
import { createPki, type Pki } from '../fixtures/pki';

let pki: Pki;
const servers: { close(): Promise<void> }[] = [];

beforeAll(() => {
  pki = createPki();
});
afterAll(async () => {
  await Promise.all(servers.map((s) => s.close()));
});

async function certificateReport(port: number, options: CheckOptions): Promise<Report> {
  const outcome = await runCertificateCheck(pinnedTarget(port), options);
  if (outcome.kind !== 'report') throw new Error(`expected a report, got a refusal: ${outcome.reason}`);
  return outcome.report;
}

async function serve(tls: NonNullable<EmulatorOptions['tls']>) {
  const server = await startIisEmulator({ mode: 'integrated', healthcheck: 'ex01.contoso.local', tls });
  servers.push(server);
  return server;
}

const certCodes = (report: Report): string[] => codesOf(report).filter((code) => code.startsWith('cert.'));

describe('the certificate view a sweep runs', () => {
  it('reads certificate, chain as sent, trust and dates, and sends no HTTP request', async () => {
    const leaf = pki.issueLeaf({ days: 10 });
    const server = await serve({ key: leaf.keyPem, cert: leaf.certPem + pki.intermediate.certPem });
    const report = await certificateReport(server.port, loopbackOptions(pki));
    expect(codesOf(report)).toEqual(['cert.expiring_soon']);
    expect(report.certificate).toMatchObject({
      trusted: true,
      daysLeft: 9,
      fingerprintSha256: leaf.fingerprint256,
    });
    expect(report.certificate?.chain).toHaveLength(2);
    expect(report.tls).toBeUndefined();
    expect(report.rpcProxy).toBeUndefined();
    expect(server.requests).toEqual([]);
  });

  it('judges the certificate as the full check does', async () => {
    const cases = [
      pki.issueLeaf({ days: -3 }),
      pki.issueLeaf({ issuer: 'self' }),
      pki.issueLeaf({ names: ['owa.contoso.com'] }),
      pki.issueLeaf({ issuer: 'rogue' }),
    ];
    for (const leaf of cases) {
      const server = await serve({ key: leaf.keyPem, cert: leaf.certPem + pki.intermediate.certPem });
      const options = loopbackOptions(pki);
      const view = await certificateReport(server.port, options);
      const full = await runCheck(pinnedTarget(server.port), options);
      if (full.kind !== 'report') throw new Error('the full check refused the target');
      expect(certCodes(view)).toEqual(certCodes(full.report));
      expect(certCodes(view).length).toBeGreaterThan(0);
      expect(view.certificate).toEqual(full.report.certificate);
    }
  });

  it('reaches a TLS 1.3-only server through a real handshake when the hello is refused', async () => {
    const leaf = pki.issueLeaf({});
    const server = await serve({
      key: leaf.keyPem,
      cert: leaf.certPem + pki.intermediate.certPem,
      minVersion: 'TLSv1.3',
    });
    const report = await certificateReport(server.port, loopbackOptions(pki));
    expect(codesOf(report)).toEqual(['cert.ok']);
  });

  it('reads the chain of a TLS 1.0-only server (Windows 2003) from the hello alone', async () => {
    const leaf = pki.issueLeaf({});
    const server = await serve({
      key: leaf.keyPem,
      cert: leaf.certPem + pki.intermediate.certPem,
      minVersion: 'TLSv1',
      maxVersion: 'TLSv1',
      ciphers: 'DEFAULT:@SECLEVEL=0',
    });
    const report = await certificateReport(server.port, loopbackOptions(pki));
    expect(codesOf(report)).toEqual(['cert.ok']);
    expect(report.certificate?.chain).toHaveLength(2);
    expect(report.certificate?.fingerprintSha256).toBe(leaf.fingerprint256);
  });

  it('a closed port is unreachable, without a certificate', async () => {
    const report = await certificateReport(await closedPort(), loopbackOptions(pki));
    expect(codesOf(report)).toEqual(['tcp.unreachable']);
    expect(report.certificate).toBeUndefined();
  });

  it('the target policy still applies', async () => {
    const outcome = await runCertificateCheck(
      { input: 'mail.contoso.com', host: 'mail.contoso.com', port: 443 },
      loopbackOptions(pki, { lookup: async () => ['169.254.169.254'] }),
    );
    expect(outcome.kind).toBe('refused');
  });
});
