import type { CertInfo } from './parse-certificate';

/**
 * Builds the path from the leaf to a trust anchor the way a client would, using only what the server sent,
 * then says why it fails when it does. Certificates fetched from AIA are used to tell a missing
 * intermediate (the path completes through them) from an unknown CA (it does not).
 */
export type ChainStatus =
  | 'trusted' // leaf → sent intermediates → anchor
  | 'self_signed' // the leaf signed itself and is not an anchor
  | 'untrusted_root' // the path ends at a self-signed CA that is not an anchor
  | 'incomplete' // an intermediate was not sent; with it (from AIA) the path reaches an anchor
  | 'unknown_issuer'; // the issuer was neither sent nor found; not even AIA completes the path

export interface ChainResult {
  status: ChainStatus;
  /** Leaf first; ends at the anchor when trusted. */
  path: CertInfo[];
  anchor?: CertInfo;
  /** Certificates fetched from AIA that the path needed. */
  fetched: CertInfo[];
  /** The issuer name that could not be found, when the path stops short. */
  missingIssuer?: string;
}

function issues(issuer: CertInfo, subject: CertInfo): boolean {
  try {
    return subject.x509.checkIssued(issuer.x509) && subject.x509.verify(issuer.x509.publicKey);
  } catch {
    return false;
  }
}

const MAX_DEPTH = 8;

export function buildChain(
  leaf: CertInfo,
  sent: readonly CertInfo[],
  anchors: readonly CertInfo[],
  fromAia: readonly CertInfo[] = [],
): ChainResult {
  const isAnchor = (cert: CertInfo): boolean =>
    anchors.some((a) => a.fingerprintSha256 === cert.fingerprintSha256);
  const path: CertInfo[] = [leaf];
  const fetched: CertInfo[] = [];
  let current = leaf;
  if (isAnchor(leaf)) return { status: 'trusted', path, anchor: leaf, fetched };

  for (let depth = 0; depth < MAX_DEPTH; depth++) {
    // Anchors first: a server that also sends an old cross-signed root must not hide a trusted path.
    const anchor = anchors.find((candidate) => candidate.isCa && issues(candidate, current));
    if (anchor) {
      if (anchor.fingerprintSha256 !== current.fingerprintSha256) path.push(anchor);
      return { status: fetched.length > 0 ? 'incomplete' : 'trusted', path, anchor, fetched };
    }
    if (current.selfSigned)
      return { status: current === leaf ? 'self_signed' : 'untrusted_root', path, fetched };
    const unused = (candidate: CertInfo): boolean =>
      !path.includes(candidate) && candidate.isCa && issues(candidate, current);
    const next = sent.find(unused) ?? fromAia.find(unused);
    if (!next) return { status: 'unknown_issuer', path, fetched, missingIssuer: current.issuer };
    if (!sent.includes(next)) fetched.push(next);
    path.push(next);
    current = next;
  }
  return { status: 'unknown_issuer', path, fetched, missingIssuer: current.issuer };
}
