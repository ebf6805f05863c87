import tls from 'node:tls';
import { type CertInfo, parsePemCertificates } from './parse-certificate';

let systemRoots: CertInfo[] | undefined;
/** Anchors per extra-CA content: the same --ca-file / RPCCHECK_CA_FILE is parsed once, not once per check. */
const withExtra = new Map<string, CertInfo[]>();
const MAX_EXTRA_SETS = 8;

/** Node's bundled roots parsed once per process (about 150 certificates), plus the operator's extra CAs. */
export function trustAnchors(extraPem: readonly string[] = []): CertInfo[] {
  systemRoots ??= parsePemCertificates(tls.rootCertificates);
  if (extraPem.length === 0) return systemRoots;
  const key = extraPem.join('\n');
  let anchors = withExtra.get(key);
  if (anchors === undefined) {
    // Tests and one-off CLI checks bring other files; a few sets are kept, the oldest dropped first.
    if (withExtra.size >= MAX_EXTRA_SETS) withExtra.delete(withExtra.keys().next().value ?? '');
    anchors = [...systemRoots, ...parsePemCertificates(extraPem)];
    withExtra.set(key, anchors);
  }
  return anchors;
}
