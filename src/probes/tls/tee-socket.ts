import { Duplex } from 'node:stream';
import type net from 'node:net';

/**
 * A duplex that passes a TCP socket through while showing every incoming byte to an observer. TLS on a
 * plain net.Socket reads from the handle in C++, out of JavaScript's sight; on a Duplex it must go through us.
 */
export class TeeSocket extends Duplex {
  constructor(
    private readonly inner: net.Socket,
    observe: (chunk: Buffer) => void,
  ) {
    super();
    inner.on('data', (chunk: Buffer) => {
      observe(chunk);
      if (!this.push(chunk)) inner.pause();
    });
    inner.on('end', () => this.push(null));
    inner.on('error', (error) => this.destroy(error));
    inner.on('close', () => this.destroy());
  }

  override _read(): void {
    this.inner.resume();
  }

  override _write(chunk: Buffer, _encoding: BufferEncoding, callback: (error?: Error | null) => void): void {
    this.inner.write(chunk, callback);
  }

  override _final(callback: (error?: Error | null) => void): void {
    this.inner.end();
    callback();
  }

  override _destroy(error: Error | null, callback: (error?: Error | null) => void): void {
    this.inner.destroy();
    callback(error);
  }
}
