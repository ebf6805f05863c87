import fc from 'fast-check';
import { knowledgeBase } from '../../src/kb';
import { bounded, params, PROPERTY_TIMEOUT_MS, text } from './fuzz';

const PIECES = [
  ' ',
  '\n',
  '.',
  '-',
  '_',
  ':',
  'outlook',
  'password',
  'prompt',
  'certificate',
  'certifcate',
  'expired',
  'proxy',
  'rpc',
  'over',
  'http',
  '403.2',
  '0x6ba',
  '6004',
  'ncacn_http:6004',
  'cert.expired',
  'tls.ok',
  'tls.handshake_failed',
  '0x80090322',
  '-2146893022',
  '80090322',
  '2148074274',
  'target principal name is incorrect',
  'ValidPorts',
  'Event ID 2',
  'a.',
  '1.1.1.',
  'x'.repeat(60),
  'é',
  '🙂',
];

describe('knowledge-base matching (fuzz)', () => {
  const kb = knowledgeBase();

  it(
    'never throws; at most the limit, best first, every id an entry',
    () => {
      fc.assert(
        fc.property(text(PIECES), fc.integer({ min: 1, max: 8 }), (query, limit) => {
          const matches = bounded(() => kb.match(query, limit));
          expect(matches.length).toBeLessThanOrEqual(limit);
          for (let i = 1; i < matches.length; i++)
            expect(matches[i - 1]?.score).toBeGreaterThanOrEqual(matches[i]?.score ?? 0);
          for (const match of matches) expect(kb.get(match.id)?.title).toBe(match.title);
        }),
        params,
      );
    },
    PROPERTY_TIMEOUT_MS,
  );

  it(
    'explain never throws, and answers a finding code only when the question is exactly one',
    () => {
      fc.assert(
        fc.property(text(PIECES), (query) => {
          const { matches, finding } = bounded(() => kb.explain(query));
          expect(matches.length).toBeLessThanOrEqual(5);
          if (finding) expect(finding.code).toBe(query.trim().toLowerCase());
        }),
        params,
      );
    },
    PROPERTY_TIMEOUT_MS,
  );
});
