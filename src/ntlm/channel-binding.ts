import { createHash } from 'node:crypto';
import { readDerFields } from '../probes/certificate/der-fields';

/**
 * The channel binding token NTLM carries in MsvAvChannelBindings (MS-NLMP 2.2.2.1): the MD5 of a
 * gss_channel_bindings_struct (RFC 2744) whose addresses are empty and whose application data is
 * `tls-server-end-point:` followed by a hash of the server's certificate (RFC 5929 section 4.1).
 */

/**
 * RFC 5929 4.1: the certificate's own signature hash, except MD5 and SHA-1, which become SHA-256. Exchange's
 * certificates are SHA-256-signed in practice (what spec §8 assumes); SHA-384 and SHA-512 signatures (RSA or
 * ECDSA) get their own hash, as Windows computes it. RSASSA-PSS and EdDSA fall back to SHA-256.
 */
const HASH_BY_SIGNATURE: Record<string, 'sha384' | 'sha512'> = {
  '1.2.840.113549.1.1.12': 'sha384',
  '1.2.840.113549.1.1.13': 'sha512',
  '1.2.840.10045.4.3.3': 'sha384',
  '1.2.840.10045.4.3.4': 'sha512',
};

export function endPointHash(certificateDer: Buffer): 'sha256' | 'sha384' | 'sha512' {
  let oid = '';
  try {
    oid = readDerFields(certificateDer).signatureOid;
  } catch {
    // An unreadable certificate cannot have been verified; SHA-256 is the spec's default.
  }
  return HASH_BY_SIGNATURE[oid] ?? 'sha256';
}

/** The struct as Windows hashes it: four empty address fields, then the application data's length and bytes. */
export function gssChannelBindingsStruct(applicationData: Buffer): Buffer {
  const header = Buffer.alloc(20);
  header.writeUInt32LE(applicationData.length, 16);
  return Buffer.concat([header, applicationData]);
}

/** The 16-byte MsvAvChannelBindings value for a TLS connection whose server showed this certificate. */
export function tlsChannelBindingHash(certificateDer: Buffer): Buffer {
  const endPoint = createHash(endPointHash(certificateDer)).update(certificateDer).digest();
  const data = Buffer.concat([Buffer.from('tls-server-end-point:', 'latin1'), endPoint]);
  return createHash('md5').update(gssChannelBindingsStruct(data)).digest();
}
