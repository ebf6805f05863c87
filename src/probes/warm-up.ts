import net from 'node:net';
import { trustAnchors } from './certificate/trust-store';
import { pinnedRequest } from './http/pinned-request';
import { clientSecureContext } from './tls/secure-contexts';

/** One plaintext HTTP exchange with a server of our own on loopback: loads and compiles undici's HTTP path. */
async function exerciseHttp(): Promise<void> {
  const server = net.createServer((socket) => {
    socket.on('error', () => socket.destroy());
    socket.once('data', () =>
      socket.end('HTTP/1.1 200 OK\r\nContent-Length: 0\r\nConnection: close\r\n\r\n'),
    );
  });
  try {
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(0, '127.0.0.1', resolve);
    });
    const { port } = server.address() as net.AddressInfo;
    await pinnedRequest({
      host: 'localhost',
      address: '127.0.0.1',
      port,
      secure: false,
      method: 'GET',
      path: '/',
      timeoutMs: 2000,
    });
  } catch {
    // Warming up is an optimisation: a machine without loopback still checks, only the first check is slower.
  } finally {
    server.close();
  }
}

/**
 * Pays at start-up what the first check would otherwise pay during the first burst (about 150 ms of CPU
 * on the main thread): Node's bundled roots parsed into trust anchors, the extra CAs, the client TLS
 * contexts, and undici's HTTP parser (WebAssembly, compiled on first use). Sends nothing beyond loopback.
 */
export async function warmUp(extraCaPem: readonly string[] = []): Promise<void> {
  trustAnchors(extraCaPem);
  clientSecureContext(false);
  clientSecureContext(true);
  await exerciseHttp();
}
