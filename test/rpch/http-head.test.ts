import { ChunkedDecoder, parseHead } from '../../src/rpch/http-head';

describe('response head on a raw socket', () => {
  it('waits for the whole head, then returns it and the bytes after it', () => {
    expect(parseHead(Buffer.from('HTTP/1.1 200 Success\r\nContent-Type: app'))).toBe('incomplete');
    const parsed = parseHead(
      Buffer.from(
        'HTTP/1.1 401 Unauthorized\r\nWWW-Authenticate: Negotiate\r\nwww-authenticate: Basic realm="x"\r\n\r\nBODY',
      ),
    );
    if (typeof parsed === 'string') throw new Error(parsed);
    expect(parsed.head).toEqual({
      version: 'HTTP/1.1',
      status: 401,
      reason: 'Unauthorized',
      headers: { 'www-authenticate': ['Negotiate', 'Basic realm="x"'] },
    });
    expect(parsed.rest.toString()).toBe('BODY');
  });

  it("reads rpcproxy's HTTP/1.0 error line with its reason phrase and no headers", () => {
    const parsed = parseHead(Buffer.from('HTTP/1.0 503 RPC Error: 6ba\r\n\r\n'));
    expect(typeof parsed !== 'string' && parsed.head).toMatchObject({
      status: 503,
      reason: 'RPC Error: 6ba',
    });
  });

  it('refuses what is not HTTP, and a head that never ends', () => {
    expect(parseHead(Buffer.from('SSH-2.0-OpenSSH\r\n\r\n'))).toBe('invalid');
    expect(parseHead(Buffer.alloc(20000, 'a'))).toBe('invalid');
  });
});

describe('chunked transfer decoding', () => {
  const payload = Buffer.from(Array.from({ length: 300 }, (_, i) => i % 256));
  const encoded = Buffer.concat([
    Buffer.from('a;name=value\r\n'),
    payload.subarray(0, 10),
    Buffer.from('\r\n122\r\n'),
    payload.subarray(10),
    Buffer.from('\r\n0\r\n\r\n'),
  ]);

  it('decodes the whole body at once', () => {
    const decoder = new ChunkedDecoder();
    expect(decoder.push(encoded)).toEqual(payload);
    expect(decoder.done).toBe(true);
  });

  it.each([1, 2, 3, 7, 64])('decodes the same when fed %i bytes at a time', (step) => {
    const decoder = new ChunkedDecoder();
    const parts: Buffer[] = [];
    for (let i = 0; i < encoded.length; i += step) parts.push(decoder.push(encoded.subarray(i, i + step)));
    expect(Buffer.concat(parts)).toEqual(payload);
    expect(decoder.done).toBe(true);
  });

  it('throws on a chunk size that is not hex, and on a chunk longer than its size', () => {
    for (const size of ['zz', '1g', '-2', '', '123456789'])
      expect(() => new ChunkedDecoder().push(Buffer.from(`${size}\r\n`))).toThrow(/invalid chunk size/);
    expect(() => new ChunkedDecoder().push(Buffer.from('2\r\nabc\r\n'))).toThrow(/CRLF/);
    expect(() => new ChunkedDecoder().push(Buffer.alloc(2000, '1'))).toThrow(/size line too long/);
  });

  it('ignores whatever follows the last chunk instead of buffering it', () => {
    const decoder = new ChunkedDecoder();
    expect(decoder.push(Buffer.from('1\r\nx\r\n0\r\n\r\n')).toString()).toBe('x');
    expect(decoder.push(Buffer.alloc(100000, 'y'))).toHaveLength(0);
    expect(decoder.done).toBe(true);
  });
});
