import { type CertInfo, parseCertificate } from './parse-certificate';

/**
 * Parsed CA certificates by their DER, a bounded few: the intermediates servers send are shared by many
 * hosts (a sweep meets the same handful again and again), while leaves are not and are never kept, so a
 * sweep holds no parsed certificate beyond this cache. CertInfo is read-only everywhere, so sharing is safe.
 */
const cache = new Map<string, CertInfo>();
const MAX_ENTRIES = 64;

export function parseSentCertificate(der: Buffer): CertInfo {
  const key = der.toString('base64');
  const hit = cache.get(key);
  if (hit !== undefined) {
    cache.delete(key);
    cache.set(key, hit);
    return hit;
  }
  const info = parseCertificate(der);
  if (info.isCa) {
    if (cache.size >= MAX_ENTRIES) cache.delete(cache.keys().next().value ?? '');
    cache.set(key, info);
  }
  return info;
}
