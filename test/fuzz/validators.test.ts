import fc from 'fast-check';
import { detectPaste, validate, VALIDATOR_KINDS } from '../../src/kb';
import { bounded, params, PROPERTY_TIMEOUT_MS, text } from './fuzz';

/** Pieces of the four pastes: registry values, `reg query` lines, rpcdump output, Event Viewer entries. */
const PIECES = [
  ' ',
  '\n',
  '\r\n',
  '\t',
  ';',
  ':',
  ',',
  '-',
  '*',
  '"',
  "'",
  '\\0',
  'EX01',
  'ex01.contoso.local',
  '10.0.0.5',
  '6001',
  '6002',
  '6004',
  '6001-6002',
  '99999',
  '::1',
  'ValidPorts',
  '    REG_SZ    ',
  'REG_MULTI_SZ',
  'HKEY_LOCAL_MACHINE\\SOFTWARE',
  'NSPI interface protocol sequences',
  'ncacn_http',
  'ncacn_ip_tcp',
  'ncacn_htp',
  '[6001]',
  '[a4f1db00-ca47-1067-b31f-00dd010662da]',
  'ncacn_http(',
  'UUID: ',
  'Protocol: ',
  'Bindings:',
  'Event ID: ',
  'Source: ',
  'RPC Proxy',
  'Schannel',
  '36888',
  'Description: ',
  'ValidPorts could not be parsed',
  'World Wide Web Publishing',
  '2',
  '7031',
  'a.',
  '1.1.1.',
];

/** Line and column of `offset` counted the slow, obvious way. */
function expected(input: string, offset: number): { line: number; column: number } {
  const before = input.slice(0, offset);
  return { line: before.split('\n').length, column: offset - before.lastIndexOf('\n') };
}

describe('validators (fuzz)', () => {
  it(
    'every reported position lies inside the input, with its line and column',
    () => {
      fc.assert(
        fc.property(text(PIECES), fc.constantFrom(...VALIDATOR_KINDS), (input, kind) => {
          const result = bounded(() => validate(kind, input));
          expect(result.findings.length).toBeGreaterThan(0);
          expect(result.valid).toBe(
            result.findings.every((f) => f.severity === 'ok' || f.severity === 'info'),
          );
          for (const finding of result.findings) {
            expect(finding.code.startsWith(`${kind}.`)).toBe(true);
            const position = finding.evidence?.['position'] as
              { offset: number; line: number; column: number } | undefined;
            if (position === undefined) continue;
            expect(position.offset).toBeGreaterThanOrEqual(0);
            expect(position.offset).toBeLessThanOrEqual(input.length);
            expect({ line: position.line, column: position.column }).toEqual(
              expected(input, position.offset),
            );
          }
        }),
        params,
      );
    },
    PROPERTY_TIMEOUT_MS,
  );

  it(
    'paste detection names a validator or nothing, and never throws',
    () => {
      fc.assert(
        fc.property(text(PIECES), (input) => {
          const kind = bounded(() => detectPaste(input));
          if (kind !== undefined) expect(VALIDATOR_KINDS).toContain(kind);
        }),
        params,
      );
    },
    PROPERTY_TIMEOUT_MS,
  );
});
