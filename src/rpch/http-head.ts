/** An HTTP/1.x response head read off a raw socket (Node's parser and undici do not suit RPC channels). */
export interface ResponseHead {
  version: string;
  status: number;
  reason: string;
  headers: Record<string, string[]>;
}

/** Parses a head if `buffer` holds a complete one; returns it and the bytes after it. */
export function parseHead(
  buffer: Buffer,
  maxHeadBytes = 16 * 1024,
): { head: ResponseHead; rest: Buffer } | 'incomplete' | 'invalid' {
  const end = buffer.indexOf('\r\n\r\n');
  if (end < 0) return buffer.length > maxHeadBytes ? 'invalid' : 'incomplete';
  const [statusLine = '', ...lines] = buffer.subarray(0, end).toString('latin1').split('\r\n');
  const match = /^(HTTP\/\d\.\d) (\d{3})(?: (.*))?$/.exec(statusLine);
  if (!match) return 'invalid';
  const headers: Record<string, string[]> = {};
  for (const line of lines) {
    const colon = line.indexOf(':');
    if (colon <= 0) continue;
    const name = line.slice(0, colon).trim().toLowerCase();
    (headers[name] ??= []).push(line.slice(colon + 1).trim());
  }
  return {
    head: { version: match[1] ?? '', status: Number(match[2]), reason: match[3] ?? '', headers },
    rest: buffer.subarray(end + 4),
  };
}

/** A size line is a few hex digits and maybe an extension; a longer one is a proxy misbehaving. */
const MAX_SIZE_LINE = 1024;

/** Incremental chunked-transfer decoding: feed bytes, get the payload so far. */
export class ChunkedDecoder {
  private pending = Buffer.alloc(0);
  private remaining = 0;
  done = false;

  push(data: Buffer): Buffer {
    // After the last chunk nothing more is payload; keeping it would let a proxy grow the buffer forever.
    if (this.done) return Buffer.alloc(0);
    this.pending = Buffer.concat([this.pending, data]);
    const out: Buffer[] = [];
    while (!this.done) {
      if (this.remaining > 0) {
        const take = this.pending.subarray(0, this.remaining);
        out.push(take);
        this.remaining -= take.length;
        this.pending = this.pending.subarray(take.length);
        if (this.remaining > 0) break;
        // Each chunk ends with CRLF.
        if (this.pending.length < 2) {
          this.remaining = -2;
          break;
        }
        this.skipChunkEnd();
        continue;
      }
      if (this.remaining === -2) {
        if (this.pending.length < 2) break;
        this.skipChunkEnd();
        this.remaining = 0;
        continue;
      }
      const lineEnd = this.pending.indexOf('\r\n');
      if (lineEnd < 0) {
        if (this.pending.length > MAX_SIZE_LINE) throw new Error('chunk size line too long');
        break;
      }
      const sizeText = (this.pending.subarray(0, lineEnd).toString('latin1').split(';')[0] ?? '').trim();
      this.pending = this.pending.subarray(lineEnd + 2);
      // parseInt would take "1g" as 1 and "-2" as -2: only plain hex digits are a size.
      if (!/^[0-9a-f]{1,8}$/i.test(sizeText)) throw new Error('invalid chunk size');
      const size = parseInt(sizeText, 16);
      if (size === 0) this.done = true;
      else this.remaining = size;
    }
    return Buffer.concat(out);
  }

  /** A chunk whose data does not end in CRLF has the wrong size: reading on would parse payload as sizes. */
  private skipChunkEnd(): void {
    if (this.pending[0] !== 0x0d || this.pending[1] !== 0x0a) throw new Error('chunk does not end with CRLF');
    this.pending = this.pending.subarray(2);
  }
}
