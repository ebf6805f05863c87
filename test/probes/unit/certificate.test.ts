import { X509Certificate } from 'node:crypto';
import { daysLeft } from '../../../src/core/expiry';
import { analyzeCertificate } from '../../../src/probes/certificate/analyze-certificate';
import { buildChain } from '../../../src/probes/certificate/build-chain';
import { wildcardNotes } from '../../../src/probes/certificate/match-hostname';
import { certificatesFromAiaBody } from '../../../src/probes/certificate/fetch-aia';
import {
  type CertInfo,
  parseCertificate,
  parsePemCertificates,
} from '../../../src/probes/certificate/parse-certificate';
import { createPki, type Issued, type Pki } from '../../fixtures/pki';

let pki: Pki;
let root: CertInfo;
let intermediate: CertInfo;
let rogue: CertInfo;
const info = (issued: Issued): CertInfo => parseCertificate(new X509Certificate(issued.certPem).raw);
const DAY = 86400000;

beforeAll(() => {
  pki = createPki();
  root = info(pki.root);
  intermediate = info(pki.intermediate);
  rogue = info(pki.rogueRoot);
});

function judge(
  leaf: CertInfo,
  sent: CertInfo[],
  options: { now?: Date; warnDays?: number; host?: string; aia?: CertInfo[] } = {},
) {
  const chain = buildChain(leaf, sent, [root], options.aia ?? []);
  return {
    chain,
    codes: analyzeCertificate({
      host: options.host ?? 'mail.contoso.com',
      sent: [leaf, ...sent],
      chain,
      now: options.now ?? new Date(),
      warnDays: options.warnDays ?? 30,
      chainSource: 'sent',
    }).map((f) => f.code),
  };
}

describe('parsing any certificate', () => {
  it('reads RSA and ECDSA fields, SANs including IPs, and the AIA URL', () => {
    const rsa = info(
      pki.issueLeaf({
        names: ['mail.contoso.com', 'autodiscover.contoso.com'],
        ips: ['10.0.0.5', '2001:db8::5'],
        aiaUrl: 'http://pki.contoso.com/issuing.cer',
      }),
    );
    expect(rsa).toMatchObject({
      dnsNames: ['mail.contoso.com', 'autodiscover.contoso.com'],
      ipAddresses: ['10.0.0.5', '2001:db8::5'],
      caIssuersUrls: ['http://pki.contoso.com/issuing.cer'],
      keyType: 'rsa',
      keyBits: 2048,
      isCa: false,
      selfSigned: false,
      commonName: 'mail.contoso.com',
    });
    const ec = info(pki.issueLeaf({ keyType: 'ec' }));
    expect(ec).toMatchObject({
      keyType: 'ec',
      keyBits: 256,
      signatureAlgorithm: 'sha256WithRSAEncryption',
      weakSignature: false,
    });
    expect(info(pki.issueLeaf({ hash: 'sha1' }))).toMatchObject({
      signatureAlgorithm: 'sha1WithRSAEncryption',
      weakSignature: true,
    });
    expect(root).toMatchObject({ isCa: true, selfSigned: true });
  });

  it('skips PEM blocks that are not certificates', () => {
    expect(
      parsePemCertificates([
        pki.root.certPem + '-----BEGIN CERTIFICATE-----\nAAAA\n-----END CERTIFICATE-----\n',
      ]),
    ).toHaveLength(1);
  });

  it('reads AIA answers as DER or PEM', () => {
    expect(certificatesFromAiaBody(pki.intermediateDer)).toHaveLength(1);
    expect(certificatesFromAiaBody(Buffer.from(pki.intermediate.certPem + pki.root.certPem))).toHaveLength(2);
    expect(certificatesFromAiaBody(Buffer.from('<html>not found</html>'))).toEqual([]);
  });
});

describe('chain building', () => {
  it('trusted through the sent intermediate', () => {
    const { chain } = judge(info(pki.issueLeaf({})), [intermediate]);
    expect(chain.status).toBe('trusted');
    expect(chain.path.map((c) => c.commonName)).toEqual([
      'mail.contoso.com',
      'rpccheck Test Issuing CA',
      'rpccheck Test Root CA',
    ]);
  });

  it('unknown issuer, incomplete with AIA, untrusted root, self-signed', () => {
    const leaf = info(pki.issueLeaf({}));
    expect(judge(leaf, []).chain).toMatchObject({
      status: 'unknown_issuer',
      missingIssuer: 'CN=rpccheck Test Issuing CA, O=Contoso Test',
    });
    expect(judge(leaf, [], { aia: [intermediate] }).chain.status).toBe('incomplete');
    expect(judge(info(pki.issueLeaf({ issuer: 'rogue' })), [rogue]).chain.status).toBe('untrusted_root');
    expect(judge(info(pki.issueLeaf({ issuer: 'rogue' })), [], { aia: [rogue] }).chain.status).toBe(
      'untrusted_root',
    );
    expect(judge(info(pki.issueLeaf({ issuer: 'self' })), []).chain.status).toBe('self_signed');
  });

  it('ignores junk and a wrong intermediate the server sends', () => {
    const leaf = info(pki.issueLeaf({}));
    expect(judge(leaf, [rogue, intermediate]).chain.status).toBe('trusted');
    expect(judge(leaf, [rogue]).chain.status).toBe('unknown_issuer');
  });

  it('a leaf that is itself an anchor is trusted', () => {
    const self = info(pki.issueLeaf({ issuer: 'self' }));
    expect(buildChain(self, [], [self]).status).toBe('trusted');
  });
});

describe('certificate findings', () => {
  it('days-left boundaries around warn-days', () => {
    const now = new Date();
    const at = (days: number) =>
      info(pki.issueLeaf({ notAfter: new Date(now.getTime() + days * DAY + 60000) }));
    expect(judge(at(30), [intermediate], { now }).codes).toEqual(['cert.expiring_soon']);
    expect(judge(at(31), [intermediate], { now }).codes).toEqual(['cert.ok']);
    expect(judge(at(0), [intermediate], { now }).codes).toEqual(['cert.expiring_soon']);
    expect(judge(at(31), [intermediate], { now, warnDays: 0 }).codes).toEqual(['cert.ok']);
    expect(daysLeft(new Date(now.getTime() + 1.5 * DAY), now)).toBe(1);
    // Toward zero: half a day past notAfter is 0 whole days, and cert.expired says it expired.
    expect(daysLeft(new Date(now.getTime() - 0.5 * DAY), now)).toBe(0);
    expect(judge(at(-0.5), [intermediate], { now }).codes).toEqual(['cert.expired']);
  });

  it('expired, not yet valid, both judged with an injected clock', () => {
    const leaf = info(pki.issueLeaf({ days: 90 }));
    expect(judge(leaf, [intermediate], { now: new Date(leaf.notAfter.getTime() + DAY) }).codes).toEqual([
      'cert.expired',
    ]);
    expect(judge(leaf, [intermediate], { now: new Date(leaf.notBefore.getTime() - DAY) }).codes).toEqual([
      'cert.not_yet_valid',
    ]);
  });

  it('reports every fault at once', () => {
    const leaf = info(
      pki.issueLeaf({ issuer: 'self', hash: 'sha1', rsaBits: 1024, days: -1, names: ['owa.contoso.com'] }),
    );
    expect(judge(leaf, []).codes.sort()).toEqual([
      'cert.expired',
      'cert.name_mismatch',
      'cert.self_signed',
      'cert.weak_key',
      'cert.weak_signature',
    ]);
  });

  it('a root signed with SHA-1 is not a weak signature; an intermediate is', () => {
    const sha1Intermediate = info(pki.issueIntermediate({ hash: 'sha1' }));
    expect(judge(info(pki.issueLeaf({})), [sha1Intermediate]).codes).toEqual(['cert.weak_signature']);
  });
});

describe('the name mismatch detail', () => {
  const detail = (names: string[], host: string): string | undefined => {
    const leaf = info(pki.issueLeaf({ names }));
    return analyzeCertificate({
      host,
      sent: [leaf, intermediate],
      chain: buildChain(leaf, [intermediate], [root]),
      now: new Date(),
      warnDays: 30,
      chainSource: 'sent',
    }).find((f) => f.code === 'cert.name_mismatch')?.detail;
  };

  it.each<[string[], string, string]>([
    [['owa.fabrikam.com'], 'mail.contoso.com', 'It is valid for owa.fabrikam.com.'],
    [
      ['owa.contoso.com', 'autodiscover.contoso.com'],
      'mail.contoso.com',
      'It is valid for owa.contoso.com, autodiscover.contoso.com.',
    ],
    [['*.fabrikam.com'], 'mail.contoso.com', 'It is valid for *.fabrikam.com.'],
    [
      ['*.contoso.com'],
      'a.mail.contoso.com',
      'It is valid for *.contoso.com (*.contoso.com covers one label only, not a.mail.contoso.com).',
    ],
    [
      ['*.contoso.com'],
      'contoso.com',
      'It is valid for *.contoso.com (*.contoso.com does not cover contoso.com itself).',
    ],
  ])('%j for %s', (names, host, expected) => {
    expect(detail(names, host)).toBe(expected);
  });

  it.each<[string[], string, string[]]>([
    [['*.contoso.com'], 'mail.contoso.com', []],
    [['*.contoso.com'], 'x.y.contoso.com', ['*.contoso.com covers one label only, not x.y.contoso.com']],
    [['*.com'], 'contoso.com', ['*.com is too broad: clients accept no wildcard over a top-level domain']],
    [['*.contoso.com'], 'mail.fabrikam.com', []],
    [['*.contoso.com'], 'evilcontoso.com', []],
    [['*.contoso.com'], '10.0.0.5', []],
    [['*.Contoso.com.'], 'A.B.CONTOSO.COM', ['*.Contoso.com. covers one label only, not a.b.contoso.com']],
  ])('wildcard notes: %j for %s', (names, host, notes) => {
    expect(wildcardNotes(host, names)).toEqual(notes);
  });
});
