import type { Finding, RpcPingSummary } from '../../core/report';
import { parseBackendName } from '../../core/target';
import type { NtlmServerIdentity } from '../ntlm/ntlm-challenge';
import { analyzeRpcPing, RPC_PING_PORTS } from './analyze-rpc-ping';
import { echo, pingEndpoint, type SignIn } from './ping-endpoint';
import type { SignInScheme } from './ping-gate';

export type { EndpointRow } from './ping-endpoint';

/**
 * The authenticated check of spec §8: the echo request and the RPC over HTTP v2 handshake for 6001, 6002 and
 * 6004 on every back-end name form, all at once, each bounded by the probe timeout. Never throws for network
 * failures. Credentials go only into the Authorization header of these TLS connections.
 */
export interface RpcPingOptions {
  host: string;
  address: string;
  port: number;
  timeoutMs: number;
  legacyTls?: boolean;
  credentials: { user: string; password: string };
  /** What `pingGate` chose from the schemes the proxy offers; Basic when absent. */
  scheme?: SignInScheme;
  /** Fingerprint of the certificate the check verified; every ping connection must show the same. */
  certificateSha256: string;
  backends?: readonly string[];
  ntlm?: NtlmServerIdentity;
}

export interface RpcPingResult extends RpcPingSummary {
  findings: Finding[];
}

/** Given names, else the NTLM challenge's NetBIOS and DNS computer names, else the host itself. */
export function backendNames(options: Pick<RpcPingOptions, 'backends' | 'ntlm' | 'host'>): string[] {
  if (options.backends && options.backends.length > 0) return [...new Set(options.backends)];
  // Names from the challenge are the server's words: they go into a request line and into ValidPorts advice,
  // so only what a host name may contain is used.
  const fromNtlm = [options.ntlm?.netbiosComputer, options.ntlm?.dnsComputer].flatMap((n) => {
    const parsed = n === undefined ? undefined : parseBackendName(n);
    return parsed !== undefined && 'name' in parsed ? [parsed.name] : [];
  });
  return fromNtlm.length > 0 ? [...new Set(fromNtlm)] : [options.host];
}

export async function runRpcPing(options: RpcPingOptions): Promise<RpcPingResult> {
  const started = Date.now();
  const scheme = options.scheme ?? 'Basic';
  const { user, password } = options.credentials;
  const signIn: SignIn =
    scheme === 'Basic'
      ? { scheme, authorization: `Basic ${Buffer.from(`${user}:${password}`, 'utf8').toString('base64')}` }
      : { scheme, credentials: { user, password } };
  // NTLM always carries the channel binding of each connection's certificate: Extended Protection needs it,
  // and servers without it ignore it.
  const how = { scheme, channelBinding: scheme !== 'Basic' };
  const target = {
    host: options.host,
    address: options.address,
    port: options.port,
    timeoutMs: options.timeoutMs,
    signIn,
    certificateSha256: options.certificateSha256,
    ...(options.legacyTls && { legacyTls: true }),
  };
  const names = backendNames(options);
  // The echo goes first and alone: a wrong password then costs one failed logon, not one per channel
  // (13 at once with two name forms, enough to lock the account under a common AD lockout policy).
  const echoed = await echo(target);
  // Only a proxy that answered the echo, and did not refuse the account, gets the 12 logons of the pings: a
  // timeout or a TLS failure on the echo would repeat on every channel.
  const proceed = echoed.status !== undefined && echoed.status !== 401 && echoed.status !== 403;
  const endpoints = !proceed
    ? []
    : await Promise.all(
        names.flatMap((name) => RPC_PING_PORTS.map((port) => pingEndpoint(target, name, port))),
      );
  return {
    findings: analyzeRpcPing(endpoints, echoed, { ...how, upn: user.includes('@') && !user.includes('\\') }),
    backends: names,
    signIn: how,
    durationMs: Date.now() - started,
    echo: { ok: echoed.ok, detail: echoed.detail },
    endpoints,
  };
}
