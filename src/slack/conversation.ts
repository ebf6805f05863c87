import { type AutodiscoverTarget, parseAutodiscoverTarget } from '../core/mailbox';
import { parseChatTarget, TARGET_OPTION, type Target } from '../core/target';
import { isFindingCode } from '../findings/catalog';
import { detectPaste, type KnowledgeBase, type ValidatorKind } from '../kb';
import type { KbMatch } from '../kb';

/** What a mention or DM is about, decided from its text alone (pure). */
export type Intent =
  | { kind: 'secret' }
  | { kind: 'check'; target: Target }
  | { kind: 'autodiscover'; target: AutodiscoverTarget }
  | { kind: 'refused-target'; reason: string }
  | { kind: 'validate'; validator: ValidatorKind }
  | { kind: 'answer'; matches: KbMatch[] }
  | { kind: 'did-you-mean'; matches: KbMatch[] }
  | { kind: 'help' };

const SECRET = /\b(?:password|passwd|pwd|kennwort)\s*[:=]\s*\S+|\b[^\s:/@<>]+:[^\s:/@<>]+@[a-z0-9.-]+\b/i;
const BOT_MENTION = /<@[A-Z0-9]+(?:\|[^>]*)?>/g;
const FILE_LIKE = /\.(?:dll|htm|html|exe|aspx|txt|log|csv|yaml|json)$/i;

/** A token that names a host: Slack's auto-link, an IP, or a dotted name with a letter TLD (not a finding code). */
function hostToken(text: string): string | undefined {
  const tokens = text.split(/\s+/).filter(Boolean);
  for (let i = 0; i < tokens.length; i++) {
    const token = (tokens[i] ?? '').replace(/[?!,;)]+$/, '');
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
      options.push([tokens[j], (tokens[j + 1] ?? '').replace(/[?!,;.)]+$/, '')].join(' ').trim());
    return [token, ...options].join(' ');
  }
  return undefined;
}

/**
 * An e-mail address anywhere ("can you check alice@contoso.com"), or the word autodiscover with a domain
 * ("autodiscover for contoso.com"): what to walk Autodiscover for. Token by token, so linear in the text.
 */
function autodiscoverRequest(text: string): string | undefined {
  const tokens = text.split(/\s+/).map((t) => t.replace(/[?!,;.)]+$/, ''));
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
  if (text === '' || /^(?:help|hi|hello|hey)\b/i.test(text)) return { kind: 'help' };
  // Slack links every address as <mailto:a@b|a@b>, which would look like user:password@host.
  if (SECRET.test(text.replace(/<mailto:[^|>\s]+(?:\|[^>]*)?>/gi, 'an-address'))) return { kind: 'secret' };
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
      ? { kind: 'check', target: parsed.target }
      : { kind: 'refused-target', reason: parsed.reason };
  }
  const matches = kb.match(text, 5);
  const [best, second] = matches;
  if (!best) return { kind: 'help' };
  if (second && second.score >= best.score * AMBIGUOUS_RATIO && !isFindingCode(text.trim()))
    return { kind: 'did-you-mean', matches: matches.slice(0, 3) };
  return { kind: 'answer', matches };
}
