import { connectToFor } from '../../core/connect-to';
import type { CertificateSummary, Finding } from '../../core/report';
import type { Target } from '../../core/target';
import { normaliseHost } from '../../core/target';
import { certificateContext } from '../check-report';
import { probeTls } from '../probe-tls';
import { resolveTarget } from '../resolve-target';
import type { AutodiscoverOptions } from './autodiscover-types';

/**
 * A URL made ready to connect to: its host through `--connect-to` and the target policy (every address,
 * allowed ports), then TLS and the certificate judged as `check` judges them. Never throws.
 */
export type Endpoint =
  | { kind: 'refused'; reason: string }
  | { kind: 'unreachable'; detail: string }
  | {
      kind: 'ready';
      url: URL;
      host: string;
      address: string;
      port: number;
      secure: boolean;
      tlsEstablished: boolean;
      tlsDetail?: string;
      certificate?: CertificateSummary;
      certificateFindings: Finding[];
    };

const CERT_PROBLEMS = new Set([
  'cert.expired',
  'cert.not_yet_valid',
  'cert.self_signed',
  'cert.untrusted_ca',
  'cert.incomplete_chain',
  'cert.name_mismatch',
]);

/** What Outlook would warn about in this certificate, or undefined when it would not. */
export function certificateProblem(endpoint: Extract<Endpoint, { kind: 'ready' }>): string | undefined {
  const problems = endpoint.certificateFindings.filter((f) => CERT_PROBLEMS.has(f.code));
  if (problems.length > 0) return problems.map((f) => f.title).join('; ');
  if (endpoint.certificate !== undefined && !endpoint.certificate.trusted)
    return 'the certificate is not trusted';
  return undefined;
}

export async function openEndpoint(
  urlText: string,
  options: AutodiscoverOptions,
  plaintextPort?: number,
): Promise<Endpoint> {
  let url: URL;
  try {
    url = new URL(urlText);
  } catch {
    return { kind: 'refused', reason: `"${urlText.slice(0, 200)}" is not a URL` };
  }
  const secure = url.protocol === 'https:';
  const name = normaliseHost(url.hostname.replace(/^\[(.*)\]$/, '$1'));
  if ('reason' in name) return { kind: 'refused', reason: name.reason };
  const urlPort = url.port === '' ? (secure ? 443 : 80) : Number(url.port);
  const to = connectToFor(options.connectTo ?? [], name.host, urlPort);
  // The port-80 GET is the one plaintext request, as `check` makes its fixed plaintext probe: the policy's
  // port list is about what may be probed over TLS, the address rules still apply in full.
  let port = to?.port ?? urlPort;
  let policy = options.policy;
  if (!secure) {
    if (to === undefined && plaintextPort !== undefined) port = plaintextPort;
    policy = { ...policy, allowedPorts: new Set([...policy.allowedPorts, port]) };
  }
  const target: Target = {
    input: urlText,
    host: name.host,
    port,
    ...(to !== undefined && { connectAddress: to.address, connectSource: '--connect-to' as const }),
  };
  const resolution = await resolveTarget(target, policy, {
    timeoutMs: options.timeoutMs,
    ...(options.lookup !== undefined && { lookup: options.lookup }),
  });
  if (resolution.kind === 'refused') return { kind: 'refused', reason: resolution.reason };
  if (resolution.kind === 'unresolvable')
    return { kind: 'unreachable', detail: `${name.host} does not resolve (${resolution.code})` };
  options.onResolved?.(resolution.address);
  const base = {
    kind: 'ready' as const,
    url,
    host: name.host,
    address: resolution.address,
    port,
    secure,
  };
  if (!secure) return { ...base, tlsEstablished: false, certificateFindings: [] };
  const tls = await probeTls(
    { host: name.host, address: resolution.address, port },
    certificateContext(target, options, options.now?.() ?? new Date()),
  );
  const failure = tls.findings.find((f) => f.severity === 'critical' && !f.code.startsWith('cert.'));
  return {
    ...base,
    tlsEstablished: tls.established,
    ...(!tls.established && { tlsDetail: failure?.title ?? 'no TLS connection' }),
    ...(tls.certificate !== undefined && { certificate: tls.certificate }),
    certificateFindings: tls.findings.filter((f) => f.code.startsWith('cert.')),
  };
}
