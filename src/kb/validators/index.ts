import { MAX_PASTE_CHARS, tooLongMessage } from '../../core/input-limits';
import type { Finding } from '../../core/report';
import type { ValidatorKind } from '../schema';
import { looksLikeEvent, validateEvent } from './event';
import { validateNspi } from './nspi';
import { looksLikeRpcdump, validateRpcdump } from './rpcdump';
import { issue, type ValidationResult } from './validator-findings';
import { validateValidPorts } from './validports';

const VALIDATORS: Record<ValidatorKind, (text: string) => Finding[]> = {
  validports: validateValidPorts,
  nspi: validateNspi,
  rpcdump: validateRpcdump,
  event: validateEvent,
};

export const VALIDATOR_KINDS = Object.keys(VALIDATORS) as ValidatorKind[];

export function isValidatorKind(kind: string): kind is ValidatorKind {
  return Object.hasOwn(VALIDATORS, kind);
}

/** Runs one validator; `valid` means no warning and no error. Text over MAX_PASTE_CHARS is refused whole. */
export function validate(kind: ValidatorKind, text: string): ValidationResult {
  if (text.length > MAX_PASTE_CHARS)
    return {
      kind,
      valid: false,
      findings: [
        issue(`${kind}.too_long`, 'critical', {
          title: tooLongMessage('paste', text.length, MAX_PASTE_CHARS),
          detail:
            'Nothing was read: a value this long is not a registry value or an event, and checking part of it would miss the rest.',
        }),
      ],
    };
  const findings = VALIDATORS[kind](text);
  return { kind, valid: findings.every((f) => f.severity === 'ok' || f.severity === 'info'), findings };
}

const NAME_CHAR = /[\w.*-]/;
const PORTS = /^\d{1,5}(?:-\d{1,5})?$/;

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
    if (!';,:'.includes(body[at] ?? 'x')) return false;
    at++;
    while (at < body.length && /\s/.test(body[at] ?? '')) at++;
    separators.push(body.slice(separatorStart, at));
  }
  return names.length >= 3 && (separators[0] === ':' || separators[0] === ';') && PORTS.test(names[1] ?? '');
}

/**
 * Whether `name:port` (two to five digits, the name starting on a word boundary) follows offset `from`, as
 * /\b[\w.-]+[:;]\d{2,5}/ would find it, in one pass: that regex, after `ValidPorts.*`, was quadratic on a
 * long run of name characters. Each `:` or `;` before two digits is checked once against the run before it.
 */
function hasPortAfter(text: string, from: number): boolean {
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
      if (word !== (at === start ? wordBefore : /\w/.test(text[at - 1] ?? ''))) return true;
    }
  }
  return false;
}

/** Which validator a pasted blob is for, so the bot can run it without being told; undefined for prose. */
export function detectPaste(text: string): ValidatorKind | undefined {
  if (looksLikeEvent(text)) return 'event';
  if (/NSPI interface protocol sequences/i.test(text)) return 'nspi';
  if (looksLikeRpcdump(text) && /\[\d+\]/.test(text)) return 'rpcdump';
  const named = /\bValidPorts\b/i.exec(text);
  if (named && hasPortAfter(text, named.index + named[0].length)) return 'validports';
  const bare = text.trim();
  if (isBareValidPorts(bare)) return 'validports';
  if (/^nca[a-z]+_[a-z]+\s*(?:[:;]\s*)?\d*$/i.test(bare)) return 'nspi';
  return undefined;
}
