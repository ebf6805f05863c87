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

/** The only error the decoder throws: the body is not valid chunked encoding. */
export class ChunkedEncodingError extends Error {
  override name = 'ChunkedEncodingError';
}

/**
 * Incremental chunked-transfer decoding: feed bytes, get the payload so far. Throws ChunkedEncodingError only.
 * Each push reads its bytes once through an offset (no copy per chunk), so a body of many tiny chunks costs
 * time in proportion to its size.
 */
export class ChunkedDecoder {
  private pending = Buffer.alloc(0);
  private remaining = 0;
  done = false;

  push(data: Buffer): Buffer {
    // After the last chunk nothing more is payload; keeping it would let a proxy grow the buffer forever.
    if (this.done) return Buffer.alloc(0);
    const input = this.pending.length === 0 ? data : Buffer.concat([this.pending, data]);
    const out: Buffer[] = [];
    let at = 0;
    while (!this.done) {
      if (this.remaining > 0) {
        const take = Math.min(this.remaining, input.length - at);
        out.push(input.subarray(at, at + take));
        this.remaining -= take;
        at += take;
        if (this.remaining > 0) break;
        // Each chunk ends with CRLF.
        if (input.length - at < 2) {
          this.remaining = -2;
          break;
        }
        at = skipChunkEnd(input, at);
        continue;
      }
      if (this.remaining === -2) {
        if (input.length - at < 2) break;
        at = skipChunkEnd(input, at);
        this.remaining = 0;
        continue;
      }
      const lineEnd = input.indexOf('\r\n', at);
      if (lineEnd < 0) {
        if (input.length - at > MAX_SIZE_LINE) throw new ChunkedEncodingError('chunk size line too long');
        break;
      }
      const line = input.toString('latin1', at, lineEnd);
      const sizeText = (line.split(';', 1)[0] ?? '').trim();
      at = lineEnd + 2;
      // parseInt would take "1g" as 1 and "-2" as -2: only plain hex digits are a size.
      if (!/^[0-9a-f]{1,8}$/i.test(sizeText)) throw new ChunkedEncodingError('invalid chunk size');
      const size = parseInt(sizeText, 16);
      if (size === 0) this.done = true;
      else this.remaining = size;
    }
    // What is left is at most a size line: copied, so the (possibly large) input is not kept alive.
    this.pending = this.done ? Buffer.alloc(0) : Buffer.from(input.subarray(at));
    return out.length === 1 ? (out[0] as Buffer) : Buffer.concat(out);
  }
}

/** A chunk whose data does not end in CRLF has the wrong size: reading on would parse payload as sizes. */
function skipChunkEnd(input: Buffer, at: number): number {
  if (input[at] !== 0x0d || input[at + 1] !== 0x0a)
    throw new ChunkedEncodingError('chunk does not end with CRLF');
  return at + 2;
}
