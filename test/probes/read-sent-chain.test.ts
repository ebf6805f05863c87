import { X509Certificate } from 'node:crypto';
import { buildClientHello } from '../../src/probes/tls/client-hello';
import { readSentChain } from '../../src/probes/tls/read-sent-chain';
import { closedPort, type EmulatorOptions, startIisEmulator, startRawServer } from '../fixtures/iis-emulator';
import { createPki, type Pki } from '../fixtures/pki';

let pki: Pki;
const servers: { close(): Promise<void> }[] = [];

beforeAll(() => {
  pki = createPki();
});
afterAll(async () => {
  await Promise.all(servers.map((s) => s.close()));
});

async function serve(extra: Partial<NonNullable<EmulatorOptions['tls']>> = {}, cert?: string) {
  const leaf = pki.issueLeaf({});
  const server = await startIisEmulator({
    mode: 'basic',
    tls: { key: leaf.keyPem, cert: cert ?? leaf.certPem + pki.intermediate.certPem, ...extra },
  });
  servers.push(server);
  return { port: server.port, leaf };
}

const read = (port: number, host = 'mail.contoso.com') =>
  readSentChain({ host, address: '127.0.0.1', port, timeoutMs: 2000 });

describe('the hand-written TLS 1.2 hello', () => {
  it('is one handshake record holding a ClientHello of the length it declares', () => {
    const hello = buildClientHello('mail.contoso.com', Buffer.alloc(32, 7));
    expect(hello[0]).toBe(22);
    expect(hello.readUInt16BE(3)).toBe(hello.length - 5);
    expect(hello[5]).toBe(1);
    expect(hello.readUIntBE(6, 3)).toBe(hello.length - 9);
    expect(hello.readUInt16BE(9)).toBe(0x0303);
    expect(hello.includes(Buffer.from('mail.contoso.com'))).toBe(true);
  });

  it('sends no SNI for an IP address', () => {
    expect(buildClientHello('192.0.2.7').includes(Buffer.from('192.0.2.7'))).toBe(false);
  });
});

describe('readSentChain against real servers', () => {
  it('reads the certificates in the order sent, extras included, from a TLS 1.3-capable server', async () => {
    const leaf = pki.issueLeaf({});
    const sent = pki.intermediate.certPem + leaf.certPem + pki.root.certPem;
    const { port } = await serve({}, leaf.certPem + sent);
    const result = await read(port);
    if (!result.ok) throw new Error(result.message);
    expect(result.certificates.map((der) => new X509Certificate(der).fingerprint256)).toEqual([
      leaf.fingerprint256,
      pki.intermediate.fingerprint256,
      leaf.fingerprint256,
      pki.root.fingerprint256,
    ]);
  });

  it('reads a TLS 1.0-only server (SECLEVEL 0, as Windows 2003)', async () => {
    const { port, leaf } = await serve({
      minVersion: 'TLSv1',
      maxVersion: 'TLSv1',
      ciphers: 'DEFAULT:@SECLEVEL=0',
    });
    const result = await read(port);
    expect(result.ok && new X509Certificate(result.certificates[0] ?? Buffer.alloc(0)).fingerprint256).toBe(
      leaf.fingerprint256,
    );
  });

  it('a TLS 1.3-only server refuses the hello with an alert', async () => {
    const { port } = await serve({ minVersion: 'TLSv1.3' });
    expect(await read(port)).toMatchObject({ ok: false, stage: 'tls', reason: 'alert' });
  });

  it('a closed port, a plain HTTP server, a silent one', async () => {
    expect(await read(await closedPort())).toMatchObject({ ok: false, stage: 'tcp', reason: 'refused' });
    const plain = await startRawServer('not-tls');
    const silent = await startRawServer('silent');
    servers.push(plain, silent);
    expect(await read(plain.port)).toMatchObject({ ok: false, reason: 'not_tls' });
    expect(
      await readSentChain({
        host: 'mail.contoso.com',
        address: '127.0.0.1',
        port: silent.port,
        timeoutMs: 300,
      }),
    ).toMatchObject({ ok: false, reason: 'timeout' });
  });
});
