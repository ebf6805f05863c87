import {
  checkReport,
  codesOf,
  loopbackOptions,
  pinnedTarget,
  startFileServer,
} from '../fixtures/check-harness';
import { type Emulator, startIisEmulator } from '../fixtures/iis-emulator';
import { createPki, type Issued, type LeafOptions, type Pki } from '../fixtures/pki';

let pki: Pki;
const servers: { close(): Promise<void> }[] = [];

beforeAll(() => {
  pki = createPki();
});
afterAll(async () => {
  await Promise.all(servers.map((s) => s.close()));
});

// Servers holding SHA-1/MD5 or 1024-bit certificates refuse to start at OpenSSL's default security level.
const WEAK_OK = { ciphers: 'DEFAULT:@SECLEVEL=0' };

async function serve(
  leaf: Issued,
  chain: string[] = [pki.intermediate.certPem],
  tls: object = WEAK_OK,
): Promise<Emulator> {
  const server = await startIisEmulator({
    mode: 'basic',
    tls: { key: leaf.keyPem, cert: [leaf.certPem, ...chain].join(''), ...tls },
  });
  servers.push(server);
  return server;
}

async function certCodes(options: LeafOptions, chain?: string[], host?: string): Promise<string[]> {
  const server = await serve(pki.issueLeaf(options), chain);
  const report = await checkReport(pinnedTarget(server.port, host), loopbackOptions(pki));
  return codesOf(report).filter((code) => code.startsWith('cert.'));
}

const DAY = 24 * 60 * 60 * 1000;

describe('certificate findings against real TLS servers', () => {
  it('a healthy chain reports cert.ok with issuer, days left and the chain as sent', async () => {
    const leaf = pki.issueLeaf({ days: 200 });
    const server = await serve(leaf);
    const report = await checkReport(pinnedTarget(server.port), loopbackOptions(pki));
    expect(codesOf(report)).toContain('cert.ok');
    const cert = report.certificate;
    expect(cert).toMatchObject({
      subject: 'CN=mail.contoso.com, O=Contoso Test',
      issuer: 'CN=rpccheck Test Issuing CA, O=Contoso Test',
      sans: ['mail.contoso.com'],
      fingerprintSha256: leaf.fingerprint256,
      signatureAlgorithm: 'sha256WithRSAEncryption',
      keyType: 'rsa',
      keyBits: 2048,
      trusted: true,
    });
    expect(cert?.daysLeft).toBeGreaterThanOrEqual(199);
    expect(cert?.chain.map((c) => c.subject)).toEqual([
      'CN=mail.contoso.com, O=Contoso Test',
      'CN=rpccheck Test Issuing CA, O=Contoso Test',
    ]);
  });

  it('keeps the order and extras the server sent (root included, intermediate first)', async () => {
    const leaf = pki.issueLeaf({});
    const server = await serve(leaf, [pki.root.certPem, pki.intermediate.certPem]);
    const report = await checkReport(pinnedTarget(server.port), loopbackOptions(pki));
    expect(report.certificate?.chain.map((c) => c.subject.split(',')[0])).toEqual([
      'CN=mail.contoso.com',
      'CN=rpccheck Test Root CA',
      'CN=rpccheck Test Issuing CA',
    ]);
    expect(codesOf(report)).toContain('cert.ok');
  });

  it('expired', async () => {
    expect(await certCodes({ days: -3 })).toEqual(['cert.expired']);
  });

  it('not yet valid', async () => {
    const notBefore = new Date(Date.now() + 5 * DAY);
    expect(await certCodes({ notBefore, notAfter: new Date(Date.now() + 100 * DAY) })).toEqual([
      'cert.not_yet_valid',
    ]);
  });

  it('expiring soon, by the warn-days threshold', async () => {
    expect(await certCodes({ days: 10 })).toEqual(['cert.expiring_soon']);
    const server = await serve(pki.issueLeaf({ days: 40 }));
    const report = await checkReport(pinnedTarget(server.port), loopbackOptions(pki, { warnDays: 45 }));
    expect(codesOf(report)).toContain('cert.expiring_soon');
  });

  it('self-signed', async () => {
    expect(await certCodes({ issuer: 'self' }, [])).toEqual(['cert.self_signed']);
  });

  it('expired and self-signed at once', async () => {
    expect((await certCodes({ issuer: 'self', days: -1 }, [])).sort()).toEqual([
      'cert.expired',
      'cert.self_signed',
    ]);
  });

  it('an in-house CA (root sent, not trusted) is an untrusted CA', async () => {
    expect(await certCodes({ issuer: 'rogue' }, [pki.rogueRoot.certPem])).toEqual(['cert.untrusted_ca']);
    expect(await certCodes({ issuer: 'rogue' }, [])).toEqual(['cert.untrusted_ca']);
  });

  it('a missing intermediate found through AIA is an incomplete chain, not an untrusted CA', async () => {
    const aia = await startFileServer('/issuing.cer', pki.intermediateDer);
    servers.push(aia);
    const server = await serve(pki.issueLeaf({ aiaUrl: aia.url }), []);
    const report = await checkReport(pinnedTarget(server.port), loopbackOptions(pki));
    expect(codesOf(report).filter((c) => c.startsWith('cert.'))).toEqual(['cert.incomplete_chain']);
    expect(report.certificate?.trusted).toBe(false);
    expect(report.findings.find((f) => f.code === 'cert.incomplete_chain')?.detail).toContain(
      'rpccheck Test Issuing CA',
    );
  });

  it('an AIA URL the target policy refuses is not fetched', async () => {
    const aia = await startFileServer('/issuing.cer', pki.intermediateDer);
    servers.push(aia);
    const server = await serve(
      pki.issueLeaf({ aiaUrl: aia.url.replace('127.0.0.1', '169.254.169.254') }),
      [],
    );
    const report = await checkReport(pinnedTarget(server.port), loopbackOptions(pki));
    const untrusted = report.findings.find((f) => f.code === 'cert.untrusted_ca');
    expect(untrusted?.detail).toContain('refused by the target policy');
  });

  it('name mismatch, wildcards one label deep, CN only without SAN', async () => {
    expect(await certCodes({ names: ['owa.contoso.com'] })).toEqual(['cert.name_mismatch']);
    expect(await certCodes({ names: ['*.contoso.com'] })).toEqual(['cert.ok']);
    expect(await certCodes({ names: ['*.contoso.com'] }, undefined, 'a.mail.contoso.com')).toEqual([
      'cert.name_mismatch',
    ]);
    expect(await certCodes({ noSan: true, cn: 'mail.contoso.com' })).toEqual(['cert.ok']);
    expect(await certCodes({ names: ['owa.contoso.com'], cn: 'mail.contoso.com' })).toEqual([
      'cert.name_mismatch',
    ]);
  });

  it('weak signatures on the leaf or an intermediate', async () => {
    expect(await certCodes({ hash: 'sha1' })).toEqual(['cert.weak_signature']);
    expect(await certCodes({ hash: 'md5' })).toEqual(['cert.weak_signature']);
    const weakIntermediate = pki.issueIntermediate({ hash: 'sha1' });
    expect(await certCodes({}, [weakIntermediate.certPem])).toEqual(['cert.weak_signature']);
  });

  it('weak RSA key', async () => {
    expect(await certCodes({ rsaBits: 1024 })).toEqual(['cert.weak_key']);
  });

  it('a healthy ECDSA leaf is judged like any other', async () => {
    const server = await serve(pki.issueLeaf({ keyType: 'ec' }));
    const report = await checkReport(pinnedTarget(server.port), loopbackOptions(pki));
    expect(codesOf(report).filter((c) => c.startsWith('cert.'))).toEqual(['cert.ok']);
    expect(report.certificate).toMatchObject({
      keyType: 'ec',
      keyBits: 256,
      signatureAlgorithm: 'sha256WithRSAEncryption',
    });
  });

  it('without --ca-file the test root is unknown', async () => {
    const server = await serve(pki.issueLeaf({}));
    const report = await checkReport(pinnedTarget(server.port), loopbackOptions(pki, { extraCaPem: [] }));
    expect(codesOf(report)).toContain('cert.untrusted_ca');
  });

  it('reads the chain as sent even when TLS 1.3 is negotiated', async () => {
    const server = await serve(pki.issueLeaf({}), [pki.intermediate.certPem, pki.root.certPem]);
    const report = await checkReport(pinnedTarget(server.port), loopbackOptions(pki));
    expect(report.tls?.protocol).toBe('TLSv1.3');
    expect(report.certificate?.chain).toHaveLength(3);
  });

  it('falls back to the rebuilt chain on a TLS 1.3-only server', async () => {
    const server = await serve(pki.issueLeaf({}), [pki.intermediate.certPem], {
      ...WEAK_OK,
      minVersion: 'TLSv1.3',
    });
    const report = await checkReport(pinnedTarget(server.port), loopbackOptions(pki));
    expect(codesOf(report)).toContain('cert.ok');
    expect(report.certificate?.chain.length).toBeGreaterThanOrEqual(2);
  });
});
