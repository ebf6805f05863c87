import tls from 'node:tls';
import { type CertInfo, parsePemCertificates } from './parse-certificate';

let systemRoots: CertInfo[] | undefined;

/** Node's bundled roots parsed once per process (about 150 certificates), plus the operator's extra CAs. */
export function trustAnchors(extraPem: readonly string[] = []): CertInfo[] {
  systemRoots ??= parsePemCertificates(tls.rootCertificates);
  return extraPem.length === 0 ? systemRoots : [...systemRoots, ...parsePemCertificates(extraPem)];
}
