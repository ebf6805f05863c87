import { isIP } from 'node:net';

/**
 * RFC 6125 host name matching as TLS clients do it: DNS SANs first, a wildcard covers exactly one whole
 * left-most label (never `*.com`, never a partial label), IP targets match only IP SANs, and the CN is
 * consulted only when the certificate has no DNS or IP SAN at all.
 */
export function matchesHostname(
  host: string,
  names: { dnsNames: readonly string[]; ipAddresses: readonly string[]; commonName?: string },
): boolean {
  const target = host.toLowerCase().replace(/\.$/, '');
  const hasSan = names.dnsNames.length > 0 || names.ipAddresses.length > 0;
  if (isIP(target) !== 0) {
    if (hasSan) return names.ipAddresses.some((ip) => normaliseIp(ip) === normaliseIp(target));
    return names.commonName !== undefined && normaliseIp(names.commonName) === normaliseIp(target);
  }
  const candidates = hasSan ? names.dnsNames : names.commonName !== undefined ? [names.commonName] : [];
  return candidates.some((pattern) => matchesPattern(target, pattern.toLowerCase().replace(/\.$/, '')));
}

function matchesPattern(host: string, pattern: string): boolean {
  if (!pattern.startsWith('*.')) return host === pattern;
  const suffix = pattern.slice(1);
  // A wildcard needs at least two labels after it, so `*.com` matches nothing.
  if (suffix.split('.').length < 3) return false;
  if (!host.endsWith(suffix)) return false;
  const label = host.slice(0, host.length - suffix.length);
  return label.length > 0 && !label.includes('.');
}

/**
 * Why the certificate's wildcard names miss `host`, when one of them looks as if it should cover it: one label
 * deep only (`*.contoso.com` is not `a.b.contoso.com`), never the bare domain, never a single-label suffix. Empty
 * when no wildcard is relevant, so a mismatch only mentions wildcards when the certificate has one that matters.
 */
export function wildcardNotes(host: string, dnsNames: readonly string[]): string[] {
  const target = host.toLowerCase().replace(/\.$/, '');
  if (isIP(target) !== 0) return [];
  const notes: string[] = [];
  for (const name of dnsNames) {
    const pattern = name.toLowerCase().replace(/\.$/, '');
    if (!pattern.startsWith('*.') || matchesPattern(target, pattern)) continue;
    const base = pattern.slice(2);
    if (!target.endsWith(`.${base}`) && target !== base) continue;
    if (!base.includes('.'))
      notes.push(`${name} is too broad: clients accept no wildcard over a top-level domain`);
    else if (target === base) notes.push(`${name} does not cover ${base} itself`);
    else notes.push(`${name} covers one label only, not ${target}`);
  }
  return notes;
}

function normaliseIp(ip: string): string {
  if (isIP(ip) !== 6) return ip;
  // Expand so that 2001:db8::1 and 2001:0db8:0:0:0:0:0:1 compare equal.
  const [head = '', tail = ''] = ip.toLowerCase().split('::');
  const headGroups = head === '' ? [] : head.split(':');
  const tailGroups = tail === '' ? [] : tail.split(':');
  const fill = ip.includes('::') ? Array<string>(8 - headGroups.length - tailGroups.length).fill('0') : [];
  return [...headGroups, ...fill, ...tailGroups].map((group) => group.replace(/^0+(?=.)/, '')).join(':');
}
