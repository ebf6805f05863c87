import fc from 'fast-check';
import { QUOTE_LENGTH, quoteUserText, terminalSafe } from '../../src/cli/user-text';
import { bounded, params, PROPERTY_TIMEOUT_MS, text } from './fuzz';

const PIECES = ['\u001b[31m', '\u001b]0;x\u0007', '\r', '\n', '\t', '\u009b', '\u202e', '🙂', 'é', 'a', ' '];
/** What a terminal acts on: C0 (newline aside in terminalSafe) and C1 controls, DEL, bidirectional overrides. */
// eslint-disable-next-line no-control-regex -- control characters are what must not be there
const UNSAFE = /[\u0000-\u0009\u000b-\u001f\u007f-\u009f\u200e\u200f\u202a-\u202e\u2066-\u2069]/;

describe('quoting user text (fuzz)', () => {
  it(
    'leaves nothing a terminal acts on, keeps a quote on one line and within its length',
    () => {
      fc.assert(
        fc.property(text(PIECES), (input) => {
          const quoted = bounded(() => quoteUserText(input));
          expect(quoted).not.toMatch(UNSAFE);
          expect(quoted).not.toContain('\n');
          // Each shown character is at most six once escaped (\u202e), plus the cut mark.
          expect([...quoted].length).toBeLessThanOrEqual(6 * QUOTE_LENGTH + 1);
          expect(terminalSafe(input)).not.toMatch(UNSAFE);
          // Safe text is left as it is.
          if (!UNSAFE.test(input) && !input.includes('\n') && [...input].length <= QUOTE_LENGTH)
            expect(quoted).toBe(input);
        }),
        params,
      );
    },
    PROPERTY_TIMEOUT_MS,
  );
});
