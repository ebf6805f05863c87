import { randomBytes } from 'node:crypto';
import { isIP } from 'node:net';

/**
 * A TLS 1.2 ClientHello written by hand, for reading the certificates a server sends without a handshake of
 * our own: up to TLS 1.2 the server's Certificate message travels in plaintext right after ServerHello, so
 * the chain as sent (order and extras included) is read with no key exchange, no JS stream under a TLS
 * socket, and no second handshake on a server that prefers TLS 1.3 (no supported_versions: 1.2 at most).
 * The suites are wide on purpose, from ECDHE-GCM down to RC4 and 3DES: nothing is ever encrypted with them,
 * and a Windows Server 2003 front end must still answer.
 */
const CIPHER_SUITES = [
  0xc02f, 0xc030, 0xc02b, 0xc02c, 0xcca8, 0xcca9, 0xc013, 0xc014, 0xc009, 0xc00a, 0x009c, 0x009d, 0x009e,
  0x009f, 0x0033, 0x0039, 0x002f, 0x0035, 0x003c, 0x003d, 0xc012, 0x000a, 0x0016, 0x0005, 0x0004,
];
const GROUPS = [0x001d, 0x0017, 0x0018, 0x0019];
const SIGNATURE_ALGORITHMS = [
  0x0403, 0x0804, 0x0401, 0x0503, 0x0805, 0x0501, 0x0603, 0x0806, 0x0601, 0x0201, 0x0203, 0x0202,
];

const u8 = (n: number): Buffer => Buffer.from([n & 255]);
const u16 = (n: number): Buffer => Buffer.from([(n >> 8) & 255, n & 255]);
const u24 = (n: number): Buffer => Buffer.from([(n >> 16) & 255, (n >> 8) & 255, n & 255]);
const list16 = (values: number[]): Buffer => Buffer.concat(values.map(u16));
const vector16 = (body: Buffer): Buffer => Buffer.concat([u16(body.length), body]);
const extension = (type: number, body: Buffer): Buffer => Buffer.concat([u16(type), vector16(body)]);

export function buildClientHello(host: string, random: Buffer = randomBytes(32)): Buffer {
  const extensions = [
    // SNI for names only (RFC 6066 forbids IP literals), so a server with several sites picks the right one.
    ...(isIP(host) === 0
      ? [
          extension(
            0x0000,
            vector16(Buffer.concat([u8(0), vector16(Buffer.from(host.replace(/\.$/, ''), 'ascii'))])),
          ),
        ]
      : []),
    extension(0x000a, vector16(list16(GROUPS))),
    extension(0x000b, Buffer.from([1, 0])),
    extension(0x000d, vector16(list16(SIGNATURE_ALGORITHMS))),
    extension(0xff01, Buffer.from([0])),
  ];
  const body = Buffer.concat([
    u16(0x0303),
    random,
    u8(0),
    vector16(list16(CIPHER_SUITES)),
    Buffer.from([1, 0]),
    vector16(Buffer.concat(extensions)),
  ]);
  const handshake = Buffer.concat([u8(1), u24(body.length), body]);
  // Record version 1.0, as browsers send it: some old servers reject a first record marked 1.2.
  return Buffer.concat([u8(22), u16(0x0301), u16(handshake.length), handshake]);
}
