import type { X509Certificate } from 'node:crypto';
import { isIP } from 'node:net';
import tls from 'node:tls';
import { tcpConnect, type TcpResult } from '../tcp-connect';
import { describeTlsError } from './openssl-error';
import { clientSecureContext } from './secure-contexts';

export interface HandshakeOptions {
  host: string;
  address: string;
  port: number;
  timeoutMs: number;
  /** Allow TLS 1.0/1.1 and @SECLEVEL=0: the second attempt, for Windows Server 2003-era servers. */
  legacy?: boolean;
  maxVersion?: tls.SecureVersion;
  /**
   * Asked when the handshake completes: whether Node's rebuilt chain may be needed. probeTls says no once its
   * hello has read the chain as sent, which spares reading the peer certificate (a third of a millisecond).
   */
  wantPeerChain?: () => boolean;
}

export type HandshakeResult =
  | {
      ok: true;
      protocol: string;
      cipher: string;
      alpn?: string;
      /**
       * Node's reconstruction, leaf first: reordered, and missing what the server sent beyond the path. A
       * fallback for when readSentChain gets no plaintext chain (a TLS 1.3-only server); a function, so the
       * chain is only walked then.
       */
      peerChain: () => Buffer[];
      ms: number;
    }
  | { ok: false; stage: 'tcp' | 'tls'; reason: HandshakeFailure; message: string; code: string; ms: number };

export type HandshakeFailure =
  'refused' | 'reset' | 'timeout' | 'unreachable' | 'not_tls' | 'no_common_protocol' | 'alert' | 'closed';

/** TLS options a probe uses to reach the server at the checked address, with SNI for the name. */
export function tlsConnectOptions(
  host: string,
  legacy: boolean,
  maxVersion?: tls.SecureVersion,
): tls.ConnectionOptions {
  return {
    ...(isIP(host) === 0 && { servername: host }),
    rejectUnauthorized: false,
    ALPNProtocols: ['http/1.1'],
    secureContext: clientSecureContext(legacy, maxVersion),
  };
}

/**
 * Node's chain behind the peer's leaf, leaf first. Walks X509Certificate.issuerCertificate rather than
 * getPeerCertificate(true), which converts every certificate into a JS object first (about twice the work).
 */
function chainFrom(leaf: X509Certificate | undefined): Buffer[] {
  const chain: Buffer[] = [];
  let cert = leaf;
  while (cert !== undefined && chain.length < 10) {
    const raw = cert.raw;
    if (chain.some((seen) => seen.equals(raw))) break;
    chain.push(raw);
    cert = cert.issuerCertificate;
  }
  return chain;
}

function peerChainReader(leaf: X509Certificate | undefined): () => Buffer[] {
  let chain: Buffer[] | undefined;
  return () => (chain ??= chainFrom(leaf));
}

export function classifyTlsError(error: NodeJS.ErrnoException): {
  reason: HandshakeFailure;
  message: string;
} {
  const message = error.message;
  const cause = describeTlsError(message);
  if (/wrong version number|packet length too long|unknown protocol|record layer failure/i.test(message))
    return { reason: 'not_tls', message: 'the server does not speak TLS on this port' };
  if (
    /no protocols available|unsupported protocol|protocol version|no (shared )?cipher|no ciphers available|sslv3 alert handshake failure|insufficient security/i.test(
      message,
    )
  )
    return { reason: 'no_common_protocol', message: `no protocol or cipher in common: ${cause.text}` };
  if (cause.alert !== undefined) return { reason: 'alert', message: cause.text };
  if (error.code === 'ECONNRESET')
    return { reason: 'reset', message: 'the connection was reset during the handshake' };
  if (/socket disconnected|socket hang up|closed/i.test(message))
    return { reason: 'closed', message: 'the server closed the connection during the handshake' };
  return { reason: 'alert', message: cause.text };
}

/** A connection that failed before TLS began, as a handshake result (shared with readSentChain). */
export function tcpFailed(
  tcp: Extract<TcpResult, { ok: false }>,
  ms: number,
): Extract<HandshakeResult, { ok: false }> {
  return { ok: false, stage: 'tcp', reason: tcp.failure, message: tcp.message, code: tcp.code, ms };
}

/**
 * One TLS handshake to the checked address: protocol, cipher, ALPN. The socket stays Node's native one (a
 * JS stream under the TLS socket, to see the bytes, cost about a third more CPU per handshake); the chain
 * as sent comes from readSentChain instead.
 */
export async function tlsHandshake(options: HandshakeOptions): Promise<HandshakeResult> {
  const started = performance.now();
  const elapsed = (): number => Math.round(performance.now() - started);
  const tcp = await tcpConnect(options.address, options.port, options.timeoutMs);
  if (!tcp.ok) return tcpFailed(tcp, elapsed());

  return new Promise((resolve) => {
    const socket = tls.connect({
      ...tlsConnectOptions(options.host, options.legacy === true, options.maxVersion),
      socket: tcp.socket,
    });
    let settled = false;
    const finish = (result: HandshakeResult): void => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      socket.destroy();
      tcp.socket.destroy();
      resolve(result);
    };
    const timer = setTimeout(
      () =>
        finish({
          ok: false,
          stage: 'tls',
          reason: 'timeout',
          code: 'ETIMEDOUT',
          message: `no TLS answer within ${options.timeoutMs} ms (the port is open but the server does not complete a handshake)`,
          ms: elapsed(),
        }),
      options.timeoutMs,
    );
    socket.once('secureConnect', () => {
      const cipher = socket.getCipher();
      finish({
        ok: true,
        protocol: socket.getProtocol() ?? 'unknown',
        cipher: cipher.standardName ?? cipher.name,
        ...(typeof socket.alpnProtocol === 'string' && { alpn: socket.alpnProtocol }),
        peerChain: peerChainReader(
          options.wantPeerChain?.() === false ? undefined : socket.getPeerX509Certificate(),
        ),
        ms: elapsed(),
      });
    });
    socket.once('error', (error: NodeJS.ErrnoException) => {
      const classified = classifyTlsError(error);
      finish({ ok: false, stage: 'tls', ...classified, code: error.code ?? 'EUNKNOWN', ms: elapsed() });
    });
    socket.once('close', () =>
      finish({
        ok: false,
        stage: 'tls',
        reason: 'closed',
        code: 'ECLOSED',
        message: 'the server closed the connection during the handshake',
        ms: elapsed(),
      }),
    );
  });
}
