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

export interface Report {
  target: { input: string; host: string; port: number; address?: string };
  checkedAt: string;
  durationMs: number;
  verdict: Verdict;
  findings: Finding[];
  certificate?: CertificateSummary;
  tls?: { protocol: string; cipher: string; alpn?: string };
  rpcProxy?: { url: string; status: number; authMethods: string[]; server?: string };
  rpcPing?: RpcPingSummary;
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
