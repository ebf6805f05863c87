import type { ProbeCredentials } from '../../config';
import type { CertificateSummary, Finding } from '../../core/report';
import { parseRule, type TargetRule } from '../../core/target-policy';
import { type HttpObservation, type PinnedRequest, pinnedRequest } from '../http/pinned-request';
import { pingGate } from '../rpc-ping/ping-gate';

/**
 * How the test account signs in to Autodiscover and /mapi. A sign-in method sends one authenticated request
 * (a multi-leg method such as NTLM runs its legs on one connection inside `send`), so adding NTLM later is
 * adding a method to the list, not changing the probes.
 */
export interface SignInMethod {
  scheme: string;
  send(request: PinnedRequest, credentials: ProbeCredentials): Promise<HttpObservation>;
}

export const BASIC: SignInMethod = {
  scheme: 'Basic',
  send: (request, credentials) =>
    pinnedRequest({
      ...request,
      headers: {
        ...request.headers,
        authorization: `Basic ${Buffer.from(`${credentials.user}:${credentials.password}`, 'utf8').toString('base64')}`,
      },
    }),
};

export const SIGN_IN_METHODS: readonly SignInMethod[] = [BASIC];

/** The first method the server offers that we can use; else why not (Exchange 2016+ offers Negotiate/NTLM only). */
export function chooseSignIn(
  offered: readonly string[],
  methods: readonly SignInMethod[] = SIGN_IN_METHODS,
): { method: SignInMethod } | { short: string; reason: string } {
  const lower = offered.map((m) => m.toLowerCase());
  const method = methods.find((m) => lower.includes(m.scheme.toLowerCase()));
  if (method !== undefined) return { method };
  const integrated = lower.some((m) => m === 'ntlm' || m === 'negotiate');
  return {
    short: integrated ? 'NTLM needed' : 'no usable method',
    reason: `the server offers ${offered.length > 0 ? offered.join(', ') : 'no authentication method'} and rpccheck signs in with ${methods.map((m) => m.scheme).join(', ')} only${integrated ? ': NTLM sign-in is needed here (Exchange 2016+ offers only Negotiate and NTLM by default)' : ''}`,
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
