import { isIP } from 'node:net';
import { formatHostPort } from '../core/target';
import tls from 'node:tls';
import { ntlmHandshake, type NtlmLegs } from '../ntlm';
import { ChunkedDecoder, parseHead, type ResponseHead } from './http-head';
import { decodeRts, type RtsPdu } from './rts';

/**
 * One RPC over HTTP channel (RPC_IN_DATA or RPC_OUT_DATA) on its own TLS connection to the checked address.
 * The request announces a large body the client streams; the response (on the OUT channel) is a stream of
 * RTS PDUs. Everything is bounded: a head of 16 KiB, each wait by the caller's timeout.
 */
export interface ChannelOptions {
  host: string;
  address: string;
  port: number;
  legacyTls?: boolean;
  method: 'RPC_IN_DATA' | 'RPC_OUT_DATA';
  path: string;
  contentLength: number;
  /** Sent as is (Basic); ignored when `ntlm` is given. */
  authorization?: string;
  /**
   * Sign in with NTLMv2 on this connection before the request goes with its body (spec §8): NEGOTIATE and the
   * 401 leg with `Content-Length: 0`, then AUTHENTICATE (MIC and this connection's channel binding).
   */
  ntlm?: { scheme: 'NTLM' | 'Negotiate'; credentials: { user: string; password: string }; deadline: number };
  body: Buffer;
  /**
   * SHA-256 fingerprint (`AA:BB:…`) of the certificate the check verified. Nothing is written unless this
   * connection shows the same one: the password must not go to a different server answering the same address.
   */
  certificateSha256: string;
}

/** The Host header: IPv6 literals bracketed, the port only when it is not 443. */
function hostHeader(host: string, port: number): string {
  const authority = formatHostPort(host, port);
  return port === 443 ? authority.slice(0, -':443'.length) : authority;
}

/** An RPC ping reads a few PDUs; anything past this is a proxy misbehaving. */
const MAX_PAYLOAD_BYTES = 1024 * 1024;
/** A 401 carrying the NTLM challenge has a small error page at most. */
const MAX_LEG_BYTES = 64 * 1024;

export class RpcChannel {
  private buffer: Buffer = Buffer.alloc(0);
  private head: ResponseHead | undefined;
  private chunked: ChunkedDecoder | undefined;
  private payload: Buffer = Buffer.alloc(0);
  private closed = false;
  private error: Error | undefined;
  /** Both the NTLM handshake and the caller may be waiting for data at once. */
  private readonly waiters = new Set<() => void>();
  /** While true, data is kept raw for the NTLM legs instead of being read as the final response. */
  private signingIn = false;
  readonly socket: tls.TLSSocket;

  constructor(options: ChannelOptions) {
    this.socket = tls.connect({
      host: options.address,
      port: options.port,
      ...(isIP(options.host) === 0 && { servername: options.host }),
      rejectUnauthorized: false,
      ...(options.legacyTls && { minVersion: 'TLSv1' as const, ciphers: 'DEFAULT:@SECLEVEL=0' }),
    });
    const request = (authorization: string | undefined, final: boolean): Buffer => {
      const head = [
        `${options.method} ${options.path} HTTP/1.1`,
        `Host: ${hostHeader(options.host, options.port)}`,
        'Accept: application/rpc',
        'User-Agent: MSRPC',
        'Cache-Control: no-cache',
        'Pragma: No-cache',
        'Connection: Keep-Alive',
        `Content-Length: ${final ? options.contentLength : 0}`,
        ...(authorization !== undefined ? [`Authorization: ${authorization}`] : []),
        '',
        '',
      ].join('\r\n');
      return Buffer.concat([Buffer.from(head, 'latin1'), final ? options.body : Buffer.alloc(0)]);
    };
    this.socket.once('secureConnect', () => {
      const peer = this.socket.getPeerX509Certificate();
      if (peer?.fingerprint256 !== options.certificateSha256)
        return this.fail(
          new Error(
            'the server showed a different certificate than the one rpccheck checked; nothing was sent',
          ),
        );
      if (options.ntlm === undefined) return void this.socket.write(request(options.authorization, true));
      this.signingIn = true;
      void this.signIn(options.ntlm, options.host, peer.raw, request);
    });
    this.socket.on('data', (data: Buffer) => this.onData(data));
    this.socket.on('error', (error) => {
      this.error = error;
      this.notify();
    });
    this.socket.on('close', () => {
      this.closed = true;
      this.notify();
    });
  }

  private notify(): void {
    const waiters = [...this.waiters];
    this.waiters.clear();
    for (const wake of waiters) wake();
  }

  /** The NTLM legs on this connection, then the request with its body; see `ntlmHandshake`. */
  private async signIn(
    ntlm: NonNullable<ChannelOptions['ntlm']>,
    host: string,
    certificate: Buffer,
    request: (authorization: string, final: boolean) => Buffer,
  ): Promise<void> {
    const legs: NtlmLegs = {
      send: (authorization, final) => {
        // The answer to the last leg is the channel's response: read it as such from here on.
        if (final) this.signingIn = false;
        this.socket.write(request(authorization, final));
      },
      nextHead: (deadline) => this.waitUntil(() => this.takeLegAnswer(), deadline),
    };
    try {
      const result = await ntlmHandshake(legs, { ...ntlm, host, peerCertificate: certificate });
      if (result.kind === 'failed') return this.fail(new Error(result.reason));
      this.signingIn = false;
      const rest = this.buffer;
      this.buffer = Buffer.alloc(0);
      if (result.kind === 'answered') this.acceptHead(result.head, rest);
      else if (rest.length > 0) this.onData(rest);
    } catch (error) {
      this.fail(error instanceof Error ? error : new Error(String(error)));
    }
  }

  /**
   * A complete answer to an NTLM leg: a 401's body (the challenge is in its header) is dropped so the next
   * answer starts clean; any other answer stands as the channel's response, its body left in the buffer.
   */
  private takeLegAnswer(): ResponseHead | undefined {
    const parsed = parseHead(this.buffer);
    if (parsed === 'incomplete') return undefined;
    if (parsed === 'invalid') throw new Error('the proxy did not answer with HTTP');
    if (parsed.head.status !== 401) {
      this.buffer = parsed.rest;
      return parsed.head;
    }
    const length = Number(parsed.head.headers['content-length']?.[0] ?? '0');
    if (!Number.isSafeInteger(length) || length < 0 || length > MAX_LEG_BYTES)
      throw new Error('the NTLM challenge came with an unreadable body');
    if (parsed.rest.length < length) return undefined;
    this.buffer = parsed.rest.subarray(length);
    return parsed.head;
  }

  private acceptHead(head: ResponseHead, rest: Buffer): void {
    this.head = head;
    if (/chunked/i.test(head.headers['transfer-encoding']?.[0] ?? '')) this.chunked = new ChunkedDecoder();
    this.payload = Buffer.alloc(0);
    this.onData(rest);
  }

  private onData(data: Buffer): void {
    if (this.signingIn) {
      this.buffer = Buffer.concat([this.buffer, data]);
      if (this.buffer.length > MAX_LEG_BYTES) return this.fail(new Error('more data than an NTLM challenge'));
      return this.notify();
    }
    if (!this.head) {
      this.buffer = Buffer.concat([this.buffer, data]);
      const parsed = parseHead(this.buffer);
      if (parsed === 'incomplete') return;
      if (parsed === 'invalid') return this.fail(new Error('the proxy did not answer with HTTP'));
      this.buffer = Buffer.alloc(0);
      return this.acceptHead(parsed.head, parsed.rest);
    }
    try {
      // A socket 'data' handler must not throw: that would be an uncaught exception in the bot.
      this.payload = Buffer.concat([this.payload, this.chunked ? this.chunked.push(data) : data]);
    } catch (error) {
      return this.fail(new Error(`bad chunked body from the proxy: ${(error as Error).message}`));
    }
    if (this.payload.length > MAX_PAYLOAD_BYTES)
      return this.fail(new Error('more data than an RPC ping needs'));
    this.notify();
  }

  /** Stops reading at the first error: a hostile proxy must not make the buffers grow until the deadline. */
  private fail(error: Error): void {
    this.error ??= error;
    this.socket.destroy();
    this.notify();
  }

  private async waitUntil<T>(ready: () => T | undefined, deadline: number): Promise<T | undefined> {
    for (;;) {
      const value = ready();
      if (value !== undefined) return value;
      if (this.error) throw this.error;
      if (this.closed) return undefined;
      const left = deadline - Date.now();
      if (left <= 0) return undefined;
      await new Promise<void>((resolve) => {
        const wake = (): void => {
          clearTimeout(timer);
          this.waiters.delete(wake);
          resolve();
        };
        const timer = setTimeout(wake, left);
        this.waiters.add(wake);
      });
    }
  }

  /** The response head, or undefined when none arrived before the deadline (or the channel closed). */
  response(deadline: number): Promise<ResponseHead | undefined> {
    return this.waitUntil(() => this.head, deadline);
  }

  /** The next complete RTS PDU of the response body, or undefined at the deadline or the end of the stream. */
  async nextPdu(deadline: number): Promise<RtsPdu | undefined> {
    const bytes = await this.waitUntil(() => {
      if (this.payload.length < 10) return undefined;
      const length = this.payload.readUInt16LE(8);
      if (length < 20) throw new Error('malformed PDU length');
      if (this.payload.length < length) return undefined;
      const pdu = this.payload.subarray(0, length);
      this.payload = this.payload.subarray(length);
      return pdu;
    }, deadline);
    return bytes === undefined ? undefined : decodeRts(bytes);
  }

  /** Whatever the body held, for short answers such as the echo response. */
  body(): Buffer {
    return this.payload;
  }

  close(): void {
    this.socket.destroy();
  }
}
