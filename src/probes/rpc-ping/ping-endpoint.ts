import type { RpcEndpointOutcome, RpcEndpointResult } from '../../core/report';
import { type ChannelOptions, RpcChannel } from '../../rpch/rpc-channel';
import { classifyRts, connA1, connB1, newCookie, RTS_FLAG_ECHO } from '../../rpch/rts';
import { RPC_PROXY_PATH } from '../rpc-proxy/analyze-rpc-proxy';
import { parseRpcError } from '../rpc-proxy/rpc-status';
import type { SignInScheme } from './ping-gate';

/** Basic's ready header, or the account for an NTLMv2 handshake on each connection. */
export type SignIn =
  | { scheme: 'Basic'; authorization: string }
  | { scheme: Exclude<SignInScheme, 'Basic'>; credentials: { user: string; password: string } };

export interface PingTarget {
  host: string;
  address: string;
  port: number;
  legacyTls?: boolean;
  timeoutMs: number;
  /** Sent only over these TLS connections, after the certificate check. */
  signIn: SignIn;
  /** The verified certificate's SHA-256 fingerprint: each connection must show it before anything is sent. */
  certificateSha256: string;
}

export type EndpointOutcome = RpcEndpointOutcome;
export type EndpointRow = RpcEndpointResult;

/**
 * A channel to the checked proxy with the account and the pinned certificate; only the request differs. With
 * NTLM each channel signs in on its own connection (NTLM authenticates connections), bounded by `deadline`.
 */
function openChannel(
  target: PingTarget,
  request: Pick<ChannelOptions, 'path' | 'method' | 'contentLength' | 'body'>,
  deadline: number,
): RpcChannel {
  const { signIn } = target;
  return new RpcChannel({
    host: target.host,
    address: target.address,
    port: target.port,
    ...(signIn.scheme === 'Basic'
      ? { authorization: signIn.authorization }
      : { ntlm: { scheme: signIn.scheme, credentials: signIn.credentials, deadline } }),
    certificateSha256: target.certificateSha256,
    ...(target.legacyTls && { legacyTls: true }),
    ...request,
  });
}

/** A huge IN channel body, as clients announce: the proxy forwards it as it arrives. */
const IN_CHANNEL_LENGTH = 1073741824;

/**
 * The RPC over HTTP v2 connection handshake for `name:port` (MS-RPCH 3.2.1.5.3.1): CONN/A1 on RPC_OUT_DATA,
 * CONN/B1 on RPC_IN_DATA, then CONN/A3 and CONN/C2 arrive on the OUT channel once the back end accepted.
 */
export async function pingEndpoint(target: PingTarget, name: string, rpcPort: number): Promise<EndpointRow> {
  const started = Date.now();
  const deadline = started + target.timeoutMs;
  const path = `${RPC_PROXY_PATH}?${name}:${rpcPort}`;
  const vc = newCookie();
  const out = openChannel(
    target,
    {
      path,
      method: 'RPC_OUT_DATA',
      contentLength: 76,
      body: connA1(vc, newCookie()),
    },
    deadline,
  );
  const inbound = openChannel(
    target,
    {
      path,
      method: 'RPC_IN_DATA',
      contentLength: IN_CHANNEL_LENGTH,
      body: connB1(vc, newCookie(), newCookie()),
    },
    deadline,
  );
  const row = (outcome: EndpointOutcome, detail?: string): EndpointRow => ({
    name,
    port: rpcPort,
    outcome,
    ms: Date.now() - started,
    ...(detail !== undefined && { detail }),
  });
  try {
    const head = await out.response(deadline);
    if (!head) return row('timeout', 'no answer from the proxy');
    if (head.status === 401) return row('unauthorized', `${head.status} ${head.reason}`);
    if (head.status === 404) return row('not_found', `${head.status} ${head.reason}`.trim());
    if (head.status >= 500) {
      const rpcError = parseRpcError(head.reason);
      return row(
        'refused',
        rpcError
          ? `RPC error 0x${rpcError.hex} (${rpcError.code}): ${rpcError.meaning}`
          : `${head.status} ${head.reason}`,
      );
    }
    if (head.status !== 200) return row('error', `${head.status} ${head.reason}`);
    const seen: string[] = [];
    for (;;) {
      const pdu = await out.nextPdu(deadline);
      if (!pdu)
        return row(
          'timeout',
          seen.includes('A3')
            ? 'CONN/A3 arrived but not CONN/C2: the back end does not answer on ncacn_http'
            : 'no CONN/A3 from the proxy',
        );
      const kind = classifyRts(pdu);
      // C2 only counts after A3 (MS-RPCH 3.2.1.5.3.1): a C2 out of order is not a proxy that works.
      if (kind === 'C2')
        return seen.includes('A3') ? row('ok') : row('error', 'CONN/C2 arrived before CONN/A3');
      seen.push(kind);
    }
  } catch (error) {
    return row('error', error instanceof Error ? error.message : String(error));
  } finally {
    out.close();
    inbound.close();
  }
}

/** The echo request: a short RPC_IN_DATA the proxy answers itself, proving it works with these credentials. */
export async function echo(
  target: PingTarget,
): Promise<{ ok: boolean; status?: number; detail: string; ms: number }> {
  const started = Date.now();
  const channel = openChannel(
    target,
    { path: RPC_PROXY_PATH, method: 'RPC_IN_DATA', contentLength: 4, body: Buffer.alloc(4) },
    started + target.timeoutMs,
  );
  try {
    const head = await channel.response(started + target.timeoutMs);
    if (!head) return { ok: false, detail: 'no answer', ms: Date.now() - started };
    const type = head.headers['content-type']?.[0] ?? '';
    // The answer is one 20-byte RTS PDU (a header with no commands).
    const pdu = head.status === 200 ? await channel.nextPdu(started + target.timeoutMs) : undefined;
    const ok =
      head.status === 200 &&
      /application\/rpc/i.test(type) &&
      pdu !== undefined &&
      (pdu.flags & RTS_FLAG_ECHO) !== 0 &&
      pdu.commands.length === 0;
    return {
      ok,
      status: head.status,
      detail: `${head.status} ${head.reason}${type ? ` (${type})` : ''}`,
      ms: Date.now() - started,
    };
  } catch (error) {
    return {
      ok: false,
      detail: error instanceof Error ? error.message : String(error),
      ms: Date.now() - started,
    };
  } finally {
    channel.close();
  }
}
