import ipaddr from 'ipaddr.js';
import forge from 'node-forge';

/**
 * Fields read straight from a certificate's DER with forge's ASN.1 reader, which parses any certificate:
 * node-forge's certificate API rejects ECDSA keys and Node 20's X509Certificate lacks signatureAlgorithm.
 */
export interface DerFields {
  signatureOid: string;
  dnsNames: string[];
  ipAddresses: string[];
  caIssuersUrls: string[];
}

const OID_SAN = '2.5.29.17';
const OID_AIA = '1.3.6.1.5.5.7.1.1';
const OID_CA_ISSUERS = '1.3.6.1.5.5.7.48.2';

type Node = forge.asn1.Asn1;

function children(node: Node | undefined): Node[] {
  return node !== undefined && Array.isArray(node.value) ? (node.value as Node[]) : [];
}

function bytes(node: Node | undefined): string {
  return node !== undefined && typeof node.value === 'string' ? node.value : '';
}

function ipFromBytes(raw: string): string {
  if (raw.length !== 4 && raw.length !== 16) return '';
  return ipaddr.fromByteArray([...raw].map((c) => c.charCodeAt(0))).toString();
}

function parseGeneralNames(der: string, fields: DerFields): void {
  for (const name of children(forge.asn1.fromDer(der))) {
    if (name.tagClass !== forge.asn1.Class.CONTEXT_SPECIFIC) continue;
    if (name.type === 2) fields.dnsNames.push(bytes(name).toLowerCase());
    if (name.type === 7) {
      const ip = ipFromBytes(bytes(name));
      if (ip !== '') fields.ipAddresses.push(ip);
    }
  }
}

function parseAia(der: string, fields: DerFields): void {
  for (const access of children(forge.asn1.fromDer(der))) {
    const [method, location] = children(access);
    if (method === undefined || location === undefined) continue;
    if (forge.asn1.derToOid(bytes(method)) !== OID_CA_ISSUERS) continue;
    if (location.tagClass === forge.asn1.Class.CONTEXT_SPECIFIC && location.type === 6)
      fields.caIssuersUrls.push(bytes(location));
  }
}

export function readDerFields(der: Buffer): DerFields {
  const fields: DerFields = { signatureOid: '', dnsNames: [], ipAddresses: [], caIssuersUrls: [] };
  const certificate = forge.asn1.fromDer(forge.util.createBuffer(der.toString('binary')));
  const [tbs, signatureAlgorithm] = children(certificate);
  fields.signatureOid = forge.asn1.derToOid(bytes(children(signatureAlgorithm)[0]));
  const explicitExtensions = children(tbs).find(
    (node) => node.tagClass === forge.asn1.Class.CONTEXT_SPECIFIC && node.type === 3,
  );
  for (const extension of children(children(explicitExtensions)[0])) {
    const parts = children(extension);
    const oid = forge.asn1.derToOid(bytes(parts[0]));
    const value = bytes(parts[parts.length - 1]);
    try {
      if (oid === OID_SAN) parseGeneralNames(value, fields);
      if (oid === OID_AIA) parseAia(value, fields);
    } catch {
      // A malformed extension leaves its field empty; the certificate is still judged on the rest.
    }
  }
  return fields;
}

const SIGNATURE_NAMES: Record<string, string> = {
  '1.2.840.113549.1.1.4': 'md5WithRSAEncryption',
  '1.2.840.113549.1.1.5': 'sha1WithRSAEncryption',
  '1.2.840.113549.1.1.11': 'sha256WithRSAEncryption',
  '1.2.840.113549.1.1.12': 'sha384WithRSAEncryption',
  '1.2.840.113549.1.1.13': 'sha512WithRSAEncryption',
  '1.2.840.113549.1.1.10': 'rsassaPss',
  '1.2.840.10045.4.1': 'ecdsa-with-SHA1',
  '1.2.840.10045.4.3.2': 'ecdsa-with-SHA256',
  '1.2.840.10045.4.3.3': 'ecdsa-with-SHA384',
  '1.2.840.10045.4.3.4': 'ecdsa-with-SHA512',
  '1.3.101.112': 'Ed25519',
  '1.2.840.10040.4.3': 'dsa-with-SHA1',
};

const WEAK_SIGNATURES = new Set([
  '1.2.840.113549.1.1.4',
  '1.2.840.113549.1.1.5',
  '1.2.840.10045.4.1',
  '1.2.840.10040.4.3',
  '1.2.840.113549.1.1.2',
  '1.2.840.113549.1.1.3',
]);

export function signatureName(oid: string): string {
  return SIGNATURE_NAMES[oid] ?? oid;
}

/** MD5, MD2, MD4 and SHA-1 signatures: collisions make them forgeable, and clients reject them. */
export function isWeakSignature(oid: string): boolean {
  return WEAK_SIGNATURES.has(oid);
}
