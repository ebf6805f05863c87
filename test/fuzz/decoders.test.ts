import fc from 'fast-check';
import tls from 'node:tls';
import { readDerFields } from '../../src/probes/certificate/der-fields';
import { challengeFromHeaders, decodeChallenge } from '../../src/probes/ntlm/ntlm-challenge';
import {
  ByteQueue,
  ChunkedDecoder,
  ChunkedEncodingError,
  HeadReader,
  parseHead,
} from '../../src/rpch/http-head';
import { connA3, connC2, decodeRts, encodeRts, RtsDecodeError } from '../../src/rpch/rts';
import { buildChallenge } from '../fixtures/ntlm-challenge';
import { bounded, params, PROPERTY_TIMEOUT_MS } from './fuzz';

/** Bytes from a server: arbitrary, or a valid start corrupted in a few places, cut short or run on. */
function mutated(seeds: readonly Buffer[]): fc.Arbitrary<Buffer> {
  return fc.oneof(
    fc.uint8Array({ maxLength: 300 }).map((b) => Buffer.from(b)),
    fc
      .tuple(
        fc.constantFrom(...seeds),
        fc.array(fc.tuple(fc.nat(), fc.nat(255)), { maxLength: 4 }),
        fc.nat(),
        fc.uint8Array({ maxLength: 40 }),
      )
      .map(([seed, edits, cut, tail]) => {
        const bytes = Buffer.from(seed);
        for (const [at, value] of edits) if (bytes.length > 0) bytes[at % bytes.length] = value;
        return Buffer.concat([bytes.subarray(0, cut % (bytes.length + 1)), Buffer.from(tail)]);
      }),
  );
}

/** Calls `work`; it may return anything or throw `allowed`, never anything else (TypeError, RangeError…). */
function onlyThrows(allowed: (error: unknown) => boolean, work: () => unknown): void {
  try {
    bounded(work);
  } catch (error) {
    if (!allowed(error)) throw error;
  }
}

const HEAD = Buffer.from(
  'HTTP/1.1 200 OK\r\nContent-Type: application/rpc\r\nTransfer-Encoding: chunked\r\n\r\n',
);
const CHUNKED = Buffer.from('14\r\n' + 'x'.repeat(20) + '\r\n3;ext=1\r\nabc\r\n0\r\n\r\n');
const NTLM = buildChallenge({
  netbiosComputer: 'EX01',
  netbiosDomain: 'CONTOSO',
  dnsComputer: 'ex01.contoso.local',
  dnsDomain: 'contoso.local',
  version: [10, 0, 17763],
});
/** A real certificate: Node's bundled roots are DER behind PEM armour. */
const CERTIFICATE = Buffer.from((tls.rootCertificates[0] ?? '').replace(/-----[^-]+-----|\s/g, ''), 'base64');

describe('decoders of server bytes (fuzz)', () => {
  it(
    'the HTTP head parser answers a head, "incomplete" or "invalid", never throws',
    () => {
      fc.assert(
        fc.property(mutated([HEAD]), fc.integer({ min: 0, max: 400 }), (bytes, max) => {
          const parsed = bounded(() => parseHead(bytes, max));
          if (typeof parsed !== 'string') expect(parsed.head.status).toBeGreaterThanOrEqual(0);
        }),
        params,
      );
    },
    PROPERTY_TIMEOUT_MS,
  );

  it(
    'the chunked decoder throws only ChunkedEncodingError, however the bytes are split',
    () => {
      fc.assert(
        fc.property(
          mutated([CHUNKED]),
          fc.array(fc.integer({ min: 1, max: 50 }), { maxLength: 10 }),
          (bytes, cuts) => {
            const decoder = new ChunkedDecoder();
            onlyThrows(
              (error) => error instanceof ChunkedEncodingError,
              () => {
                let at = 0;
                for (const cut of cuts) {
                  decoder.push(bytes.subarray(at, at + cut));
                  at += cut;
                }
                decoder.push(bytes.subarray(at));
              },
            );
          },
        ),
        params,
      );
    },
    PROPERTY_TIMEOUT_MS,
  );

  it(
    'decodeRts throws only RtsDecodeError',
    () => {
      const seeds = [connA3(), connC2(), encodeRts({ flags: 0x40, commands: [] })];
      fc.assert(
        fc.property(mutated(seeds), (bytes) =>
          onlyThrows(
            (error) => error instanceof RtsDecodeError,
            () => decodeRts(bytes),
          ),
        ),
        params,
      );
    },
    PROPERTY_TIMEOUT_MS,
  );

  it(
    'NTLM challenges decode or answer undefined, never throw',
    () => {
      fc.assert(
        fc.property(mutated([NTLM]), fc.string({ maxLength: 60 }), (bytes, header) => {
          bounded(() => decodeChallenge(bytes));
          bounded(() =>
            challengeFromHeaders([header, `NTLM ${bytes.toString('base64')}`, `Negotiate ${header}`]),
          );
        }),
        params,
      );
    },
    PROPERTY_TIMEOUT_MS,
  );

  it(
    'certificate fields from DER: a result or a plain Error, never a TypeError or RangeError',
    () => {
      fc.assert(
        fc.property(mutated([CERTIFICATE]), (bytes) =>
          onlyThrows(
            (error) => error instanceof Error && error.constructor === Error,
            () => readDerFields(bytes),
          ),
        ),
        params,
      );
    },
    PROPERTY_TIMEOUT_MS,
  );

  /** Cuts `bytes` into pieces of the given sizes (the rest as the last piece). */
  const split = (bytes: Buffer, cuts: number[]): Buffer[] => {
    const pieces: Buffer[] = [];
    let at = 0;
    for (const cut of cuts) {
      pieces.push(bytes.subarray(at, at + cut));
      at += cut;
    }
    return [...pieces, bytes.subarray(at)];
  };

  it(
    'a head read piece by piece answers what parseHead answers on all the bytes so far',
    () => {
      fc.assert(
        fc.property(
          mutated([HEAD]),
          fc.array(fc.integer({ min: 0, max: 30 }), { maxLength: 12 }),
          fc.integer({ min: 0, max: 200 }),
          (bytes, cuts, max) => {
            const reader = new HeadReader(max);
            let seen = Buffer.alloc(0);
            for (const piece of split(bytes, cuts)) {
              seen = Buffer.concat([seen, piece]);
              const answer = bounded(() => reader.push(piece));
              expect(answer).toEqual(parseHead(seen, max));
              if (typeof answer !== 'string' || answer === 'invalid') break;
            }
          },
        ),
        params,
      );
    },
    PROPERTY_TIMEOUT_MS,
  );

  it(
    'a byte queue hands out the bytes pushed, in order, however they were cut',
    () => {
      fc.assert(
        fc.property(
          fc.uint8Array({ maxLength: 200 }).map((b) => Buffer.from(b)),
          fc.array(fc.integer({ min: 0, max: 30 }), { maxLength: 12 }),
          fc.array(fc.integer({ min: 0, max: 40 }), { maxLength: 12 }),
          (bytes, cuts, takes) => {
            const queue = new ByteQueue();
            for (const piece of split(bytes, cuts)) queue.push(piece);
            expect(queue.length).toBe(bytes.length);
            let at = 0;
            for (const take of takes) {
              const n = Math.min(take, queue.length);
              expect(queue.peek(n)).toEqual(bytes.subarray(at, at + n));
              expect(queue.take(n)).toEqual(bytes.subarray(at, at + n));
              at += n;
              expect(queue.length).toBe(bytes.length - at);
            }
            expect(queue.peek(queue.length)).toEqual(bytes.subarray(at));
          },
        ),
        params,
      );
    },
    PROPERTY_TIMEOUT_MS,
  );
});
