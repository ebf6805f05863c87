import { MAX_CHAT_CHARS, tooLongMessage } from '../core/input-limits';
import { type AutodiscoverTarget, parseAutodiscoverTarget } from '../core/mailbox';
import { looksLikeHost } from '../core/command-word';
import { parseChatTarget, parseTarget, TARGET_OPTION, type Target } from '../core/target';
import { createTargetPolicy, type TargetPolicy } from '../core/target-policy';
import { refusalWithoutDns } from '../core/target-precheck';
import { isFindingCode } from '../findings/catalog';
import {
  type Explanation,
  findPaste,
  isValidatorKind,
  type KbMatch,
  type KnowledgeBase,
  type ValidatorKind,
} from '../kb';
import { readSlackText } from './chat-text';
import { type ChatToken, chatTokens, TARGET_KINDS } from './chat-tokens';
import { parseTypedCommand, type SlackCommand } from './parse-command';
import { trimEndOf } from '../core/trim';

/** The slash command's watch words, typed in a mention: done as /rpccheck does them, or their usage line. */
export type ChatCommand = Extract<SlackCommand, { kind: 'watch' | 'unwatch' | 'watches' | 'invalid' }>;

/** What a mention or DM is about, decided from its text alone (pure). */
export type Intent =
  | { kind: 'secret' }
  /**
   * `matches`: what the rest of the message describes, answered once the report is in (empty: a bare check).
   * `others`: further hosts the message names, as typed: one host is checked per message, and the reply says so.
   */
  | { kind: 'check'; target: Target; matches: KbMatch[]; others: string[] }
  | { kind: 'autodiscover'; target: AutodiscoverTarget }
  | { kind: 'refused-target'; reason: string }
  /** `value`: the pasted value alone, without the words around it. */
  | { kind: 'validate'; validator: ValidatorKind; value: string }
  /** A finding code (`tls.ok`, `explain cert.expired`): answered as /rpccheck explain answers it. */
  | { kind: 'explain'; code: string; explanation: Explanation }
  | { kind: 'command'; command: ChatCommand }
  | { kind: 'answer'; matches: KbMatch[] }
  | { kind: 'did-you-mean'; matches: KbMatch[] }
  | { kind: 'help' }
  /** "thanks, that fixed it": a short acknowledgement, not the whole help. */
  | { kind: 'thanks' }
  /** Longer than any Slack message: nothing was read (spec §11). */
  | { kind: 'too-long'; reason: string };

const PASSWORD_FIELD = /\b(?:password|passwd|pwd|kennwort)\s*[:=]\s*\S+/i;
const USERINFO_CHAR = /[^\s:/@<>]/;

/**
 * `password: x`, or `user:password@host` as /\b[^\s:/@<>]+:[^\s:/@<>]+@[a-z0-9.-]+\b/i found it. That regex
 * rescanned the text after every word boundary (quadratic on `a.a.a.…`); here each `@` is checked once: the
 * run before it must follow a `:`, the run before that must hold a word character (the boundary), and a host
 * must follow.
 */

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

/**
 * The first token that names something to check, with the `via 10.0.0.5` and `backend EX01` pairs right after
 * it (as in /rpccheck), and the token positions it spans. A keyword without its value is kept, so the target
 * parser refuses it instead of dropping it silently.
 */
function targetMention(
  tokens: readonly ChatToken[],
  skip: (token: ChatToken) => boolean = () => false,
): { text: string; from: number; to: number } | undefined {
  const at = tokens.findIndex((token) => TARGET_KINDS.has(token.kind) && !skip(token));
  const first = tokens[at];
  if (first === undefined) return undefined;
  const parts = [first.text];
  let to = at + 1;
  for (; to < tokens.length && TARGET_OPTION.test(tokens[to]?.text ?? ''); to += 2)
    parts.push([tokens[to]?.text, tokens[to + 1]?.text].filter((t) => t !== undefined).join(' '));
  return { text: parts.join(' '), from: at, to: Math.min(to, tokens.length) };
}

/**
 * An e-mail address anywhere ("can you check alice@contoso.com"), or the word autodiscover with a domain
 * ("autodiscover for contoso.com"): what to walk Autodiscover for. Token by token, so linear in the text.
 */
function autodiscoverRequest(tokens: readonly ChatToken[]): string | undefined {
  const email = tokens.find((t) => t.kind === 'email');
  if (email !== undefined) return email.text;
  const named = (t: ChatToken): boolean => t.text.toLowerCase() === 'autodiscover';
  if (!tokens.some(named)) return undefined;
  return targetMention(tokens, named)?.text.split(' ')[0];
}

/** Scores this close to the best are as good a guess: ask instead of answering, offering only those. */
const AMBIGUOUS_RATIO = 0.85;
const DEFAULT_POLICY = createTargetPolicy();
/** Beside a host, more entries are kept: the report may confirm one the wording alone ranks lower. */
const SYMPTOM_MATCHES = 8;

/**
 * Words that only ask for a check or name what is checked ("check the rpc proxy", "is the exchange server ok"):
 * beside a host they describe no symptom.
 */
const NEUTRAL = new Set(
  (
    'check checked checking chek test testing run rerun look verify status please pls thanks thank ok okay ' +
    'fine right working work works now today again rpc proxy rpcproxy outlook anywhere exchange server front ' +
    'end frontend host url site box hey hi hello can could you ' +
    'is it this that the for me our a an on at of to does do did look looks whats what how'
  ).split(' '),
);

/**
 * The message without its hosts (every one: `owa` in owa.contoso.com is a name, not a symptom), the options of
 * the checked one, and the words that only ask for a check.
 */
function symptomText(tokens: readonly ChatToken[], from: number, to: number): string {
  return tokens
    .filter(
      (token, i) =>
        (i < from || i >= to) &&
        !TARGET_KINDS.has(token.kind) &&
        token.kind !== 'email' &&
        token.kind !== 'mention' &&
        !(token.kind === 'word' && NEUTRAL.has(token.text.toLowerCase())),
    )
    .map((token) => token.text)
    .join(' ');
}

/** The other hosts a message names besides the checked one, as typed, each once. */
function otherHosts(tokens: readonly ChatToken[], from: number, to: number, checked: string): string[] {
  const seen = new Set([checked]);
  const others: string[] = [];
  tokens.forEach((token, i) => {
    if ((i >= from && i < to) || !TARGET_KINDS.has(token.kind)) return;
    const parsed = parseTarget(token.text);
    if (!parsed.ok || seen.has(parsed.target.host)) return;
    seen.add(parsed.target.host);
    others.push(token.text);
  });
  return others;
}

/** Gratitude and "it works now": acknowledged briefly when nothing else in the message asks for something. */
const THANKS =
  /\b(?:thanks|thank\s*(?:you|u)|thx|ty|cheers|kudos|much appreciated|(?:that|it|this)\s+(?:fixed|solved|did)\s+it|works\s+now|working\s+now|all\s+good)\b/i;

/** A finding code typed alone ("tls.ok", "CERT.EXPIRED?"): what `/rpccheck explain` takes. */
const findingCodeOf = (text: string): string | undefined => {
  // A code is a few dozen characters: longer text is no code, and the trim below stays short.
  if (text.length > 80) return undefined;
  const code = text
    .replace(/[?!.]+$/, '')
    .trim()
    .toLowerCase();
  return isFindingCode(code) ? code : undefined;
};

/**
 * A mention starting with a word of the slash command (the help shows that syntax): `validate <kind> <value>`,
 * `watch <host>`, `unwatch <host>`, `watches`. Undefined when the word starts prose instead
 * ("watch out, the certificate expires"), which is then read as any message.
 */
function commandIntent(text: string): Intent | undefined {
  const [first = '', next = ''] = text.split(/\s+/);
  const rest = text.slice(first.length).trim();
  switch (first.toLowerCase()) {
    case 'validate':
      if (!isValidatorKind(next.toLowerCase())) return undefined;
      return fromCommand(parseTypedCommand(text));
    case 'watch':
    case 'unwatch': {
      const host = trimEndOf(next, ',;');
      if (rest !== '' && !looksLikeHost(host) && !host.includes('@')) return undefined;
      return fromCommand(parseTypedCommand(text));
    }
    case 'watches':
      return /^(?:please|pls|\?|!|\.)*$/i.test(rest.replace(/\s+/g, ''))
        ? { kind: 'command', command: { kind: 'watches' } }
        : undefined;
    default:
      return undefined;
  }
}

function fromCommand(command: SlackCommand): Intent | undefined {
  switch (command.kind) {
    case 'validate':
      return { kind: 'validate', validator: command.validator, value: command.value };
    case 'watch':
    case 'unwatch':
    case 'watches':
    case 'invalid':
      return { kind: 'command', command };
    default:
      return undefined;
  }
}

/**
 * `rawText`: the message as Slack delivers it (read once here: entities, links, code marks). `policy`: the
 * operator's target policy, so "check localhost" is refused with its reason at once (default: rpccheck's own).
 */
export function decideIntent(
  rawText: string,
  kb: KnowledgeBase,
  policy: TargetPolicy = DEFAULT_POLICY,
): Intent {
  // Reading is linear, so the limit applies to what the user typed (the bot's mention and link URLs aside).
  const typed = readSlackText(rawText);
  if (typed.length > MAX_CHAT_CHARS)
    return { kind: 'too-long', reason: tooLongMessage('message', typed.length, MAX_CHAT_CHARS) };
  // "explain cert.expired" is read as its question; the word itself describes nothing.
  const text = /^explain\s/i.test(typed) ? typed.slice('explain'.length).trim() : typed;
  if (text === '') return { kind: 'help' };
  if (looksLikeSecret(text)) return { kind: 'secret' };
  const command = commandIntent(typed);
  if (command !== undefined) return command;
  const code = findingCodeOf(text);
  if (code !== undefined) return { kind: 'explain', code, explanation: kb.explain(code, 5) };
  const paste = findPaste(text);
  if (paste) return { kind: 'validate', validator: paste.kind, value: paste.value };
  const tokens = chatTokens(text);
  const autodiscover = autodiscoverRequest(tokens);
  if (autodiscover !== undefined) {
    const parsed = parseAutodiscoverTarget(autodiscover);
    return parsed.ok
      ? { kind: 'autodiscover', target: parsed.target }
      : { kind: 'refused-target', reason: parsed.reason };
  }
  const mention = targetMention(tokens);
  if (mention !== undefined) {
    const parsed = parseChatTarget(mention.text);
    if (!parsed.ok) return { kind: 'refused-target', reason: parsed.reason };
    const refused = refusalWithoutDns(parsed.target, policy);
    if (refused !== undefined) return { kind: 'refused-target', reason: refused };
    const rest = symptomText(tokens, mention.from, mention.to);
    // Named beside a host we are about to check, the rest is about that server: no topic word needed.
    return {
      kind: 'check',
      target: parsed.target,
      matches: kb.match(rest, SYMPTOM_MATCHES, { onTopic: true }),
      others: otherHosts(tokens, mention.from, mention.to, parsed.target.host),
    };
  }
  const matches = kb.match(text, 5);
  const [best, second] = matches;
  if (!best) {
    // "what does tls.ok mean?": a finding code no entry explains is still answered from the catalogue.
    const named = tokens.find((t) => t.kind === 'finding-code');
    if (named !== undefined) {
      const found = named.text.toLowerCase();
      return { kind: 'explain', code: found, explanation: kb.explain(found, 5) };
    }
    return THANKS.test(text) ? { kind: 'thanks' } : { kind: 'help' };
  }
  if (second && second.score >= best.score * AMBIGUOUS_RATIO)
    return {
      kind: 'did-you-mean',
      matches: matches.filter((m) => m.score >= best.score * AMBIGUOUS_RATIO).slice(0, 3),
    };
  return { kind: 'answer', matches };
}
