import type { Finding, RpcPingSummary } from '../../core/report';
import type { NtlmServerIdentity } from '../ntlm/ntlm-challenge';
import { analyzeRpcPing, RPC_PING_PORTS } from './analyze-rpc-ping';
import { echo, pingEndpoint } from './ping-endpoint';

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
  backends?: readonly string[];
  ntlm?: NtlmServerIdentity;
}

export interface RpcPingResult extends RpcPingSummary {
  findings: Finding[];
}

/** Given names, else the NTLM challenge's NetBIOS and DNS computer names, else the host itself. */
export function backendNames(options: Pick<RpcPingOptions, 'backends' | 'ntlm' | 'host'>): string[] {
  if (options.backends && options.backends.length > 0) return [...new Set(options.backends)];
  const fromNtlm = [options.ntlm?.netbiosComputer, options.ntlm?.dnsComputer].filter(
    (n): n is string => n !== undefined && n !== '',
  );
  return fromNtlm.length > 0 ? [...new Set(fromNtlm)] : [options.host];
}

export async function runRpcPing(options: RpcPingOptions): Promise<RpcPingResult> {
  const started = Date.now();
  const authorization = `Basic ${Buffer.from(`${options.credentials.user}:${options.credentials.password}`, 'utf8').toString('base64')}`;
  const target = {
    host: options.host,
    address: options.address,
    port: options.port,
    timeoutMs: options.timeoutMs,
    authorization,
    ...(options.legacyTls && { legacyTls: true }),
  };
  const names = backendNames(options);
  const [echoed, endpoints] = await Promise.all([
    echo(target),
    Promise.all(names.flatMap((name) => RPC_PING_PORTS.map((port) => pingEndpoint(target, name, port)))),
  ]);
  return {
    findings: analyzeRpcPing(endpoints, echoed),
    backends: names,
    durationMs: Date.now() - started,
    echo: { ok: echoed.ok, detail: echoed.detail },
    endpoints,
  };
}
