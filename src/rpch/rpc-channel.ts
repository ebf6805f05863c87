import { isIP } from 'node:net';
import { formatHostPort } from '../core/target';
import tls from 'node:tls';
import { clientSecureContext } from '../probes/tls/secure-contexts';
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
  authorization?: string;
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

export class RpcChannel {
  private buffer = Buffer.alloc(0);
  private head: ResponseHead | undefined;
  private chunked: ChunkedDecoder | undefined;
  private payload = Buffer.alloc(0);
  private closed = false;
  private error: Error | undefined;
  private wake: (() => void) | undefined;
  readonly socket: tls.TLSSocket;

  constructor(options: ChannelOptions) {
    this.socket = tls.connect({
      host: options.address,
      port: options.port,
      ...(isIP(options.host) === 0 && { servername: options.host }),
      rejectUnauthorized: false,
      secureContext: clientSecureContext(options.legacyTls === true),
    });
    const head = [
      `${options.method} ${options.path} HTTP/1.1`,
      `Host: ${hostHeader(options.host, options.port)}`,
      'Accept: application/rpc',
      'User-Agent: MSRPC',
      'Cache-Control: no-cache',
      'Pragma: No-cache',
      'Connection: Keep-Alive',
      `Content-Length: ${options.contentLength}`,
      ...(options.authorization !== undefined ? [`Authorization: ${options.authorization}`] : []),
      '',
      '',
    ].join('\r\n');
    this.socket.once('secureConnect', () => {
      if (this.socket.getPeerCertificate().fingerprint256 !== options.certificateSha256)
        return this.fail(
          new Error(
            'the server showed a different certificate than the one rpccheck checked; nothing was sent',
          ),
        );
      this.socket.write(Buffer.concat([Buffer.from(head, 'latin1'), options.body]));
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
    const wake = this.wake;
    this.wake = undefined;
    wake?.();
  }

  private onData(data: Buffer): void {
    if (!this.head) {
      this.buffer = Buffer.concat([this.buffer, data]);
      const parsed = parseHead(this.buffer);
      if (parsed === 'incomplete') return;
      if (parsed === 'invalid') return this.fail(new Error('the proxy did not answer with HTTP'));
      this.head = parsed.head;
      if (/chunked/i.test(parsed.head.headers['transfer-encoding']?.[0] ?? ''))
        this.chunked = new ChunkedDecoder();
      data = parsed.rest;
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
        const timer = setTimeout(resolve, left);
        this.wake = () => {
          clearTimeout(timer);
          resolve();
        };
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
