import type { Finding } from '../core/report';
import type { KbMatch } from '../kb';

/** What of a finding the ranking needs: a fixture in the chat evaluation is just these. */
export type ReportFinding = Pick<Finding, 'code' | 'severity' | 'title'>;

export interface RankedEntry extends KbMatch {
  /** Findings of the report that the entry names: the check shows this is the cause. */
  confirmedBy: ReportFinding[];
  /** Findings that rule the entry out: the check looked there and found it healthy. */
  contradictedBy: ReportFinding[];
}

/**
 * A healthy finding rules out problems of the same part of the server: `cert.ok` means no certificate entry
 * applies, `rpc.auth_basic_only` that /rpc offers no Integrated authentication. Each code is ruled out only by
 * a finding that proves the opposite, never by a finding's mere absence (a probe may have been skipped).
 */
const RULES_OUT: Record<string, readonly string[]> = {
  'cert.ok': [
    'cert.expired',
    'cert.expiring_soon',
    'cert.not_yet_valid',
    'cert.self_signed',
    'cert.untrusted_ca',
    'cert.incomplete_chain',
    'cert.name_mismatch',
    'cert.weak_signature',
    'cert.weak_key',
  ],
  'tls.ok': ['tls.handshake_failed', 'tls.legacy_protocol', 'tcp.unreachable', 'dns.unresolvable'],
  'rpc.proxy_reachable': ['rpc.proxy_missing', 'rpc.proxy_error', 'tcp.unreachable', 'dns.unresolvable'],
  'rpc.auth_basic_only': ['rpc.auth_integrated', 'rpc.auth_none', 'rpc.anonymous_access'],
  'rpc.echo_ok': ['rpc.credentials_rejected'],
  'mapi.healthy': ['mapi.healthcheck_failed'],
  'mapi.ping_ok': ['mapi.ping_failed'],
  'autodiscover.ok': ['autodiscover.unreachable'],
};

/**
 * The knowledge-base answer to a symptom, re-ranked by what the check of the host found: entries the report
 * confirms first (in their match order), then those it neither confirms nor rules out, then those it
 * contradicts. Pure; `entryFindings` gives the codes an entry lists under `findings`.
 */
export function rankByReport(
  findings: readonly ReportFinding[],
  matches: readonly KbMatch[],
  entryFindings: (id: string) => readonly string[],
): RankedEntry[] {
  const present = new Map(findings.map((f) => [f.code, f]));
  const ruledOut = new Map<string, ReportFinding>();
  for (const finding of findings)
    for (const code of RULES_OUT[finding.code] ?? []) if (!present.has(code)) ruledOut.set(code, finding);
  const ranked = matches.map((match): RankedEntry => {
    const codes = entryFindings(match.id);
    const confirmedBy = codes.flatMap((code) => present.get(code) ?? []);
    // Contradicted only when every code the entry rests on is ruled out: one open code keeps it possible.
    const contradicts = codes.map((code) => ruledOut.get(code));
    const contradictedBy =
      confirmedBy.length === 0 && codes.length > 0 && contradicts.every((f) => f !== undefined)
        ? [...new Set(contradicts as ReportFinding[])]
        : [];
    return { ...match, confirmedBy, contradictedBy };
  });
  // A problem the check found outranks a healthy sign it found (a 401 challenge confirms every "/rpc works"
  // entry), which outranks what it could not tell.
  const rank = (entry: RankedEntry): number =>
    entry.confirmedBy.some((f) => f.severity !== 'ok' && f.severity !== 'info')
      ? 0
      : entry.confirmedBy.length > 0
        ? 1
        : entry.contradictedBy.length > 0
          ? 3
          : 2;
  // Array.prototype.sort is stable: within a rank the symptom's own order stays.
  return ranked.sort((a, b) => rank(a) - rank(b));
}
