import { tcpConnect } from '../tcp-connect';
import { buildClientHello } from './client-hello';
import { type HandshakeResult, tcpFailed } from './tls-handshake';
import { ServerHandshakeReader } from './tls-records';

export type SentChainResult =
  { ok: true; certificates: Buffer[]; ms: number } | Extract<HandshakeResult, { ok: false }>;

const RECORD_ALERT = 21;

/**
 * The certificates the server sends, in its order, from a ClientHello of our own (client-hello.ts): the
 * connection is closed as soon as the Certificate message is read. Never throws; a server that answers
 * with an alert (TLS 1.3 only, no suite in common) or with something else than TLS says so, and the caller
 * falls back to a real handshake.
 */
export async function readSentChain(target: {
  host: string;
  address: string;
  port: number;
  timeoutMs: number;
}): Promise<SentChainResult> {
  const started = performance.now();
  const elapsed = (): number => Math.round(performance.now() - started);
  const tcp = await tcpConnect(target.address, target.port, target.timeoutMs);
  if (!tcp.ok) return tcpFailed(tcp, elapsed());
  const socket = tcp.socket;
  const reader = new ServerHandshakeReader();
  return new Promise((resolve) => {
    let settled = false;
    const finish = (result: SentChainResult): void => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      socket.destroy();
      resolve(result);
    };
    const fail = (
      reason: 'timeout' | 'not_tls' | 'alert' | 'closed' | 'reset',
      message: string,
      code: string,
    ) => finish({ ok: false, stage: 'tls', reason, message, code, ms: elapsed() });
    const timer = setTimeout(
      () => fail('timeout', `no TLS answer within ${target.timeoutMs} ms`, 'ETIMEDOUT'),
      target.timeoutMs,
    );
    const settleFromCapture = (): void => {
      const capture = reader.capture;
      if (capture.state === 'found') {
        finish({ ok: true, certificates: capture.certificates, ms: elapsed() });
        return;
      }
      if (capture.state === 'pending') return;
      if (reader.firstBytes[0] === RECORD_ALERT)
        fail('alert', 'the server answered the TLS 1.2 hello with an alert', 'EALERT');
      else if (reader.firstBytes[0] !== 22)
        fail('not_tls', 'the server does not speak TLS on this port', 'ENOTTLS');
      else fail('closed', 'the server sent no certificate in plaintext', 'ENOCERT');
    };
    socket.on('data', (chunk: Buffer) => {
      reader.push(chunk);
      settleFromCapture();
    });
    socket.once('error', (error: NodeJS.ErrnoException) =>
      fail('reset', `the connection failed during the hello: ${error.message}`, error.code ?? 'EUNKNOWN'),
    );
    socket.once('close', () =>
      reader.firstBytes[0] === RECORD_ALERT
        ? fail('alert', 'the server answered the TLS 1.2 hello with an alert', 'EALERT')
        : fail('closed', 'the server closed the connection after the hello', 'ECLOSED'),
    );
    socket.write(buildClientHello(target.host));
  });
}
