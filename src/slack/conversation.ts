import { isIP } from 'node:net';
import { MAX_CHAT_CHARS, tooLongMessage } from '../core/input-limits';
import { type AutodiscoverTarget, parseAutodiscoverTarget } from '../core/mailbox';
import { parseChatTarget, TARGET_OPTION, type Target } from '../core/target';
import {
  addressOrigin,
  checkAddress,
  checkName,
  checkPort,
  createTargetPolicy,
  type TargetPolicy,
} from '../core/target-policy';
import { isFindingCode } from '../findings/catalog';
import { detectPaste, type KnowledgeBase, type ValidatorKind } from '../kb';
import type { KbMatch } from '../kb';
import { type ChatToken, chatTokens, TARGET_KINDS } from './chat-tokens';

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

/** Names that are loopback by definition (RFC 6761): refused as the policy would refuse 127.0.0.1. */
const LOOPBACK_NAME = /(?:^|\.)localhost$/;

/**
 * What the target policy says before anything is sent: the port, a denied name, and the addresses known without
 * DNS (an IP literal, `via`, localhost). A name's resolved addresses are still judged when the check runs.
 */
function policyRefusal(target: Target, policy: TargetPolicy): string | undefined {
  const port = checkPort(policy, target.port);
  if (!port.allowed) return port.reason;
  const name = checkName(policy, target.host);
  if (!name.allowed) return name.reason;
  const address =
    isIP(target.host) !== 0 ? target.host : LOOPBACK_NAME.test(target.host) ? '127.0.0.1' : undefined;
  for (const candidate of [address, target.connectAddress]) {
    if (candidate === undefined) continue;
    const decision = checkAddress(policy, target.host, candidate, addressOrigin(target, candidate));
    if (!decision.allowed) return decision.reason;
  }
  return undefined;
}

export function cleanMention(text: string): string {
  return text.replace(BOT_MENTION, '').trim();
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

/** The message without the host and its options, bot mentions and the words that only ask for a check. */
function symptomText(tokens: readonly ChatToken[], from: number, to: number): string {
  return tokens
    .filter(
      (token, i) =>
        (i < from || i >= to) &&
        token.kind !== 'mention' &&
        !(token.kind === 'word' && NEUTRAL.has(token.text.toLowerCase())),
    )
    .map((token) => token.text)
    .join(' ');
}

/**
 * `policy`: the operator's target policy, so "check localhost" is refused with its reason at once (default:
 * rpccheck's own).
 */
export function decideIntent(
  rawText: string,
  kb: KnowledgeBase,
  policy: TargetPolicy = DEFAULT_POLICY,
): Intent {
  const text = cleanMention(rawText);
  if (text.length > MAX_CHAT_CHARS)
    return { kind: 'too-long', reason: tooLongMessage('message', text.length, MAX_CHAT_CHARS) };
  if (text === '') return { kind: 'help' };
  // Slack links every address as <mailto:a@b|a@b>, which would look like user:password@host.
  if (looksLikeSecret(text.replace(MAILTO_LINK, 'an-address'))) return { kind: 'secret' };
  const paste = detectPaste(text);
  if (paste) return { kind: 'validate', validator: paste };
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
    const refused = policyRefusal(parsed.target, policy);
    if (refused !== undefined) return { kind: 'refused-target', reason: refused };
    const rest = symptomText(tokens, mention.from, mention.to);
    // Named beside a host we are about to check, the rest is about that server: no topic word needed.
    return {
      kind: 'check',
      target: parsed.target,
      matches: kb.match(rest, SYMPTOM_MATCHES, { onTopic: true }),
    };
  }
  const matches = kb.match(text, 5);
  const [best, second] = matches;
  if (!best) return { kind: 'help' };
  if (second && second.score >= best.score * AMBIGUOUS_RATIO && !isFindingCode(text.trim()))
    return {
      kind: 'did-you-mean',
      matches: matches.filter((m) => m.score >= best.score * AMBIGUOUS_RATIO).slice(0, 3),
    };
  return { kind: 'answer', matches };
}
