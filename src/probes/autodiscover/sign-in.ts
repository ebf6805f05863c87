import type { ProbeCredentials } from '../../config';
import type { CertificateSummary, Finding } from '../../core/report';
import { parseRule, type TargetRule } from '../../core/target-policy';
import type { HttpObservation } from '../http/pinned-request';
import { pingGate } from '../rpc-ping/ping-gate';
import { type SignedRequest, signedRequest, type SignInScheme } from './signed-request';

/**
 * How the test account signs in to Autodiscover and /mapi (spec §8): Basic where offered, else NTLMv2 under the
 * NTLM or Negotiate scheme (Exchange 2016+ offers only those by default), each on its own TLS connection pinned
 * to the certificate the gate judged. A method is a step the probes call, so another one is a row here.
 */
export interface SignInMethod {
  scheme: SignInScheme;
  send(request: SignedRequest, credentials: ProbeCredentials): Promise<HttpObservation>;
}

const method = (scheme: SignInScheme): SignInMethod => ({
  scheme,
  send: (request, credentials) => signedRequest(request, credentials, scheme),
});

export const SIGN_IN_METHODS: readonly SignInMethod[] = [
  method('Basic'),
  method('NTLM'),
  method('Negotiate'),
];

/** The first method the server offers that we can use; else why not (Exchange 2016+ offers Negotiate/NTLM only). */
export function chooseSignIn(
  offered: readonly string[],
  methods: readonly SignInMethod[] = SIGN_IN_METHODS,
): { method: SignInMethod } | { short: string; reason: string } {
  const lower = offered.map((m) => m.toLowerCase());
  const method = methods.find((m) => lower.includes(m.scheme.toLowerCase()));
  if (method !== undefined) return { method };
  return {
    short: 'no method rpccheck can sign in with',
    reason: `the server offers ${offered.length > 0 ? offered.join(', ') : 'no authentication method'}; rpccheck signs in with ${methods.map((m) => m.scheme).join(', ')} only`,
  };
}

/**
 * Where the account may go during Autodiscover (spec §8 and §9): RPCCHECK_PROBE_TARGETS when configured;
 * with `--user` alone, the domain the operator named and its subdomains, so a redirect elsewhere is refused.
 */
export function accountTargets(credentials: ProbeCredentials, domain: string): ProbeCredentials {
  if (credentials.targets !== undefined) return credentials;
  const rules = [domain, `*.${domain}`].map(parseRule).filter((r): r is TargetRule => typeof r !== 'string');
  return { ...credentials, targets: rules };
}

/** The section 8 gate (listed host, trusted certificate naming it, TLS), for the method already chosen. */
export function accountGate(input: {
  credentials: ProbeCredentials;
  host: string;
  address: string;
  tlsEstablished: boolean;
  certificate?: CertificateSummary;
  findings: readonly Finding[];
  method: SignInMethod;
}): { send: true } | { send: false; short: string; reason: string } {
  return pingGate({
    credentials: input.credentials,
    host: input.host,
    address: input.address,
    tlsEstablished: input.tlsEstablished,
    ...(input.certificate !== undefined && { certificate: input.certificate }),
    findings: input.findings,
    // chooseSignIn already matched the method to what the server offers.
    authMethods: [input.method.scheme],
  });
}
