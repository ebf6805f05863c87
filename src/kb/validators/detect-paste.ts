import type { ValidatorKind } from '../schema';
import { looksLikeEvent } from './event';
import { looksLikeRpcdump } from './rpcdump';
import { trimEndOf, trimStartOf } from '../../core/trim';

/** A paste recognised in a message: which validator reads it, and the value itself without the words around it. */
export interface Paste {
  kind: ValidatorKind;
  value: string;
}

const NAME_CHAR = /[\w.*-]/;
const PORTS = /^\d{1,5}(?:-\d{1,5})?$/;
const SEPARATOR = ';,:';

/** A run of ValidPorts-like names and separators, read once; `starts[i]` is where `names[i]` begins. */
interface Chain {
  names: string[];
  starts: number[];
  /** The separator before `names[i + 1]`, white space trimmed. */
  separators: string[];
  end: number;
}

/**
 * The chain starting at `at`: `name`, then (white space, a separator, white space, name) as long as they follow.
 * A separator with no name after it (a trailing `;`) ends the chain and belongs to it. Linear in what it reads.
 */
function readChain(text: string, at: number): Chain {
  const chain: Chain = { names: [], starts: [], separators: [], end: at };
  let position = at;
  for (;;) {
    const start = position;
    while (position < text.length && NAME_CHAR.test(text[position] ?? '')) position++;
    if (position === start) break;
    chain.names.push(text.slice(start, position));
    chain.starts.push(start);
    chain.end = position;
    let next = position;
    while (next < text.length && /[ \t]/.test(text[next] ?? '')) next++;
    const separator = text[next] ?? 'x';
    if (!SEPARATOR.includes(separator)) break;
    next++;
    // A trailing `;` right after the last name is part of the value as Exchange writes it.
    if (next === position + 1) chain.end = next;
    while (next < text.length && /[ \t]/.test(text[next] ?? '')) next++;
    chain.separators.push(separator);
    position = next;
  }
  return chain;
}

/**
 * A bare ValidPorts value: `name:ports` then one or more `;` (or `,` `:`) separated names, each optionally with
 * `:ports`, and an optional trailing `;`. The regex this replaces
 * (/^[\w.*-]+[:;]\d{1,5}(?:-\d{1,5})?(?:\s*[;,:]\s*[\w.*-]+(?:[:;]\d{1,5}(?:-\d{1,5})?)?)+;?$/) could split
 * `1:1:1:…` in exponentially many ways before failing. Read as names and separators instead: a port is also a
 * name, so after the first entry any separated name fits.
 */
function isBareValidPorts(text: string): boolean {
  const body = text.endsWith(';') ? text.slice(0, -1) : text;
  const names: string[] = [];
  const separators: string[] = [];
  let at = 0;
  for (;;) {
    const start = at;
    while (at < body.length && NAME_CHAR.test(body[at] ?? '')) at++;
    if (at === start) return false;
    names.push(body.slice(start, at));
    if (at === body.length) break;
    const separatorStart = at;
    while (at < body.length && /\s/.test(body[at] ?? '')) at++;
    if (!SEPARATOR.includes(body[at] ?? 'x')) return false;
    at++;
    while (at < body.length && /\s/.test(body[at] ?? '')) at++;
    separators.push(body.slice(separatorStart, at));
  }
  return names.length >= 3 && (separators[0] === ':' || separators[0] === ';') && PORTS.test(names[1] ?? '');
}

/**
 * A ValidPorts value inside a line of prose ("is this right? EX01:6001-6002;EX01;6004"): a chain whose entry
 * names a server (a letter in it) and whose ports are real ones (three digits or more), at least two of them,
 * so "meeting at 10:30; see you" and "mail:443; thanks" stay prose. Each chain is read once.
 */
function embeddedValidPorts(line: string): string | undefined {
  for (let at = 0; at < line.length;) {
    if (!NAME_CHAR.test(line[at] ?? '') || (at > 0 && NAME_CHAR.test(line[at - 1] ?? ''))) {
      at++;
      continue;
    }
    const chain = readChain(line, at);
    const { names, separators } = chain;
    const isPort = (i: number): boolean =>
      PORTS.test(names[i] ?? '') && (separators[i - 1] === ':' || separators[i - 1] === ';');
    // Ports from each name on, counted from the end: one pass.
    const portsFrom = new Array<number>(names.length + 1).fill(0);
    for (let i = names.length - 1; i >= 0; i--) portsFrom[i] = (portsFrom[i + 1] ?? 0) + (isPort(i) ? 1 : 0);
    for (let k = 0; k + 2 < names.length; k++) {
      const first = names[k + 1] ?? '';
      if (
        /[a-z]/i.test(names[k] ?? '') &&
        (separators[k] === ':' || separators[k] === ';') &&
        PORTS.test(first) &&
        /^\d{3}/.test(first) &&
        (portsFrom[k + 1] ?? 0) >= 2
      )
        return line.slice(chain.starts[k], chain.end);
    }
    at = Math.max(chain.end, at + 1);
  }
  return undefined;
}

/**
 * Where `name:port` (two to five digits, the name starting on a word boundary) begins after offset `from`, as
 * /\b[\w.-]+[:;]\d{2,5}/ would find it, in one pass: that regex, after `ValidPorts.*`, was quadratic on a
 * long run of name characters. Each `:` or `;` before two digits is checked once against the run before it.
 */
function portAfter(text: string, from: number): number | undefined {
  const separator = /[:;]\d\d/g;
  separator.lastIndex = from;
  for (let match = separator.exec(text); match; match = separator.exec(text)) {
    // The run of name characters before the separator, not before `from`; a word boundary in it.
    let start = match.index;
    while (start > from && /[\w.-]/.test(text[start - 1] ?? '')) start--;
    if (start === match.index) continue;
    const wordBefore = /\w/.test(text[start - 1] ?? '');
    for (let at = start; at < match.index; at++) {
      const word = /\w/.test(text[at] ?? '');
      if (word !== (at === start ? wordBefore : /\w/.test(text[at - 1] ?? ''))) return at;
    }
  }
  return undefined;
}

/**
 * The value from `at` to the end of its line, without the prose after it ("EX01:6004 is that right?" → the
 * value): trailing words with neither a digit nor a separator, then sentence punctuation, come off.
 */
function valueFrom(text: string, at: number): string {
  const newline = text.indexOf('\n', at);
  const words = text
    .slice(at, newline < 0 ? text.length : newline)
    .trimEnd()
    .split(/(\s+)/);
  while (words.length > 1 && !/[\d:;]/.test(words[words.length - 1] ?? '')) words.splice(-2, 2);
  return trimEndOf(words.join(''), '.?!,)');
}

const NSPI_NAME = /NSPI interface protocol sequences/i;
/**
 * One line of the NSPI value, trimmed: `ncacn_http:6004`, with the mistakes its validator names (spaces, `;`).
 * No two `\s*` meet across an optional part, so a line of spaces is read once, not once per start (spec §11).
 */
const NSPI_LINE = /^nca[a-z]+_[a-z_]+(?:\s*[:;])?\s*\d*$/i;
const NSPI_TOKEN = /^nca[a-z]+_[a-z]+[:;]\d{1,5}$/i;

function nspiValue(text: string): string | undefined {
  const named = NSPI_NAME.exec(text);
  if (named) {
    if (/REG_MULTI_SZ/i.test(text)) return text;
    // "NSPI interface protocol sequences: ncacn_http:6004": what follows the name, when it is a value.
    const rest = text.slice(named.index + named[0].length).replace(/^[\s:=]*/, '');
    return /^["']?(?:nca|\d)/i.test(rest) ? rest.trimEnd() : undefined;
  }
  const lines = text.split('\n').filter((line) => line.trim() !== '');
  if (lines.length > 0 && lines.every((line) => NSPI_LINE.test(line.trim()))) return text.trim();
  const tokens = text
    .split(/\s+/)
    .map((token) => trimEndOf(trimStartOf(token, `"'(`), `"'.,?!)`))
    .filter((token) => NSPI_TOKEN.test(token));
  return tokens.length > 0 ? tokens.join('\n') : undefined;
}

/**
 * Which validator a pasted blob is for, and the value to give it, so the bot can run it without being told:
 * undefined for prose. `text` is what the user typed (Slack's links and code fences already off): a value with
 * a lead-in ("is this right? …") or after its name ("ValidPorts = …") is found and cut out.
 */
export function findPaste(text: string): Paste | undefined {
  if (looksLikeEvent(text)) return { kind: 'event', value: text };
  const nspi = nspiValue(text);
  if (NSPI_NAME.test(text)) return nspi === undefined ? undefined : { kind: 'nspi', value: nspi };
  if (looksLikeRpcdump(text) && /\[\d+\]/.test(text)) return { kind: 'rpcdump', value: text };
  const named = /\bValidPorts\b/i.exec(text);
  if (named) {
    if (/ValidPorts\s+REG_SZ\s/i.test(text)) return { kind: 'validports', value: text };
    const at = portAfter(text, named.index + named[0].length);
    if (at !== undefined) return { kind: 'validports', value: valueFrom(text, at) };
  }
  const bare = text.trim();
  if (isBareValidPorts(bare)) return { kind: 'validports', value: bare };
  if (nspi !== undefined) return { kind: 'nspi', value: nspi };
  for (const line of text.split('\n')) {
    const value = embeddedValidPorts(line);
    if (value !== undefined) return { kind: 'validports', value };
  }
  return undefined;
}

/** Which validator a pasted blob is for; undefined for prose. */
export function detectPaste(text: string): ValidatorKind | undefined {
  return findPaste(text)?.kind;
}

/**
 * The value to validate when the kind was named (`validate nspi NSPI interface protocol sequences: …`): the
 * paste cut out when one of that kind is found, else the text as given, which the validator then judges.
 */
export function pasteValue(kind: ValidatorKind, text: string): string {
  const found = findPaste(text);
  return found?.kind === kind ? found.value : text;
}
