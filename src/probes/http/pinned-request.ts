import net from 'node:net';
import tls from 'node:tls';
import { type buildConnector, Client } from 'undici';
import { formatHostPort } from '../../core/target';
import { plainErrorMessage } from '../tls/openssl-error';
import { tlsConnectOptions } from '../tls/tls-handshake';

/**
 * One HTTP exchange with undici over a connection pinned to the checked address: SNI and Host carry the
 * name, the socket goes to the IP the target policy approved. Never throws; bodies are read to a bound.
 */
export interface PinnedRequest {
  host: string;
  address: string;
  port: number;
  secure: boolean;
  method: string;
  path: string;
  headers?: Record<string, string>;
  body?: string;
  timeoutMs: number;
  maxBodyBytes?: number;
}

export type HttpObservation =
  | {
      ok: true;
      status: number;
      statusText: string;
      headers: Record<string, string[]>;
      body: string;
      truncated: boolean;
      /** The TLS attempt that worked needed legacy protocols or ciphers. */
      legacyTls: boolean;
      ms: number;
    }
  | { ok: false; code: string; message: string; ms: number };

const DEFAULT_MAX_BODY = 64 * 1024;

/** undici applies no connect timeout to a custom connector, so the socket carries its own. */
function connectSocket(request: PinnedRequest, legacy: boolean, callback: buildConnector.Callback): void {
  const socket = request.secure
    ? tls.connect({ host: request.address, port: request.port, ...tlsConnectOptions(request.host, legacy) })
    : net.connect({ host: request.address, port: request.port });
  let done = false;
  const settle = (error: Error | null): void => {
    if (done) return;
    done = true;
    clearTimeout(timer);
    socket.off('error', settle);
    if (error) {
      socket.destroy();
      callback(error, null);
    } else callback(null, socket);
  };
  const timer = setTimeout(
    () =>
      settle(Object.assign(new Error(`no connection within ${request.timeoutMs} ms`), { code: 'ETIMEDOUT' })),
    request.timeoutMs,
  );
  socket.once(request.secure ? 'secureConnect' : 'connect', () => settle(null));
  socket.once('error', settle);
}

function headerLists(headers: Record<string, string | string[] | undefined>): Record<string, string[]> {
  const out: Record<string, string[]> = {};
  for (const [name, value] of Object.entries(headers)) {
    if (value === undefined) continue;
    out[name.toLowerCase()] = Array.isArray(value) ? value : [value];
  }
  return out;
}

async function exchange(request: PinnedRequest, legacy: boolean): Promise<HttpObservation> {
  const started = performance.now();
  const elapsed = (): number => Math.round(performance.now() - started);
  const origin = `${request.secure ? 'https' : 'http'}://${formatHostPort(request.host, request.port)}`;
  const client = new Client(origin, {
    connect: (_options, callback) => connectSocket(request, legacy, callback),
    connectTimeout: request.timeoutMs,
    headersTimeout: request.timeoutMs,
    bodyTimeout: request.timeoutMs,
    pipelining: 0,
  });
  const abort = new AbortController();
  const timer = setTimeout(
    () => abort.abort(new Error(`no answer within ${request.timeoutMs} ms`)),
    request.timeoutMs,
  );
  try {
    const response = await client.request({
      method: request.method,
      path: request.path,
      headers: request.headers ?? {},
      ...(request.body !== undefined && { body: request.body }),
      signal: abort.signal,
    });
    const limit = request.maxBodyBytes ?? DEFAULT_MAX_BODY;
    const chunks: Buffer[] = [];
    let size = 0;
    let truncated = false;
    for await (const chunk of response.body) {
      const buffer = Buffer.from(chunk as Uint8Array);
      chunks.push(buffer.subarray(0, Math.max(0, limit - size)));
      size += buffer.length;
      if (size >= limit) {
        truncated = size > limit;
        break;
      }
    }
    response.body.destroy();
    return {
      ok: true,
      status: response.statusCode,
      statusText: response.statusText,
      headers: headerLists(response.headers),
      body: Buffer.concat(chunks).toString('latin1'),
      truncated,
      legacyTls: legacy,
      ms: elapsed(),
    };
  } catch (error) {
    const err = error as NodeJS.ErrnoException;
    const aborted = abort.signal.aborted;
    return {
      ok: false,
      code: aborted ? 'ETIMEDOUT' : (err.code ?? 'EUNKNOWN'),
      message: aborted ? `no answer within ${request.timeoutMs} ms` : plainErrorMessage(err.message),
      ms: elapsed(),
    };
  } finally {
    clearTimeout(timer);
    void client.destroy().catch(() => undefined);
  }
}

const TLS_FAILURE = /ERR_SSL|SSL|TLS|alert|wrong version|protocol/i;

/** Modern TLS first; on a TLS failure, once more with legacy versions and ciphers (Windows 2003 servers). */
export async function pinnedRequest(request: PinnedRequest): Promise<HttpObservation> {
  const first = await exchange(request, false);
  if (first.ok || !request.secure || !TLS_FAILURE.test(`${first.code} ${first.message}`)) return first;
  const second = await exchange(request, true);
  return second.ok ? second : first;
}

/** First value of a header, or undefined. */
export function header(observation: { headers: Record<string, string[]> }, name: string): string | undefined {
  return observation.headers[name.toLowerCase()]?.[0];
}
