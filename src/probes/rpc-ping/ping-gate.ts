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

/** How the account signs in: Basic, or NTLMv2 under the NTLM or Negotiate scheme (spec §8). */
export type SignInScheme = 'Basic' | 'NTLM' | 'Negotiate';

/** `short` fits a title line; `reason` is the whole explanation. */
export type PingGate = { send: true; scheme: SignInScheme } | { send: false; short: string; reason: string };

/**
 * Basic where offered, so servers that answered Basic before keep being checked the same way; otherwise NTLM,
 * else Negotiate carrying raw NTLMSSP (IIS accepts it without SPNEGO). Exchange 2016+ offers only the last two.
 */
export function signInScheme(methods: readonly string[]): SignInScheme | undefined {
  const offered = (name: string) => methods.some((m) => m.toLowerCase() === name.toLowerCase());
  return (['Basic', 'NTLM', 'Negotiate'] as const).find(offered);
}

/**
 * Whether the test account may sign in to this server, decided before anything is sent. Basic puts the
 * password itself on the wire and an NTLM response can be cracked offline, so the server must be one the
 * operator listed and must prove its name with a trusted certificate; and it must ask for a scheme rpccheck
 * speaks (Basic, NTLM or Negotiate), or a 401 would be a false "credentials rejected".
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
  const scheme = signInScheme(methods);
  if (scheme === undefined)
    return {
      send: false,
      short: 'the proxy offers neither Basic nor NTLM',
      reason: `the proxy offers neither Basic nor NTLM/Negotiate (${methods.length > 0 ? `it offers ${methods.join(', ')}` : 'it asks for no credentials'}); the ping signs in with those only`,
    };
  return { send: true, scheme };
}
