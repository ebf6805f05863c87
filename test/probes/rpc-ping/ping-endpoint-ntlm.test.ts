import { X509Certificate } from 'node:crypto';
import type { AddressInfo } from 'node:net';
import tls from 'node:tls';
import { pingEndpoint } from '../../../src/probes/rpc-ping/ping-endpoint';
import { connA3, connC2 } from '../../../src/rpch/rts';
import { buildChallenge } from '../../fixtures/ntlm-challenge';
import { createPki } from '../../fixtures/pki';
import { LAB } from '../../fixtures/rpch-emulator';

const challenge = buildChallenge(LAB.ntlm).toString('base64');

const leaf = createPki().issueLeaf({});
const isNegotiate = (head: string): boolean => /Authorization: NTLM TlRMTVNTUAAB/.test(head);

/**
 * A proxy scripted leg by leg: `answer(head)` is written (in pieces, a few ms apart, to split the TCP reads)
 * when a request head arrives. Every head is returned, to show what the client sent.
 */
async function withScriptedProxy(
  answer: (head: string) => (string | Buffer)[],
  run: (port: number, certificateSha256: string) => Promise<void>,
): Promise<string[]> {
  const heads: string[] = [];
  const server = tls.createServer({ key: leaf.keyPem, cert: leaf.certPem }, (socket) => {
    socket.on('error', () => undefined);
    let buffer = '';
    socket.on('data', (data: Buffer) => {
      buffer += data.toString('latin1');
      for (let end = buffer.indexOf('\r\n\r\n'); end >= 0; end = buffer.indexOf('\r\n\r\n')) {
        const head = buffer.slice(0, end);
        heads.push(head);
        // The body after the last leg's head (CONN/A1 or B1) is not a request: drop it.
        buffer = buffer.slice(end + 4).replace(/^[^A-Z]+/, '');
        const pieces = answer(head);
        pieces.forEach((piece, i) => setTimeout(() => socket.writable && socket.write(piece), i * 15));
      }
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  try {
    await run((server.address() as AddressInfo).port, new X509Certificate(leaf.certPem).fingerprint256);
  } finally {
    await new Promise<void>((resolve) => server.close(() => resolve()));
  }
  return heads;
}

const ping = (port: number, certificateSha256: string) =>
  pingEndpoint(
    {
      host: 'mail.contoso.com',
      address: '127.0.0.1',
      port,
      timeoutMs: 1500,
      signIn: { scheme: 'NTLM', credentials: { user: LAB.user, password: LAB.password } },
      certificateSha256,
    },
    'EX01',
    6001,
  );

describe('an RPC channel signing in with NTLM', () => {
  it('reads past a challenge whose error page arrives later, then takes the answer to AUTHENTICATE', async () => {
    const page = 'x'.repeat(300);
    const challengeLeg = [
      `HTTP/1.1 401 Unauthorized\r\nWWW-Authenticate: NTLM ${challenge}\r\nContent-Length: ${page.length}\r\n\r\n`,
      page.slice(0, 100),
      page.slice(100),
    ];
    const ok = [
      'HTTP/1.1 200 Success\r\nContent-Type: application/rpc\r\nContent-Length: 1073741824\r\n\r\n',
      Buffer.concat([connA3(), connC2()]),
    ];
    let outcome = '';
    // Both channels get the same script: the IN channel's "200" is never read.
    const heads = await withScriptedProxy(
      (head) => (isNegotiate(head) ? challengeLeg : ok),
      async (port, sha) => {
        outcome = (await ping(port, sha)).outcome;
      },
    );
    expect(outcome).toBe('ok');
    const legs = heads.map((h) => /Authorization: NTLM (\S+)/.exec(h)?.[1]?.slice(0, 11));
    // NEGOTIATE (type 1) with no body, then AUTHENTICATE (type 3) with the real one, on each channel.
    expect(legs.filter((l) => l === 'TlRMTVNTUAA').length).toBe(4);
    expect(heads.filter(isNegotiate).every((h) => h.includes('Content-Length: 0'))).toBe(true);
    expect(heads.filter(isNegotiate)).toHaveLength(2);
    expect(heads.filter((h) => !isNegotiate(h)).map((h) => /Content-Length: (\d+)/.exec(h)?.[1])).toEqual(
      expect.arrayContaining(['76', '1073741824']),
    );
    expect(heads.join('\n')).not.toMatch(/Authorization: Basic/);
  });

  it.each<[string, string, RegExp, string]>([
    ['a 503 to the NEGOTIATE stands as the answer', 'HTTP/1.0 503 RPC Error: 6ba\r\n\r\n', /1722/, 'refused'],
    [
      'a 401 without a challenge is a refusal',
      'HTTP/1.1 401 Unauthorized\r\nContent-Length: 0\r\n\r\n',
      /401/,
      'unauthorized',
    ],
    [
      'a challenge on a connection the server closes is an error saying so',
      `HTTP/1.1 401 Unauthorized\r\nConnection: close\r\nWWW-Authenticate: NTLM ${challenge}\r\nContent-Length: 0\r\n\r\n`,
      /closed the connection after the NTLM challenge/,
      'error',
    ],
    [
      'a malformed challenge is an error, not a crash',
      `HTTP/1.1 401 Unauthorized\r\nWWW-Authenticate: NTLM ${Buffer.from('NTLMSSP\0\u0002\0\0\0garbage-garbage-garbage').toString('base64')}\r\nContent-Length: 0\r\n\r\n`,
      /malformed/,
      'error',
    ],
  ])('%s', async (_, answer, detail, outcome) => {
    let row: Awaited<ReturnType<typeof ping>> | undefined;
    await withScriptedProxy(
      () => [answer],
      async (port, sha) => {
        row = await ping(port, sha);
      },
    );
    expect(row).toMatchObject({ outcome, detail: expect.stringMatching(detail) });
  });
});
