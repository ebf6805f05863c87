import type { ProbeCredentials } from '../../config';
import type { CertificateSummary, Finding } from '../../core/report';
import { ruleListMatches } from '../../core/target-policy';

export interface PingGateInput {
  credentials: ProbeCredentials;
  host: string;
  address: string;
  tlsEstablished: boolean;
  certificate?: CertificateSummary;
  /** The findings of the unauthenticated probes: the certificate's verdicts among them. */
  findings: readonly Finding[];
  /** What the unauthenticated RPC proxy probe saw offered. */
  authMethods?: readonly string[];
}

/** `short` fits a title line; `reason` is the whole explanation. */
export type PingGate = { send: true } | { send: false; short: string; reason: string };

/**
 * Whether the test account's password may go to this server, decided before anything is sent. Basic puts the
 * password itself on the wire, so the server must be one the operator listed and must prove its name with a
 * trusted certificate; and Basic must be what it asks for, or a 401 would be a false "credentials rejected".
 */
export function pingGate(input: PingGateInput): PingGate {
  const { credentials } = input;
  if (credentials.targets !== undefined && !ruleListMatches(credentials.targets, input.host, input.address))
    return {
      send: false,
      short: 'host not in RPCCHECK_PROBE_TARGETS',
      reason: `${input.host} is not in RPCCHECK_PROBE_TARGETS, the hosts the test account may be sent to`,
    };
  if (!input.tlsEstablished || input.certificate === undefined)
    return { send: false, short: 'no TLS connection', reason: 'no TLS connection, so nothing to log in to' };
  const problem = !input.certificate.trusted
    ? 'is not trusted'
    : input.findings.some((f) => f.code === 'cert.name_mismatch')
      ? `does not name ${input.host}`
      : input.findings.some((f) => f.code === 'cert.expired' || f.code === 'cert.not_yet_valid')
        ? 'is outside its validity dates'
        : undefined;
  if (problem !== undefined)
    return {
      send: false,
      short: `certificate ${problem.replace(` ${input.host}`, ' the host')}`,
      reason: `the certificate ${problem}, so the server's identity is not proven and the password is not sent (fix the certificate, or pass the in-house root with --ca-file / RPCCHECK_CA_FILE)`,
    };
  const methods = input.authMethods ?? [];
  if (!methods.some((m) => m.toLowerCase() === 'basic'))
    return {
      send: false,
      short: 'the proxy does not offer Basic',
      reason: `the proxy does not offer Basic authentication (${methods.length > 0 ? `it offers ${methods.join(', ')}` : 'it asks for no credentials'}); the ping logs in with Basic only`,
    };
  return { send: true };
}
