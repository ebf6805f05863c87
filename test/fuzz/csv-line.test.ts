import fc from 'fast-check';
import { splitCsvLine } from '../../src/reminders/csv-line';
import { bounded, params, PROPERTY_TIMEOUT_MS, soup } from './fuzz';

/** A field as RFC 4180 writes it: quoted when it holds a comma, a quote or edge spaces (as Excel does). */
const encode = (field: string): string =>
  /[",]|^\s|\s$/.test(field) ? `"${field.replace(/"/g, '""')}"` : field;

// Import lines come from outside: one line each, any characters but line breaks.
const field = fc.string({ maxLength: 20 }).filter((text) => !/[\r\n]/.test(text));

describe('splitCsvLine (watch import), by property', () => {
  it(
    'reads back any fields written as RFC 4180 CSV',
    () => {
      fc.assert(
        fc.property(fc.array(field, { minLength: 1, maxLength: 6 }), (fields) => {
          const line = fields.map(encode).join(',');
          expect(bounded(() => splitCsvLine(line))).toEqual(fields);
        }),
        params,
      );
    },
    PROPERTY_TIMEOUT_MS,
  );

  it(
    'any line gives fields or a reason, never throws, within the CPU bound',
    () => {
      fc.assert(
        fc.property(soup(['"', '""', ',', ' ', 'mail.contoso.com', '30 14']), (line) => {
          const result = bounded(() => splitCsvLine(line));
          if (Array.isArray(result)) expect(result.length).toBeGreaterThan(0);
          else expect(result.reason).toMatch(/quote/);
        }),
        params,
      );
    },
    PROPERTY_TIMEOUT_MS,
  );
});
