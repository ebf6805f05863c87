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

/**
 * Collects a response head from socket data: each push scans only its new bytes for the blank line (the match
 * so far carries over between pushes) and keeps the pieces, so a head sent a byte per packet is neither
 * rescanned nor recopied per packet. The answers are parseHead's on everything pushed so far.
 */
export class HeadReader {
  private pieces: Buffer[] = [];
  private length = 0;
  /** How many bytes of CR LF CR LF the data so far ends with. */
  private matched = 0;

  constructor(private readonly maxHeadBytes = 16 * 1024) {}

  push(data: Buffer): { head: ResponseHead; rest: Buffer } | 'incomplete' | 'invalid' {
    this.pieces.push(data);
    this.length += data.length;
    for (const byte of data) {
      // CR LF CR LF overlaps itself only at a CR, so a mismatch restarts at 1 on a CR and at 0 otherwise.
      if (byte === BLANK_LINE[this.matched]) this.matched++;
      else this.matched = byte === CR ? 1 : 0;
      if (this.matched === BLANK_LINE.length)
        return parseHead(Buffer.concat(this.pieces, this.length), this.maxHeadBytes);
    }
    return this.length > this.maxHeadBytes ? 'invalid' : 'incomplete';
  }
}

const CR = 0x0d;
const BLANK_LINE = [CR, 0x0a, CR, 0x0a];

/**
 * Body bytes as they arrive, read from the front. Pieces are kept as they came and joined only when a reader
 * needs more bytes than the first one holds: appending to one buffer per packet was quadratic in the packets.
 */
export class ByteQueue {
  private pieces: Buffer[] = [];
  length = 0;

  push(data: Buffer): void {
    if (data.length === 0) return;
    this.pieces.push(data);
    this.length += data.length;
  }

  /** The first `n` bytes (at most `length`), left in the queue. */
  peek(n: number): Buffer {
    const first = this.pieces[0];
    if (first !== undefined && first.length >= n) return first.subarray(0, n);
    const joined = Buffer.concat(this.pieces);
    this.pieces = [joined];
    return joined.subarray(0, n);
  }

  /** Removes and returns the first `n` bytes (at most `length`). */
  take(n: number): Buffer {
    const bytes = this.peek(n);
    const first = this.pieces[0] as Buffer;
    if (first.length > bytes.length) this.pieces[0] = first.subarray(bytes.length);
    else this.pieces.shift();
    this.length -= bytes.length;
    return bytes;
  }
}

/** A size line is a few hex digits and maybe an extension; a longer one is a proxy misbehaving. */
const MAX_SIZE_LINE = 1024;

/** The only error the decoder throws: the body is not valid chunked encoding. */
export class ChunkedEncodingError extends Error {
  override name = 'ChunkedEncodingError';
}

/**
 * Incremental chunked-transfer decoding: feed bytes, get the payload so far. Throws ChunkedEncodingError only.
 * A state machine over each push's bytes, keeping only a partial size line between pushes: no buffer is
 * copied or joined per push, so a proxy sending one byte per packet costs little more than one sending 16 KiB.
 */
export class ChunkedDecoder {
  private state: 'size' | 'data' | 'crlf' = 'size';
  /** The size line read so far (latin1), when it spans pushes. */
  private line = '';
  private remaining = 0;
  /** How many bytes of the CRLF after a chunk's data were seen. */
  private crlfSeen = 0;
  private crlfFirst = 0;
  done = false;

  push(data: Buffer): Buffer {
    // After the last chunk nothing more is payload; keeping it would let a proxy grow the buffer forever.
    const out: Buffer[] = [];
    let at = 0;
    while (at < data.length && !this.done) {
      if (this.state === 'data') {
        const take = Math.min(this.remaining, data.length - at);
        out.push(data.subarray(at, at + take));
        this.remaining -= take;
        at += take;
        if (this.remaining === 0) this.state = 'crlf';
      } else if (this.state === 'crlf') {
        // A chunk whose data does not end in CRLF has the wrong size: reading on would parse payload as sizes.
        // Judged once both bytes are in, whichever push brings them.
        if (this.crlfSeen === 0) this.crlfFirst = data[at] ?? 0;
        else if (this.crlfFirst !== 0x0d || data[at] !== 0x0a)
          throw new ChunkedEncodingError('chunk does not end with CRLF');
        at++;
        if (++this.crlfSeen === 2) {
          this.crlfSeen = 0;
          this.state = 'size';
        }
      } else at = this.readSizeLine(data, at);
    }
    return out.length === 1 ? (out[0] as Buffer) : Buffer.concat(out);
  }

  /** Reads size-line bytes from `at`; at its CRLF, the chunk size. Returns where reading stopped. */
  private readSizeLine(data: Buffer, at: number): number {
    const lf = data.indexOf(0x0a, at);
    this.line += data.toString('latin1', at, lf < 0 ? data.length : lf);
    if (lf < 0 || !this.line.endsWith('\r')) {
      if (lf >= 0) this.line += '\n';
      if (this.line.length > MAX_SIZE_LINE) throw new ChunkedEncodingError('chunk size line too long');
      return lf < 0 ? data.length : lf + 1;
    }
    const sizeText = (this.line.slice(0, -1).split(';', 1)[0] ?? '').trim();
    this.line = '';
    // parseInt would take "1g" as 1 and "-2" as -2: only plain hex digits are a size.
    if (!/^[0-9a-f]{1,8}$/i.test(sizeText)) throw new ChunkedEncodingError('invalid chunk size');
    const size = parseInt(sizeText, 16);
    if (size === 0) this.done = true;
    else {
      this.remaining = size;
      this.state = 'data';
    }
    return lf + 1;
  }
}
