import { daysLeft, expiredAgo } from '../../core/expiry';
import { plural } from '../../core/plural';
import type { CertificateSummary, Finding } from '../../core/report';
import { finding } from '../../findings/catalog';
import type { ChainResult } from './build-chain';
import { matchesHostname, wildcardNotes } from './match-hostname';
import type { CertInfo } from './parse-certificate';

export interface CertificateInput {
  host: string;
  /** As the server sent them, leaf first. */
  sent: readonly CertInfo[];
  chain: ChainResult;
  now: Date;
  warnDays: number;
  /** How the sent chain was obtained: `rebuilt` when only Node's reconstruction was available (TLS 1.3-only). */
  chainSource: 'sent' | 'rebuilt';
  aiaError?: string;
}

const isoDay = (date: Date): string => date.toISOString().slice(0, 10);

export function summarise(input: CertificateInput): CertificateSummary {
  const leaf = input.chain.path[0] ?? input.sent[0];
  if (!leaf) throw new Error('summarise needs a leaf certificate');
  return {
    subject: leaf.subject,
    issuer: leaf.issuer,
    sans: [...leaf.dnsNames, ...leaf.ipAddresses],
    notBefore: leaf.notBefore.toISOString(),
    notAfter: leaf.notAfter.toISOString(),
    daysLeft: daysLeft(leaf.notAfter, input.now),
    fingerprintSha256: leaf.fingerprintSha256,
    serialNumber: leaf.serialNumber,
    signatureAlgorithm: leaf.signatureAlgorithm,
    keyType: leaf.keyType,
    keyBits: leaf.keyBits,
    chain: input.sent.map((cert) => ({
      subject: cert.subject,
      issuer: cert.issuer,
      notAfter: cert.notAfter.toISOString(),
      fingerprintSha256: cert.fingerprintSha256,
    })),
    trusted: input.chain.status === 'trusted',
  };
}

function trustFindings(input: CertificateInput, leaf: CertInfo): Finding[] {
  const { chain } = input;
  const root = chain.path[chain.path.length - 1] ?? leaf;
  const evidence = { path: chain.path.map((cert) => cert.subject), chainSource: input.chainSource };
  switch (chain.status) {
    case 'trusted':
      return [];
    case 'self_signed':
      return [
        finding('cert.self_signed', {
          title: 'The certificate is self-signed',
          detail: `${leaf.subject} was issued by itself, so no client trusts it unless it is installed on every one of them.`,
          evidence,
        }),
      ];
    case 'untrusted_root':
      return [
        finding('cert.untrusted_ca', {
          title: `Issued by a CA clients do not trust: ${root.subject}`,
          detail: `The chain ends at ${root.subject}, which is not in the trust store (system roots plus --ca-file). Typical of an in-house CA.`,
          evidence,
        }),
      ];
    case 'incomplete': {
      const missing = chain.fetched.map((cert) => cert.subject).join(', ');
      return [
        finding('cert.incomplete_chain', {
          title: 'The server does not send its intermediate certificate',
          detail: `The server sent ${plural(input.sent.length, 'certificate')}; ${missing} is missing. Fetched from the certificate's AIA URL, it chains to the trusted root ${chain.anchor?.subject ?? ''}, so installing it on the server fixes the chain.`,
          evidence: { ...evidence, missing: chain.fetched.map((cert) => cert.subject) },
        }),
      ];
    }
    case 'unknown_issuer': {
      const why =
        input.aiaError !== undefined
          ? `Its AIA "CA Issuers" URL could not be fetched (${input.aiaError}), so rpccheck cannot tell a missing intermediate from an unknown CA.`
          : leaf.caIssuersUrls.length === 0 && chain.path.length === 1
            ? 'The certificate has no AIA "CA Issuers" URL, so either an intermediate is missing or the issuer is an in-house CA.'
            : 'The issuer is neither a trusted root nor reachable through AIA.';
      return [
        finding('cert.untrusted_ca', {
          title: `Issuer not trusted: ${chain.missingIssuer ?? leaf.issuer}`,
          detail: `The server did not send the certificate of ${chain.missingIssuer ?? leaf.issuer} and it is not in the trust store. ${why}`,
          nextSteps: [
            'If the issuer is a public CA, install its intermediate certificate on the server (Intermediate Certification Authorities, Local Computer) and restart IIS.',
          ],
          evidence,
        }),
      ];
    }
  }
}

/** Certificate chain → findings (spec §4 cert.*): pure, every fault reported, `cert.ok` only when none. */
export function analyzeCertificate(input: CertificateInput): Finding[] {
  const leaf = input.chain.path[0] ?? input.sent[0];
  if (!leaf) return [];
  const findings: Finding[] = [];
  const left = daysLeft(leaf.notAfter, input.now);

  if (input.now.getTime() > leaf.notAfter.getTime()) {
    findings.push(
      finding('cert.expired', {
        title: `The certificate expired on ${isoDay(leaf.notAfter)}`,
        detail: `${leaf.subject} ${expiredAgo(left)} (notAfter ${leaf.notAfter.toISOString()}). Outlook fails without a warning.`,
        evidence: { notAfter: leaf.notAfter.toISOString(), daysLeft: left },
      }),
    );
  } else if (left <= input.warnDays) {
    findings.push(
      finding('cert.expiring_soon', {
        title: `The certificate expires ${left === 0 ? 'within a day' : `in ${plural(left, 'day')}`}, on ${isoDay(leaf.notAfter)}`,
        detail: `${leaf.subject}, issued by ${leaf.issuer}, is valid until ${leaf.notAfter.toISOString()} (warning threshold ${plural(input.warnDays, 'day')}).`,
        evidence: { notAfter: leaf.notAfter.toISOString(), daysLeft: left, warnDays: input.warnDays },
      }),
    );
  }
  if (input.now.getTime() < leaf.notBefore.getTime()) {
    findings.push(
      finding('cert.not_yet_valid', {
        title: `The certificate is not valid before ${isoDay(leaf.notBefore)}`,
        detail: `notBefore is ${leaf.notBefore.toISOString()}, after the current time ${input.now.toISOString()}.`,
        evidence: { notBefore: leaf.notBefore.toISOString() },
      }),
    );
  }
  findings.push(...trustFindings(input, leaf));

  if (!matchesHostname(input.host, leaf)) {
    const names = [...leaf.dnsNames, ...leaf.ipAddresses];
    const notes = wildcardNotes(input.host, leaf.dnsNames);
    findings.push(
      finding('cert.name_mismatch', {
        title: `The certificate does not name ${input.host}`,
        detail:
          names.length > 0
            ? `It is valid for ${names.join(', ')}${notes.length > 0 ? ` (${notes.join('; ')})` : ''}.`
            : `It has no Subject Alternative Name; its common name is ${leaf.commonName ?? '(none)'}.`,
        evidence: { host: input.host, sans: names, commonName: leaf.commonName ?? null },
      }),
    );
  }

  // A root's own signature is never checked by clients, so only the certificates below it count.
  const signed = input.chain.path.filter((cert) => !cert.selfSigned || cert === leaf);
  const weakSigned = signed.filter((cert) => cert.weakSignature);
  if (weakSigned.length > 0) {
    findings.push(
      finding('cert.weak_signature', {
        title: `Weak signature algorithm: ${weakSigned.map((cert) => cert.signatureAlgorithm).join(', ')}`,
        detail: weakSigned
          .map((cert) => `${cert.subject} is signed with ${cert.signatureAlgorithm}.`)
          .join(' '),
        evidence: {
          certificates: weakSigned.map((cert) => ({
            subject: cert.subject,
            algorithm: cert.signatureAlgorithm,
          })),
        },
      }),
    );
  }
  const weakKeys = input.chain.path.filter(
    (cert) =>
      (cert.keyType === 'rsa' && cert.keyBits < 2048) || (cert.keyType === 'ec' && cert.keyBits < 256),
  );
  if (weakKeys.length > 0) {
    findings.push(
      finding('cert.weak_key', {
        title: `Key too small: ${weakKeys.map((cert) => `${cert.keyType.toUpperCase()} ${cert.keyBits} bits`).join(', ')}`,
        detail: weakKeys
          .map((cert) => `${cert.subject} has a ${cert.keyBits}-bit ${cert.keyType.toUpperCase()} key.`)
          .join(' '),
        evidence: {
          certificates: weakKeys.map((cert) => ({
            subject: cert.subject,
            keyType: cert.keyType,
            keyBits: cert.keyBits,
          })),
        },
      }),
    );
  }

  if (findings.length === 0) {
    findings.push(
      finding('cert.ok', {
        title: `Certificate valid for ${plural(left, 'more day', 'more days')}, issued by ${leaf.issuer}`,
        detail: `${leaf.subject}, trusted through ${input.chain.anchor?.subject ?? 'the trust store'}, matches ${input.host}, expires ${isoDay(leaf.notAfter)}.`,
        evidence: { daysLeft: left, issuer: leaf.issuer },
      }),
    );
  }
  return findings;
}
