/**
 * Reads the server's plaintext handshake (TLS 1.2 and earlier) to recover the certificate list exactly as
 * the server sent it: Node's getPeerCertificate(true) rebuilds and reorders the chain from its own store.
 */
const RECORD_HANDSHAKE = 22;
const RECORD_ALERT = 21;
const HANDSHAKE_CERTIFICATE = 11;
const HANDSHAKE_SERVER_HELLO_DONE = 14;

export type CertificateCapture =
  | { state: 'pending' }
  | { state: 'found'; certificates: Buffer[] }
  /** Encryption started first (TLS 1.3) or the bytes are not TLS. */
  | { state: 'unavailable' };

export class ServerHandshakeReader {
  private records = Buffer.alloc(0);
  private handshake = Buffer.alloc(0);
  private result: CertificateCapture = { state: 'pending' };
  /** First bytes the server sent, to recognise a plaintext HTTP answer. */
  firstBytes = Buffer.alloc(0);

  get capture(): CertificateCapture {
    return this.result;
  }

  push(chunk: Buffer): void {
    if (this.firstBytes.length < 16)
      this.firstBytes = Buffer.concat([this.firstBytes, chunk]).subarray(0, 16);
    if (this.result.state !== 'pending') return;
    this.records = Buffer.concat([this.records, chunk]);
    while (this.records.length >= 5 && this.result.state === 'pending') {
      const type = this.records[0] ?? 0;
      // TLS record types are 20-23; anything else (an HTTP answer, a banner) is not TLS at all.
      if (type < 20 || type > 23) {
        this.result = { state: 'unavailable' };
        return;
      }
      const length = this.records.readUInt16BE(3);
      if (this.records.length < 5 + length) return;
      const body = this.records.subarray(5, 5 + length);
      this.records = this.records.subarray(5 + length);
      if (type === RECORD_HANDSHAKE) {
        this.handshake = Buffer.concat([this.handshake, body]);
        this.readMessages();
      } else if (type !== RECORD_ALERT) {
        // ChangeCipherSpec (encryption from here on), application data or not TLS at all.
        this.result = { state: 'unavailable' };
      }
    }
  }

  private readMessages(): void {
    while (this.handshake.length >= 4 && this.result.state === 'pending') {
      const type = this.handshake[0];
      const length = this.handshake.readUIntBE(1, 3);
      if (this.handshake.length < 4 + length) return;
      const body = this.handshake.subarray(4, 4 + length);
      this.handshake = this.handshake.subarray(4 + length);
      if (type === HANDSHAKE_CERTIFICATE)
        this.result = { state: 'found', certificates: parseCertificateList(body) };
      else if (type === HANDSHAKE_SERVER_HELLO_DONE) this.result = { state: 'unavailable' };
    }
  }
}

export function parseCertificateList(body: Buffer): Buffer[] {
  const certificates: Buffer[] = [];
  if (body.length < 3) return certificates;
  const total = Math.min(body.readUIntBE(0, 3), body.length - 3);
  let offset = 3;
  while (offset + 3 <= 3 + total) {
    const length = body.readUIntBE(offset, 3);
    offset += 3;
    if (offset + length > body.length) break;
    certificates.push(Buffer.from(body.subarray(offset, offset + length)));
    offset += length;
  }
  return certificates;
}
