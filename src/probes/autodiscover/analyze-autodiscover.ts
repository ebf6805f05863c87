import { plural } from '../../core/plural';
import type {
  AutodiscoverCandidate,
  AutodiscoverSection,
  AutodiscoverSettings,
  Finding,
} from '../../core/report';
import { finding } from '../../findings/catalog';

/**
 * Pure judgement of the candidate walk (spec §9): which candidate Outlook would use, in its order, and what
 * went wrong on the way. Each chain is one candidate's row followed by the redirect hops it led to.
 */

export type CandidateChain = readonly AutodiscoverCandidate[];

const last = (chain: CandidateChain): AutodiscoverCandidate | undefined => chain[chain.length - 1];

/** Where a chain ended decides it: an Autodiscover answer (settings or a 401 challenge) or an <Error>. */
const answered = (chain: CandidateChain): boolean => {
  const end = last(chain)?.outcome;
  return end === 'autodiscover' || end === 'error_response';
};

const describe = (row: AutodiscoverCandidate): string =>
  `${row.url}: ${row.outcome}${row.status !== undefined ? ` (${row.status})` : ''}${row.detail !== undefined ? `, ${row.detail}` : ''}`;

export interface CandidateVerdict {
  findings: Finding[];
  /** Index of the chain Outlook would use. */
  chosen?: number;
}

export function analyzeCandidates(chains: readonly CandidateChain[]): CandidateVerdict {
  const findings: Finding[] = [];
  const chosen = chains.findIndex(answered);
  // Outlook stops at the first chain that answers, so only the candidates up to it are ones users meet.
  const reached = chosen < 0 ? chains : chains.slice(0, chosen + 1);
  const rows = chains.flat();

  const root = chains.find((chain) => chain[0]?.method === 'root');
  if (root !== undefined && !answered(root)) {
    const end = last(root);
    findings.push(
      finding('autodiscover.root_domain_skipped', {
        title: 'The root domain does not serve Autodiscover; Outlook moves on',
        detail: `${end !== undefined ? describe(end) : 'no answer'}. Outlook tries this URL first and ignores its certificate errors; when it times out, profile creation is slow.`,
        evidence: { url: root[0]?.url, outcome: end?.outcome, status: end?.status },
      }),
    );
  }

  for (const chain of reached)
    for (const row of chain) {
      // The root domain is the one candidate whose certificate errors Outlook suppresses.
      if (row.outcome !== 'certificate' || row.method === 'root') continue;
      findings.push(
        finding('autodiscover.certificate_invalid', {
          title: `Outlook warns about the certificate of ${new URL(row.url).host}`,
          detail: `${row.url}: ${row.detail ?? 'the certificate is not valid for this host'}. Outlook shows a security warning (or fails) on this candidate.`,
          evidence: { url: row.url, method: row.method, problem: row.detail },
        }),
      );
    }

  for (const row of rows.filter((r) => r.outcome === 'loop'))
    findings.push(
      finding('autodiscover.redirect_loop', {
        title: 'Autodiscover redirects in a loop',
        detail: `${row.url}: ${row.detail ?? 'redirect loop'}. Outlook gives up on this path.`,
        evidence: { url: row.url },
      }),
    );

  if (chosen < 0) {
    findings.push(
      finding('autodiscover.unreachable', {
        title: 'No Autodiscover candidate answered',
        detail: `Outlook would fail ("The Autodiscover service couldn't be contacted successfully by any method."): ${rows.map(describe).join('; ')}.`,
        evidence: { candidates: rows.map((r) => ({ url: r.url, outcome: r.outcome, status: r.status })) },
      }),
    );
    return { findings };
  }

  const chain = chains[chosen] ?? [];
  const end = last(chain);
  const first = chain[0];
  if (end === undefined || first === undefined) return { findings };
  if (end.outcome === 'autodiscover')
    findings.push(
      finding('autodiscover.ok', {
        title: `Autodiscover answers at ${end.url}`,
        detail: `Found through the ${first.method} candidate${chain.length > 1 ? ` after ${plural(chain.length - 1, 'redirect')}` : ''}.`,
        evidence: { url: end.url, method: first.method },
      }),
    );
  if (first.method === 'http-redirect')
    findings.push(
      finding('autodiscover.http_redirect', {
        title: 'Autodiscover is found through the port-80 redirect',
        detail: `${first.url} redirects to ${end.url}. Outlook asks "Allow this website to configure … server settings?" every time a profile is set up.`,
        evidence: { from: first.url, to: end.url },
      }),
    );
  return { findings, chosen };
}

export function errorResponseFinding(url: string, code: string, message: string): Finding {
  return finding('autodiscover.error_response', {
    title: `Autodiscover answered with error ${code}: ${message}`,
    detail: `${url} returned an <Error> (ErrorCode ${code}, "${message}"), so Outlook gets no settings.`,
    ...(code.startsWith('6') && { kb: 'autodiscover-invalid-request' }),
    evidence: { url, errorCode: code, message },
  });
}

/** What the settings themselves say: Outlook Anywhere published or not, MAPI over HTTP offered or not. */
export function analyzeSettings(settings: AutodiscoverSettings): Finding[] {
  const findings: Finding[] = [];
  if (settings.expr === undefined && settings.exhttp.length === 0)
    findings.push(
      finding('autodiscover.no_outlook_anywhere', {
        title: 'The settings have no Outlook Anywhere (EXPR or EXHTTP) block',
        detail:
          'Outlook Anywhere is not published, so Outlook outside the network has no RPC over HTTP fallback.',
      }),
    );
  if (settings.mapiHttp === undefined)
    findings.push(
      finding('mapi.not_offered', {
        title: 'MAPI over HTTP is not offered; Outlook uses RPC over HTTP',
        detail:
          'The answer (to a request with X-MapiHttpCapability: 1) has no mapiHttp block: MapiHttpEnabled is off for the organisation or mailbox, or Exchange is older than 2013 SP1.',
      }),
    );
  return findings;
}

export type { AutodiscoverSection };
