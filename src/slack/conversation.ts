import { MAX_CHAT_CHARS, tooLongMessage } from '../core/input-limits';
import { type AutodiscoverTarget, parseAutodiscoverTarget } from '../core/mailbox';
import { parseChatTarget, TARGET_OPTION, type Target } from '../core/target';
import { isFindingCode } from '../findings/catalog';
import { detectPaste, type KnowledgeBase, type ValidatorKind } from '../kb';
import type { KbMatch } from '../kb';

/** What a mention or DM is about, decided from its text alone (pure). */
export type Intent =
  | { kind: 'secret' }
  /** `matches`: what the rest of the message describes, answered once the report is in (empty: a bare check). */
  | { kind: 'check'; target: Target; matches: KbMatch[] }
  | { kind: 'autodiscover'; target: AutodiscoverTarget }
  | { kind: 'refused-target'; reason: string }
  | { kind: 'validate'; validator: ValidatorKind }
  | { kind: 'answer'; matches: KbMatch[] }
  | { kind: 'did-you-mean'; matches: KbMatch[] }
  | { kind: 'help' }
  /** Longer than any Slack message: nothing was read (spec §11). */
  | { kind: 'too-long'; reason: string };

const PASSWORD_FIELD = /\b(?:password|passwd|pwd|kennwort)\s*[:=]\s*\S+/i;
/** Slack escapes `<` in what users type, so a mention's label never holds one; excluding it keeps this linear. */
const BOT_MENTION = /<@[A-Z0-9]+(?:\|[^<>]*)?>/g;
const USERINFO_CHAR = /[^\s:/@<>]/;

/**
 * `password: x`, or `user:password@host` as /\b[^\s:/@<>]+:[^\s:/@<>]+@[a-z0-9.-]+\b/i found it. That regex
 * rescanned the text after every word boundary (quadratic on `a.a.a.…`); here each `@` is checked once: the
 * run before it must follow a `:`, the run before that must hold a word character (the boundary), and a host
 * must follow.
 */
/** Slack's link for an address; no `<` inside, so a failed match never rescans the text after it. */
const MAILTO_LINK = /<mailto:[^|<>\s]+(?:\|[^<>\s]*)?>/gi;

function looksLikeSecret(text: string): boolean {
  if (PASSWORD_FIELD.test(text)) return true;
  const host = /[a-z0-9.-]+\b/iy;
  for (let at = text.indexOf('@'); at >= 0; at = text.indexOf('@', at + 1)) {
    let colon = at;
    while (colon > 0 && USERINFO_CHAR.test(text[colon - 1] ?? '')) colon--;
    if (colon === at || text[colon - 1] !== ':') continue;
    let user = colon - 1;
    let word = false;
    while (user > 0 && USERINFO_CHAR.test(text[user - 1] ?? '')) {
      user--;
      word ||= /\w/.test(text[user] ?? '');
    }
    host.lastIndex = at + 1;
    if (word && host.test(text)) return true;
  }
  return false;
}

/** Strips trailing punctuation (`?!,;)` and more) in one pass; /[?!,;)]+$/ retried from every character. */
function trimTrailing(token: string, characters: string): string {
  let end = token.length;
  while (end > 0 && characters.includes(token[end - 1] ?? '')) end--;
  return token.slice(0, end);
}
const FILE_LIKE = /\.(?:dll|htm|html|exe|aspx|txt|log|csv|yaml|json)$/i;

/** A token that names a host: Slack's auto-link, an IP, or a dotted name with a letter TLD (not a finding code). */
function hostToken(text: string): string | undefined {
  const tokens = text.split(/\s+/).filter(Boolean);
  for (let i = 0; i < tokens.length; i++) {
    const token = trimTrailing(tokens[i] ?? '', '?!,;)');
    const linked = /^<https?:\/\/[^>]+>$/.test(token);
    const bare = /^\[?[0-9a-f:.]+\]?(?::\d+)?$/i.test(token) && /\d/.test(token) && /[.:]/.test(token);
    const name =
      /^(?:https?:\/\/)?[a-z0-9-]+(?:\.[a-z0-9-]+)*\.[a-z]{2,}(?::\d+)?(?:\/\S*)?$/i.test(token) &&
      !isFindingCode(token) &&
      !FILE_LIKE.test(token);
    if (!linked && !bare && !name) continue;
    // `via 10.0.0.5` and `backend EX01` pairs right after the host belong to it, as in /rpccheck.
    const options: string[] = [];
    // A keyword without its value is kept, so the target parser refuses it instead of dropping it silently.
    for (let j = i + 1; j < tokens.length && TARGET_OPTION.test(tokens[j] ?? ''); j += 2)
      options.push([tokens[j], trimTrailing(tokens[j + 1] ?? '', '?!,;.)')].join(' ').trim());
    return [token, ...options].join(' ');
  }
  return undefined;
}

/**
 * An e-mail address anywhere ("can you check alice@contoso.com"), or the word autodiscover with a domain
 * ("autodiscover for contoso.com"): what to walk Autodiscover for. Token by token, so linear in the text.
 */
function autodiscoverRequest(text: string): string | undefined {
  const tokens = text.split(/\s+/).map((t) => trimTrailing(t, '?!,;.)'));
  const email = tokens.find(
    (t) => /^<mailto:[^|>]+(?:\|[^>]*)?>$/i.test(t) || /^[^\s@<>:/]+@[^\s@<>:/]+\.[a-z]{2,}$/i.test(t),
  );
  if (email !== undefined) return email;
  if (!tokens.some((t) => t.toLowerCase() === 'autodiscover')) return undefined;
  const rest = tokens.filter((t) => t.toLowerCase() !== 'autodiscover').join(' ');
  const host = hostToken(rest);
  return host?.split(' ')[0];
}

export function cleanMention(text: string): string {
  return text.replace(BOT_MENTION, '').trim();
}

/** Scores this close to the best are as good a guess: ask instead of answering. */
const AMBIGUOUS_RATIO = 0.85;

export function decideIntent(rawText: string, kb: KnowledgeBase): Intent {
  const text = cleanMention(rawText);
  if (text.length > MAX_CHAT_CHARS)
    return { kind: 'too-long', reason: tooLongMessage('message', text.length, MAX_CHAT_CHARS) };
  if (text === '' || /^(?:help|hi|hello|hey)\b/i.test(text)) return { kind: 'help' };
  // Slack links every address as <mailto:a@b|a@b>, which would look like user:password@host.
  if (looksLikeSecret(text.replace(MAILTO_LINK, 'an-address'))) return { kind: 'secret' };
  const paste = detectPaste(text);
  if (paste) return { kind: 'validate', validator: paste };
  const autodiscover = autodiscoverRequest(text);
  if (autodiscover !== undefined) {
    const parsed = parseAutodiscoverTarget(autodiscover);
    return parsed.ok
      ? { kind: 'autodiscover', target: parsed.target }
      : { kind: 'refused-target', reason: parsed.reason };
  }
  const host = hostToken(text.replace(/^check\s+/i, ''));
  if (host !== undefined) {
    const parsed = parseChatTarget(host);
    return parsed.ok
      ? { kind: 'check', target: parsed.target, matches: [] }
      : { kind: 'refused-target', reason: parsed.reason };
  }
  const matches = kb.match(text, 5);
  const [best, second] = matches;
  if (!best) return { kind: 'help' };
  if (second && second.score >= best.score * AMBIGUOUS_RATIO && !isFindingCode(text.trim()))
    return { kind: 'did-you-mean', matches: matches.slice(0, 3) };
  return { kind: 'answer', matches };
}
