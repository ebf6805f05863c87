/**
 * Text a user typed, shown inside one of our terminal messages: a pasted 50,000-character query or an escape
 * sequence (`cert\x1b[31mexpired`) must neither flood the terminal nor act on it.
 */

/** Characters a terminal acts on rather than shows: C0 and C1 controls, DEL, and bidirectional overrides. */
// eslint-disable-next-line no-control-regex -- control characters are exactly what this finds
const UNSAFE = /[\u0000-\u001f\u007f-\u009f\u200e\u200f\u202a-\u202e\u2066-\u2069]/g;
// eslint-disable-next-line no-control-regex -- the same, newline aside
const UNSAFE_BUT_NEWLINE = /[\u0000-\u0009\u000b-\u001f\u007f-\u009f\u200e\u200f\u202a-\u202e\u2066-\u2069]/g;

const NAMED: Readonly<Record<string, string>> = { '\n': '\\n', '\r': '\\r', '\t': '\\t' };

function escaped(char: string): string {
  const named = NAMED[char];
  if (named !== undefined) return named;
  const code = char.charCodeAt(0);
  return code < 0x100
    ? `\\x${code.toString(16).padStart(2, '0')}`
    : `\\u${code.toString(16).padStart(4, '0')}`;
}

/** How much of a user's text a message quotes. */
export const QUOTE_LENGTH = 80;

/**
 * User text for quoting in a one-line message: at most `max` characters (then `…`), every control character
 * written as an escape (`\x1b`, `\n`), so what is printed is inert and on one line.
 */
export function quoteUserText(text: string, max = QUOTE_LENGTH): string {
  // Code points, so an emoji is not cut in half; only the part that can be shown is split.
  const head = Array.from(text.slice(0, 2 * max + 2));
  const cut = head.length > max ? `${head.slice(0, max).join('')}…` : text;
  return cut.replace(UNSAFE, escaped);
}

/** A whole message (ours, but it may carry user text from deeper down) made inert; lines stay lines. */
export function terminalSafe(text: string): string {
  return text.replace(UNSAFE_BUT_NEWLINE, escaped);
}

/**
 * The exact sequences textStyle writes (bold, dim, reset, bold + a severity colour), and any other character a
 * terminal acts on. Only these stay: a server's `ESC[8m` (conceal) or black on black would hide the report.
 */
const COLOUR_OR_UNSAFE =
  // eslint-disable-next-line no-control-regex -- escape sequences and control characters are what this finds
  /\u001b\[(?:[012]|1;3[1236])m|[\u0000-\u0009\u000b-\u001f\u007f-\u009f\u200e\u200f\u202a-\u202e\u2066-\u2069]/g;

/**
 * A report for the terminal: server-given text in it (an NTLM name, a header, a certificate's issuer) is made
 * inert like terminalSafe, but textStyle's own sequences stay. A server can at most bold or colour its own words
 * with those; it cannot conceal text, move the cursor, retitle the window or hide a line.
 */
export function terminalSafeKeepingColour(text: string): string {
  return text.replace(COLOUR_OR_UNSAFE, (match) => (match.length > 1 ? match : jsonEscaped(match)));
}

/**
 * `\u0085`, `\u202e`, `\t`: escapes JSON reads as the same character, so `--json` output, which goes through here
 * too, stays valid and means the same (JSON.stringify already escaped the C0 controls inside its strings).
 */
function jsonEscaped(char: string): string {
  return NAMED[char] ?? `\\u${char.charCodeAt(0).toString(16).padStart(4, '0')}`;
}
