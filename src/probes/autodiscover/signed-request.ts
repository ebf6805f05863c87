import { isIP } from 'node:net';
import tls from 'node:tls';
import type { ProbeCredentials } from '../../config';
import { formatHostPort } from '../../core/target';
import { ntlmHandshake, type NtlmLegs } from '../../ntlm';
import { ChunkedDecoder, parseHead, type ResponseHead } from '../../rpch/http-head';
import type { HttpObservation } from '../http/pinned-request';

/**
 * One signed-in HTTP request on its own TLS connection to the checked address (Autodiscover settings, the MAPI
 * PING). Nothing is written unless the connection shows the certificate the gate judged (SHA-256), so a
 * different server answering the address never sees the password. Basic goes in one request; NTLM (under the
 * `NTLM` or `Negotiate` scheme) runs its three legs on this keep-alive connection with the channel binding of
 * this certificate (spec §8). Bounded in time and size; never throws.
 */
export interface SignedRequest {
  host: string;
  address: string;
  port: number;
  method: string;
  path: string;
  headers: Record<string, string>;
  body: string;
  timeoutMs: number;
  maxBodyBytes: number;
  /** `AA:BB:…`, as Node's fingerprint256 and the report's certificate give it. */
  certificateSha256: string;
}

export type SignInScheme = 'Basic' | 'NTLM' | 'Negotiate';

interface Response {
  head: ResponseHead;
  body: Buffer;
  truncated: boolean;
}

/** A 401 leg carries a small error page at most. */
const MAX_LEG_BODY = 64 * 1024;

class Connection {
  private buffer: Buffer = Buffer.alloc(0);
  private closed = false;
  private failure: Error | undefined;
  private wake: (() => void) | undefined;
  readonly socket: tls.TLSSocket;
  readonly ready: Promise<Buffer | Error>;

  constructor(private readonly request: SignedRequest) {
    this.socket = tls.connect({
      host: request.address,
      port: request.port,
      ...(isIP(request.host) === 0 && { servername: request.host }),
      rejectUnauthorized: false,
    });
    this.ready = new Promise((resolve) => {
      this.socket.once('secureConnect', () => {
        const peer = this.socket.getPeerX509Certificate();
        resolve(
          peer?.fingerprint256 === request.certificateSha256
            ? peer.raw
            : new Error(
                'the server showed a different certificate than the one rpccheck checked; nothing was sent',
              ),
        );
      });
      this.socket.once('error', (error) => resolve(error));
      this.socket.once('close', () => resolve(new Error('the connection closed before TLS')));
    });
    this.socket.on('data', (data: Buffer) => {
      this.buffer = Buffer.concat([this.buffer, data]);
      if (this.buffer.length > request.maxBodyBytes + MAX_LEG_BODY + 16 * 1024) this.socket.pause();
      this.notify();
    });
    this.socket.on('error', (error) => {
      this.failure = error;
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

  write(authorization: string, final: boolean): void {
    const body = final ? Buffer.from(this.request.body, 'utf8') : Buffer.alloc(0);
    const authority = formatHostPort(this.request.host, this.request.port);
    const head = [
      `${this.request.method} ${this.request.path} HTTP/1.1`,
      `Host: ${this.request.port === 443 ? authority.slice(0, -':443'.length) : authority}`,
      ...Object.entries(this.request.headers).map(([name, value]) => `${name}: ${value}`),
      'Connection: keep-alive',
      `Content-Length: ${body.length}`,
      `Authorization: ${authorization}`,
      '',
      '',
    ].join('\r\n');
    this.socket.write(Buffer.concat([Buffer.from(head, 'latin1'), body]));
  }

  /** The next complete response (head and body, the body cut at `limit`), or an error at the deadline. */
  async next(deadline: number, limit: number): Promise<Response | Error> {
    for (;;) {
      const response = this.take(limit);
      if (response !== undefined) return response;
      if (this.failure) return this.failure;
      if (this.closed) return new Error('the server closed the connection');
      const left = deadline - performance.now();
      if (left <= 0)
        return Object.assign(new Error(`no answer within ${this.request.timeoutMs} ms`), {
          code: 'ETIMEDOUT',
        });
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, left);
        this.wake = () => {
          clearTimeout(timer);
          resolve();
        };
      });
    }
  }

  private take(limit: number): Response | Error | undefined {
    const parsed = parseHead(this.buffer);
    if (parsed === 'incomplete') return undefined;
    if (parsed === 'invalid') return new Error('the server did not answer with HTTP');
    const { head, rest } = parsed;
    if (/chunked/i.test(head.headers['transfer-encoding']?.[0] ?? '')) {
      const decoder = new ChunkedDecoder();
      let body: Buffer;
      try {
        body = decoder.push(rest);
      } catch (error) {
        return new Error(`bad chunked body: ${(error as Error).message}`);
      }
      if (!decoder.done && body.length <= limit && !this.closed) return undefined;
      this.buffer = Buffer.alloc(0);
      return { head, body: body.subarray(0, limit), truncated: body.length > limit || !decoder.done };
    }
    const lengthText = head.headers['content-length']?.[0];
    const length = lengthText === undefined ? undefined : Number(lengthText);
    if (length !== undefined && (!Number.isSafeInteger(length) || length < 0))
      return new Error('an unreadable Content-Length');
    const want = length ?? Infinity;
    if (rest.length < Math.min(want, limit + 1) && !this.closed) return undefined;
    this.buffer = length !== undefined ? rest.subarray(Math.min(length, rest.length)) : Buffer.alloc(0);
    const body = rest.subarray(0, Math.min(want, rest.length));
    return { head, body: body.subarray(0, limit), truncated: body.length > limit };
  }

  close(): void {
    this.socket.destroy();
  }
}

function observation(response: Response, ms: number): HttpObservation {
  return {
    ok: true,
    status: response.head.status,
    statusText: response.head.reason,
    headers: response.head.headers,
    body: response.body.toString('latin1'),
    truncated: response.truncated,
    legacyTls: false,
    ms,
  };
}

export async function signedRequest(
  request: SignedRequest,
  credentials: ProbeCredentials,
  scheme: SignInScheme,
): Promise<HttpObservation> {
  const started = performance.now();
  const deadline = started + request.timeoutMs;
  const elapsed = (): number => Math.round(performance.now() - started);
  const failed = (error: Error): HttpObservation => ({
    ok: false,
    code: (error as NodeJS.ErrnoException).code ?? 'EUNKNOWN',
    message: error.message,
    ms: elapsed(),
  });
  const connection = new Connection(request);
  const timer = setTimeout(() => connection.close(), request.timeoutMs + 1000);
  try {
    const certificate = await Promise.race([
      connection.ready,
      new Promise<Error>((resolve) =>
        setTimeout(
          () => resolve(Object.assign(new Error('no TLS connection in time'), { code: 'ETIMEDOUT' })),
          request.timeoutMs,
        ).unref(),
      ),
    ]);
    if (certificate instanceof Error) return failed(certificate);
    if (scheme === 'Basic') {
      connection.write(
        `Basic ${Buffer.from(`${credentials.user}:${credentials.password}`, 'utf8').toString('base64')}`,
        true,
      );
      const response = await connection.next(deadline, request.maxBodyBytes);
      return response instanceof Error ? failed(response) : observation(response, elapsed());
    }
    let last: Response | undefined;
    const legs: NtlmLegs = {
      send: (authorization, final) => connection.write(authorization, final),
      nextHead: async (legDeadline) => {
        const response = await connection.next(Math.min(legDeadline, deadline), MAX_LEG_BODY);
        if (response instanceof Error) return undefined;
        last = response;
        return response.head;
      },
    };
    const result = await ntlmHandshake(legs, {
      scheme,
      credentials,
      peerCertificate: certificate,
      host: request.host,
      deadline,
    });
    if (result.kind === 'failed') return failed(new Error(result.reason));
    if (result.kind === 'answered')
      return last !== undefined
        ? observation(last, elapsed())
        : failed(new Error('no answer to the NEGOTIATE'));
    const response = await connection.next(deadline, request.maxBodyBytes);
    return response instanceof Error ? failed(response) : observation(response, elapsed());
  } finally {
    clearTimeout(timer);
    connection.close();
  }
}
