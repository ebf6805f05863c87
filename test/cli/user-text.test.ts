import {
  QUOTE_LENGTH,
  quoteUserText,
  terminalSafe,
  terminalSafeKeepingColour,
} from '../../src/cli/user-text';

describe('quoting user text in a terminal message', () => {
  it('cuts long text to its first characters and marks the cut', () => {
    expect(quoteUserText('a'.repeat(50000))).toBe(`${'a'.repeat(QUOTE_LENGTH)}…`);
    expect(quoteUserText('a'.repeat(QUOTE_LENGTH))).toBe('a'.repeat(QUOTE_LENGTH));
    expect(quoteUserText('cert.expired')).toBe('cert.expired');
    // Characters, not UTF-16 halves: an emoji at the edge stays whole.
    expect(quoteUserText('🔒'.repeat(100))).toBe(`${'🔒'.repeat(QUOTE_LENGTH)}…`);
  });

  it('writes control characters as escapes, so no escape sequence reaches the terminal', () => {
    expect(quoteUserText('cert\u001b[31mexpired')).toBe('cert\\x1b[31mexpired');
    expect(quoteUserText('a\nb\rc\td\u0007e\u009bf\u007f')).toBe('a\\nb\\rc\\td\\x07e\\x9bf\\x7f');
    // A right-to-left override would show the text reversed.
    expect(quoteUserText('abc\u202edef')).toBe('abc\\u202edef');
    for (const text of [quoteUserText('\u001b]0;title\u0007'.repeat(40)), terminalSafe('x\u001b[2Jy')])
      // eslint-disable-next-line no-control-regex -- control characters are what must not be there
      expect(text).not.toMatch(/[\u0000-\u0009\u000b-\u001f\u007f-\u009f]/);
  });

  it('keeps the lines of a whole message but makes the rest inert', () => {
    expect(terminalSafe('rpccheck: one\ntwo\u001b[0m')).toBe('rpccheck: one\ntwo\\x1b[0m');
    // Escaping twice changes nothing more: the output holds no control character to escape.
    expect(terminalSafe(quoteUserText('\u001b'))).toBe('\\x1b');
  });

  it('keeps our colours in a report but makes what a server sent inert, and JSON still parses to the same', () => {
    const red = (text: string) => `\u001b[1;31m${text}\u001b[0m`;
    expect(terminalSafeKeepingColour(`${red('CRITICAL')} NTLM name EVIL\u001b]0;t\u0007\n`)).toBe(
      `${red('CRITICAL')} NTLM name EVIL\\u001b]0;t\\u0007\n`,
    );
    // A cursor move or screen clear is not a colour: escaped.
    expect(terminalSafeKeepingColour('a\u001b[2Jb\u001b[1Ac')).toBe('a\\u001b[2Jb\\u001b[1Ac');
    // Nor is any colour textStyle does not write: conceal, or black on black, would hide the report.
    expect(terminalSafeKeepingColour('a\u001b[8mb\u001b[30;40mc\u001b[1;31md')).toBe(
      'a\\u001b[8mb\\u001b[30;40mc\u001b[1;31md',
    );
    const value = { issuer: 'CA\u0085\u009b\u202e\u007f\u001b', n: 1 };
    const printed = terminalSafeKeepingColour(JSON.stringify(value, null, 2));
    expect(JSON.parse(printed)).toEqual(value);
    // eslint-disable-next-line no-control-regex -- control characters are what must not be there
    expect(printed).not.toMatch(/[\u0000-\u0009\u000b-\u001f\u007f-\u009f\u202e]/);
  });
});
