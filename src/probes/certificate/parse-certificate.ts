import { X509Certificate } from 'node:crypto';
import { isWeakSignature, readDerFields, signatureName } from './der-fields';

/** What the analysis needs of one certificate, whatever its key type. */
export interface CertInfo {
  x509: X509Certificate;
  der: Buffer;
  subject: string;
  issuer: string;
  commonName?: string;
  dnsNames: string[];
  ipAddresses: string[];
  caIssuersUrls: string[];
  notBefore: Date;
  notAfter: Date;
  fingerprintSha256: string;
  serialNumber: string;
  signatureAlgorithm: string;
  weakSignature: boolean;
  keyType: string;
  keyBits: number;
  isCa: boolean;
  /** Issued by itself and its signature verifies with its own key: a root, or a self-signed leaf. */
  selfSigned: boolean;
}

const CURVE_BITS: Record<string, number> = {
  prime256v1: 256,
  secp256k1: 256,
  secp384r1: 384,
  secp521r1: 521,
  secp224r1: 224,
  prime192v1: 192,
};

function keyBits(x509: X509Certificate): { keyType: string; keyBits: number } {
  const key = x509.publicKey;
  const type = key.asymmetricKeyType ?? 'unknown';
  const details = key.asymmetricKeyDetails ?? {};
  if (details.modulusLength !== undefined) return { keyType: type, keyBits: details.modulusLength };
  if (details.namedCurve !== undefined)
    return { keyType: type, keyBits: CURVE_BITS[details.namedCurve] ?? 0 };
  if (type === 'ed25519') return { keyType: type, keyBits: 256 };
  if (type === 'ed448') return { keyType: type, keyBits: 448 };
  return { keyType: type, keyBits: 0 };
}

/** Node prints names one attribute a line; reports want one line. */
function oneLine(name: string): string {
  return name.split('\n').filter(Boolean).join(', ');
}

function commonNameOf(subject: string): string | undefined {
  for (const line of subject.split('\n')) if (line.startsWith('CN=')) return line.slice(3);
  return undefined;
}

/** Not checkIssued(): OpenSSL's check also demands keyCertSign, which self-signed leaves usually lack. */
function isSelfSigned(x509: X509Certificate): boolean {
  try {
    return x509.subject === x509.issuer && x509.verify(x509.publicKey);
  } catch {
    return false;
  }
}

export function parseCertificate(der: Buffer): CertInfo {
  const x509 = new X509Certificate(der);
  const fields = readDerFields(der);
  const commonName = commonNameOf(x509.subject);
  return {
    x509,
    der,
    subject: oneLine(x509.subject),
    issuer: oneLine(x509.issuer),
    ...(commonName !== undefined && { commonName }),
    dnsNames: fields.dnsNames,
    ipAddresses: fields.ipAddresses,
    caIssuersUrls: fields.caIssuersUrls,
    notBefore: new Date(x509.validFrom),
    notAfter: new Date(x509.validTo),
    fingerprintSha256: x509.fingerprint256,
    serialNumber: x509.serialNumber,
    signatureAlgorithm: signatureName(fields.signatureOid),
    weakSignature: isWeakSignature(fields.signatureOid),
    ...keyBits(x509),
    isCa: x509.ca,
    selfSigned: isSelfSigned(x509),
  };
}

/** Parses PEM blocks (trust anchors from --ca-file); blocks that do not parse are skipped. */
export function parsePemCertificates(pems: readonly string[]): CertInfo[] {
  const out: CertInfo[] = [];
  for (const pem of pems) {
    for (const block of pem.match(/-----BEGIN CERTIFICATE-----[\s\S]+?-----END CERTIFICATE-----/g) ?? []) {
      try {
        out.push(parseCertificate(new X509Certificate(block).raw));
      } catch {
        // Not a certificate we can read: it cannot anchor anything.
      }
    }
  }
  return out;
}
