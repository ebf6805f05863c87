import net from 'node:net';

export type TcpFailure = 'refused' | 'reset' | 'timeout' | 'unreachable';

export type TcpResult =
  | { ok: true; socket: net.Socket; ms: number }
  | { ok: false; failure: TcpFailure; code: string; message: string; ms: number };

export function classifySocketError(code: string): TcpFailure {
  if (code === 'ECONNREFUSED') return 'refused';
  if (code === 'ECONNRESET' || code === 'EPIPE') return 'reset';
  if (code === 'ETIMEDOUT' || code === 'ETIMEOUT') return 'timeout';
  return 'unreachable';
}

/** Opens TCP to the checked address; the caller owns the socket on success. */
export function tcpConnect(address: string, port: number, timeoutMs: number): Promise<TcpResult> {
  const started = performance.now();
  return new Promise((resolve) => {
    const socket = net.connect({ host: address, port });
    const elapsed = (): number => Math.round(performance.now() - started);
    const timer = setTimeout(() => {
      socket.destroy();
      resolve({
        ok: false,
        failure: 'timeout',
        code: 'ETIMEDOUT',
        message: `no answer within ${timeoutMs} ms`,
        ms: elapsed(),
      });
    }, timeoutMs);
    socket.once('connect', () => {
      clearTimeout(timer);
      socket.removeAllListeners('error');
      resolve({ ok: true, socket, ms: elapsed() });
    });
    socket.once('error', (error: NodeJS.ErrnoException) => {
      clearTimeout(timer);
      socket.destroy();
      const code = error.code ?? 'EUNKNOWN';
      resolve({ ok: false, failure: classifySocketError(code), code, message: error.message, ms: elapsed() });
    });
  });
}
