import { looksLikeHost, namesNear } from '../core/command-word';
import { MAX_CHAT_CHARS, tooLongMessage } from '../core/input-limits';
import { type AutodiscoverTarget, parseAutodiscoverTarget } from '../core/mailbox';
import { normaliseHost, parseChatTarget, TARGET_OPTION, type Target } from '../core/target';
import { isValidatorKind, pasteValue, type ValidatorKind } from '../kb';
import { editDistance } from '../kb/edit-distance';
import { readSlackText } from './chat-text';

/** What `/rpccheck <text>` asks for (spec §6). */
export type SlackCommand =
  | { kind: 'help' }
  | { kind: 'check'; target: Target }
  | { kind: 'autodiscover'; target: AutodiscoverTarget }
  | { kind: 'explain'; text: string }
  | { kind: 'validate'; validator: ValidatorKind; value: string }
  | { kind: 'watch'; target: string; days?: string }
  | { kind: 'unwatch'; target: string }
  | { kind: 'watches' }
  | { kind: 'invalid'; reason: string };

/** Every word the command takes first; a typo of one gets "did you mean". */
export const COMMAND_WORDS = [
  'help',
  'check',
  'explain',
  'validate',
  'watch',
  'unwatch',
  'watches',
  'autodiscover',
] as const;

const USAGE =
  'usage: /rpccheck <host> · check <name without a dot> · explain <symptom or code> · validate <kind> <value> · autodiscover <address> · watch <host> · help';

/** A word as quoted in a one-line answer: cut, so a pasted paragraph does not fill the message. */
function quote(word: string): string {
  const chars = [...word.replace(/\s+/g, ' ')];
  return chars.length > 40 ? `${chars.slice(0, 39).join('')}…` : chars.join('');
}

const invalid = (reason: string): SlackCommand => ({ kind: 'invalid', reason });

/** `alice@contoso.com` (Slack's `<mailto:…>` already unwrapped): an address, walked by Autodiscover. */
const isAddress = (word: string): boolean => /^[^\s@:/]+@[^\s@:/]+$/.test(word);

/**
 * The host and its `via`/`backend` pairs; any other word after the host is named, a second host as such
 * ("one host per command"), so a mistake never reads as "a host name cannot contain spaces".
 */
function checkTarget(text: string, command: string): SlackCommand {
  const words = text.split(/[\s,]+/).filter((w) => w !== '');
  for (let i = 1; i < words.length; i += 2) {
    const word = words[i] ?? '';
    if (TARGET_OPTION.test(word)) continue;
    if (looksLikeHost(word) && !isAddress(word))
      return invalid(
        `one host per command: /rpccheck ${command}${words[0] ?? ''}, then /rpccheck ${command}${quote(word)}`,
      );
    return invalid(
      `unexpected '${quote(word)}' after the host: only \`via <IP>\` and \`backend <server>\` may follow it`,
    );
  }
  const parsed = parseChatTarget(words.join(' '));
  return parsed.ok ? { kind: 'check', target: parsed.target } : invalid(parsed.reason);
}

/** What to say about a first word that is neither a command nor a host (pure; mirrors the CLI's words). */
function unknownWord(first: string, rest: string): SlackCommand {
  const [near] = namesNear(first, COMMAND_WORDS, editDistance);
  if (near !== undefined) return invalid(`unknown command '${quote(first)}' (did you mean ${near}?)`);
  if (rest === '' && /^[a-z0-9_-]+$/i.test(first) && 'host' in normaliseHost(first))
    return invalid(
      `unknown command '${quote(first)}'; a host name without a dot is checked with /rpccheck check ${first}`,
    );
  if (rest !== '' && /\p{L}/u.test(first))
    return invalid(
      `unknown command '${quote(first)}'; to look up a symptom: /rpccheck explain ${quote(`${first} ${rest}`)}`,
    );
  return invalid(`'${quote(first)}' is neither a command nor a host name; ${USAGE}`);
}

/**
 * `watch`'s reminder days in any form users type: `days=30,7`, `DAYS=7`, `days 7`, `days: 7`, `days=30, 14, 7`.
 * The days are a run of numbers, so a list typed with spaces stays out of the target. `days` alone, or followed
 * by nothing, captures '' (and is told what to give); other words after it are its value, refused by parseDays.
 */
const DAYS = /(?:^|\s)days(?:\s*[=:]\s*|\s+)(\d[\d,;\s]*\d|\d|\S*)(?=\s|$)|(?:^|\s)days\s*$/i;

function watchTarget(remainder: string, verb: 'watch' | 'unwatch'): string | SlackCommand {
  const usage =
    verb === 'watch' ? 'usage: /rpccheck watch <host> [days=30,14,7,3,1]' : 'usage: /rpccheck unwatch <host>';
  if (remainder === '') return invalid(usage);
  const words = remainder.split(/[\s,]+/).filter((w) => w !== '');
  const address = words.find(isAddress);
  if (address !== undefined)
    return invalid(
      `watches take a host name (its certificate is watched), not an address; for Outlook's path for ${quote(address)}: /rpccheck autodiscover ${quote(address)}`,
    );
  const hosts = words.filter((word, i) => looksLikeHost(word) && !TARGET_OPTION.test(words[i - 1] ?? ''));
  if (hosts.length > 1)
    return invalid(
      `one host per ${verb} command: /rpccheck ${verb} ${quote(hosts[0] ?? '')}, then /rpccheck ${verb} ${quote(hosts[1] ?? '')}`,
    );
  return words.join(' ');
}

/**
 * Reads the command from what the user typed (Slack's markup already off: parseCommand does that once). The
 * conversation reads a mention starting with a command word through this too.
 */
export function parseTypedCommand(typed: string): SlackCommand {
  if (typed.length > MAX_CHAT_CHARS) return invalid(tooLongMessage('command', typed.length, MAX_CHAT_CHARS));
  const trimmed = typed.trim();
  const [first = '', ...rest] = trimmed.split(/\s+/);
  const remainder = trimmed.slice(first.length).trim();
  switch (first.toLowerCase()) {
    case '':
    case 'help':
      return { kind: 'help' };
    case 'explain':
      return remainder === ''
        ? invalid('usage: /rpccheck explain <symptom, error or finding code>')
        : { kind: 'explain', text: remainder };
    case 'validate': {
      const [named = ''] = rest;
      const validator = named.toLowerCase();
      if (!isValidatorKind(validator))
        return invalid('usage: /rpccheck validate <validports|nspi|rpcdump|event> <value>');
      const body = remainder.slice(named.length).trim();
      return body === ''
        ? invalid(`usage: /rpccheck validate ${validator} <value>`)
        : { kind: 'validate', validator, value: pasteValue(validator, body) || body };
    }
    case 'watch': {
      const days = DAYS.exec(remainder);
      if (days !== null && (days[1] ?? '') === '')
        return invalid('days= needs the days before expiry to remind at, such as days=30,14,7');
      const target = watchTarget(days === null ? remainder : remainder.replace(days[0], ' ').trim(), 'watch');
      if (typeof target !== 'string') return target;
      return {
        kind: 'watch',
        target,
        ...(days?.[1] !== undefined && { days: days[1].split(/[\s,;]+/).join(',') }),
      };
    }
    case 'unwatch': {
      const target = watchTarget(remainder, 'unwatch');
      return typeof target === 'string' ? { kind: 'unwatch', target } : target;
    }
    case 'watches':
      return { kind: 'watches' };
    case 'autodiscover': {
      if (remainder === '')
        return invalid('usage: /rpccheck autodiscover <alice@contoso.com or contoso.com>');
      const parsed = parseAutodiscoverTarget(remainder);
      return parsed.ok ? { kind: 'autodiscover', target: parsed.target } : invalid(parsed.reason);
    }
    case 'check':
      return remainder === ''
        ? invalid('usage: /rpccheck check <host>')
        : isAddress(rest[0] ?? '')
          ? parseTypedCommand(`autodiscover ${remainder}`)
          : checkTarget(remainder, 'check ');
    default:
      // An address is what Autodiscover starts from: walk it, as `/rpccheck autodiscover` would.
      if (isAddress(first)) return parseTypedCommand(`autodiscover ${trimmed}`);
      if (!looksLikeHost(first)) return unknownWord(first, remainder);
      return checkTarget(trimmed, '');
  }
}

/** `/rpccheck <text>` as Slack sends it: entities, links and code marks read once, then the command. */
export function parseCommand(slackText: string): SlackCommand {
  if (slackText.length > MAX_CHAT_CHARS)
    return invalid(tooLongMessage('command', slackText.length, MAX_CHAT_CHARS));
  return parseTypedCommand(readSlackText(slackText));
}
