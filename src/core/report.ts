/** The JSON report of spec §3: what the CLI prints with --json and what every adapter renders. */

export type Severity = 'critical' | 'warning' | 'info' | 'ok';
export type Verdict = 'ok' | 'warning' | 'critical';

export interface Finding {
  code: string;
  severity: Severity;
  title: string;
  detail: string;
  nextSteps: string[];
  kb?: string;
  evidence?: Record<string, unknown>;
}

export interface ChainEntry {
  subject: string;
  issuer: string;
  notAfter: string;
  fingerprintSha256: string;
}

export interface CertificateSummary {
  subject: string;
  issuer: string;
  sans: string[];
  notBefore: string;
  notAfter: string;
  daysLeft: number;
  fingerprintSha256: string;
  serialNumber: string;
  signatureAlgorithm: string;
  keyType: string;
  keyBits: number;
  chain: ChainEntry[];
  trusted: boolean;
}

export type RpcEndpointOutcome = 'ok' | 'refused' | 'not_found' | 'timeout' | 'unauthorized' | 'error';

/** One `name:port` of the authenticated ping (spec §8). */
export interface RpcEndpointResult {
  name: string;
  port: number;
  outcome: RpcEndpointOutcome;
  ms: number;
  detail?: string;
}

/**
 * The authenticated ping, when credentials were configured: the endpoint table the adapters render. Not in
 * spec §3, which is silent on it; an optional field, so readers of the report that ignore it lose nothing.
 */
export interface RpcPingSummary {
  /** How the test account signed in: Basic, or NTLMv2 (under NTLM or Negotiate) with the channel binding. */
  signIn?: { scheme: 'Basic' | 'NTLM' | 'Negotiate'; channelBinding: boolean };
  backends: string[];
  durationMs: number;
  echo: { ok: boolean; detail: string };
  endpoints: RpcEndpointResult[];
}

/** One Outlook Anywhere provider block (EXPR external, EXHTTP internal and external) as Autodiscover gave it. */
export interface OutlookAnywhereSettings {
  server?: string;
  /** `On` unless the block says `Off`. */
  ssl: boolean;
  authPackage?: string;
  certPrincipalName?: string;
}

export interface MapiHttpUrls {
  internalUrl?: string;
  externalUrl?: string;
}

/** What Outlook would be told: the parts of the settings rpccheck checks and shows (spec §9). */
export interface AutodiscoverSettings {
  displayName?: string;
  expr?: OutlookAnywhereSettings;
  exhttp: OutlookAnywhereSettings[];
  mapiHttp?: { version?: string; mailStore: MapiHttpUrls; addressBook: MapiHttpUrls };
}

export type CandidateOutcome =
  | 'autodiscover' // answered as Exchange Autodiscover does (401 challenge, or XML)
  | 'redirect' // pointed elsewhere, followed (the hop is its own row)
  | 'error_response' // an Autodiscover <Error>
  | 'not_autodiscover' // answered, but not as Autodiscover (404, HTML, 5xx, non-https redirect)
  | 'invalid_xml' // XML that is malformed, hostile, too large or in the wrong namespace
  | 'certificate' // TLS worked but the certificate is one Outlook warns about
  | 'unreachable' // DNS, TCP or TLS failed
  | 'refused' // the target policy refused the host or port
  | 'loop' // a URL seen twice, or more than 10 redirects
  | 'no_record' // no SRV record
  | 'not_run'; // an earlier candidate already answered and this one is not needed (SRV never answered)

export interface AutodiscoverCandidate {
  url: string;
  /** root, autodiscover, http-redirect, srv, or redirect (a hop some other row pointed at). */
  method: 'root' | 'autodiscover' | 'http-redirect' | 'srv' | 'redirect';
  outcome: CandidateOutcome;
  status?: number;
  ms: number;
  detail?: string;
}

export interface AutodiscoverSection {
  candidates: AutodiscoverCandidate[];
  /** The candidate Outlook would use: the first in order that answered as Autodiscover. */
  endpoint?: { url: string; method: AutodiscoverCandidate['method']; authMethods: string[]; server?: string };
  settings?: AutodiscoverSettings;
  /** How the test account signed in to read the settings (Basic, NTLM or Negotiate). */
  signIn?: string;
}

export interface MapiSummary {
  /** The MailStore URL pinged (or the one built from the Autodiscover host without an account). */
  url: string;
  source: 'settings' | 'autodiscover-host';
  healthcheck: { status?: number; server?: string; detail: string };
  unauthenticated: { status?: number; authMethods: string[]; detail: string };
  /** The signed-in PING and how the account signed in (Basic, NTLM or Negotiate). */
  ping?: { status?: number; responseCode?: number; signIn: string; detail: string };
}

export interface Report {
  target: { input: string; host: string; port: number; address?: string; email?: string };
  checkedAt: string;
  durationMs: number;
  verdict: Verdict;
  findings: Finding[];
  certificate?: CertificateSummary;
  tls?: { protocol: string; cipher: string; alpn?: string };
  rpcProxy?: { url: string; status: number; authMethods: string[]; server?: string };
  rpcPing?: RpcPingSummary;
  /** `rpccheck autodiscover` only (spec §9): the candidate walk, the nested check of the EXPR server, MAPI. */
  autodiscover?: AutodiscoverSection;
  outlookAnywhere?: Report;
  mapi?: MapiSummary;
  /** One-line remarks that are no finding, e.g. what a test account would add. */
  notes?: string[];
}

const SEVERITY_ORDER: Record<Severity, number> = { critical: 0, warning: 1, info: 2, ok: 3 };

/** Findings in report order: critical, warning, info, ok; stable within a severity. */
export function sortFindings(findings: readonly Finding[]): Finding[] {
  return [...findings].sort((a, b) => SEVERITY_ORDER[a.severity] - SEVERITY_ORDER[b.severity]);
}

/** The worst severity among findings; info and ok both count as ok. */
export function verdictOf(findings: readonly Finding[]): Verdict {
  if (findings.some((f) => f.severity === 'critical')) return 'critical';
  if (findings.some((f) => f.severity === 'warning')) return 'warning';
  return 'ok';
}
