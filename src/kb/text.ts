import stem from 'wink-porter2-stemmer';
import type { SynonymGroup } from './schema';
import { trimEndOf, trimStartOf } from '../core/trim';

/** Text → search terms, the same way for entries and for what users type. */

const STOPWORDS = new Set(
  (
    'a an and are as at be been but by can could do does did for from had has have how i if in into is it its me my ' +
    'no not of on or our so that the their them then there these they this to too us was we were what when where ' +
    'which while who why will with you your just also get got all any some very again still any please hi hello ' +
    "thanks help anyone know since after before about out up down one two its it's im i'm ive i've dont don't"
  ).split(' '),
);

/** Longest phrases first, so "prompted for credentials" is seen before "prompted". */
export function synonymTable(groups: readonly SynonymGroup[]): [string, string][] {
  return groups
    .flatMap((group) => group.phrases.map((phrase): [string, string] => [phrase.toLowerCase(), group.term]))
    .sort((a, b) => b[0].length - a[0].length);
}

/** Lower-cases, and appends the canonical term of every synonym phrase found on word boundaries. */
export function expandSynonyms(text: string, table: readonly [string, string][]): string {
  const lower = text.toLowerCase().replace(/[\u2018\u2019]/g, "'");
  const added = new Set<string>();
  for (const [phrase, term] of table) {
    if (added.has(term)) continue;
    const at = lower.indexOf(phrase);
    if (at < 0) continue;
    const before = lower[at - 1];
    const after = lower[at + phrase.length];
    if (
      (before === undefined || !/[a-z0-9]/.test(before)) &&
      (after === undefined || !/[a-z0-9]/.test(after))
    )
      added.add(term);
  }
  return added.size > 0 ? `${lower} ${[...added].join(' ')}` : lower;
}

/**
 * Splits on anything but letters, digits, dots, underscores and hyphens, so exact tokens survive whole:
 * `403.2`, `0x6ba`, `cert.expired`, `ncacn_http:6004` (as two), `6001-6002` (also as 6001 and 6002).
 */
export function tokenize(text: string): string[] {
  const tokens: string[] = [];
  for (const raw of text.split(/[^a-z0-9._-]+/i)) {
    const token = trimPunctuation(raw);
    if (token === '') continue;
    tokens.push(token);
    if (/[.\-_]/.test(token) && !/^\d+\.\d+$/.test(token)) {
      for (const part of token.split(/[.\-_]+/)) if (part !== '' && part !== token) tokens.push(part);
    }
  }
  return tokens;
}

/** `._-` off both ends (core/trim.ts: a loop, where /[.\-_]+$/ is retried from every character of a run). */
function trimPunctuation(raw: string): string {
  return trimStartOf(trimEndOf(raw, '._-'), '._-');
}

/**
 * Longer than any word of the knowledge base (the longest is 27 characters): such a token cannot match a stem
 * or a typo of one, and stemming or fuzzy-searching thousands of characters costs up to a tenth of a second.
 */
export const MAX_WORD_LENGTH = 40;

/** A search term, or null to drop it: stopwords go, words are stemmed, tokens with digits stay exact. */
const stems = new Map<string, string | null>();

export function processTerm(term: string): string | null {
  const cached = stems.get(term);
  if (cached !== undefined) return cached;
  const result = computeTerm(term);
  // The vocabulary of entries and questions is small; the cap only guards against pathological input.
  if (stems.size < 50000) stems.set(term, result);
  return result;
}

function computeTerm(term: string): string | null {
  const lower = term.toLowerCase();
  if (STOPWORDS.has(lower)) return null;
  if (/\d/.test(lower) || /[._]/.test(lower)) return lower;
  if (lower.length < 2) return null;
  return lower.length > MAX_WORD_LENGTH ? lower : stem(lower);
}

/**
 * processTerm's results computed ahead, for the knowledge base's own words (the build's table in kb.json): the
 * stemmer's first calls are slow (its regular expressions compile on first use), and starting `rpccheck
 * explain` used to stem every topic anchor (spec §11). The same function made the table, so nothing changes.
 */
export function rememberTerms(table: Readonly<Record<string, string | null>>): void {
  for (const term of Object.keys(table)) if (stems.size < 50000) stems.set(term, table[term] ?? null);
}

/**
 * A Windows error code (HRESULT) in the forms people paste it, as one token: `0x80090322`, `80090322`,
 * `0x000006BA`, and the decimal a log or PowerShell prints, `-2146893022` (signed) or `2148074274`. Each becomes
 * `0x` and its hex digits without leading zeros (`0x80090322`, `0x6ba`), so an entry listing one form matches
 * them all. Bare hex must have eight digits and start with 8 or C (failure HRESULTs and NTSTATUS codes), and
 * decimals ten digits in the 32-bit range with the top bit set: other numbers stay numbers.
 */
const CODE_FORMS = /(?<![\w.-])(0x[0-9a-f]{1,8}|[8c][0-9a-f]{7}|-?\d{10})(?![\w.-])/gi;
const TWO_32 = 2 ** 32;
const TWO_31 = 2 ** 31;

export function errorCodeForms(text: string): string[] {
  const forms: string[] = [];
  for (const [, raw = ''] of text.matchAll(CODE_FORMS)) {
    let value = parseInt(raw.replace(/^0x/i, ''), 16);
    if (/^-?\d{10}$/.test(raw)) {
      value = Number(raw);
      const inRange = value < 0 ? value >= -TWO_31 : value >= TWO_31 && value < TWO_32;
      if (!inRange) continue;
      if (value < 0) value += TWO_32;
    }
    forms.push(`0x${value.toString(16)}`);
  }
  return forms;
}
