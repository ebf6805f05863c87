import { MAX_CHAT_CHARS, tooLongMessage } from '../core/input-limits';
import { type AutodiscoverTarget, parseAutodiscoverTarget } from '../core/mailbox';
import { parseChatTarget, type Target } from '../core/target';
import { isValidatorKind, type ValidatorKind } from '../kb';

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

export function parseCommand(text: string): SlackCommand {
  if (text.length > MAX_CHAT_CHARS)
    return { kind: 'invalid', reason: tooLongMessage('command', text.length, MAX_CHAT_CHARS) };
  const trimmed = text.trim();
  const [first = '', ...rest] = trimmed.split(/\s+/);
  const remainder = trimmed.slice(first.length).trim();
  switch (first.toLowerCase()) {
    case '':
    case 'help':
      return { kind: 'help' };
    case 'explain':
      return remainder === ''
        ? { kind: 'invalid', reason: 'usage: /rpccheck explain <symptom, error or finding code>' }
        : { kind: 'explain', text: remainder };
    case 'validate': {
      const [validator = ''] = rest;
      if (!isValidatorKind(validator))
        return {
          kind: 'invalid',
          reason: 'usage: /rpccheck validate <validports|nspi|rpcdump|event> <value>',
        };
      const body = remainder.slice(validator.length).trim();
      return body === ''
        ? { kind: 'invalid', reason: `usage: /rpccheck validate ${validator} <value>` }
        : { kind: 'validate', validator, value: body };
    }
    case 'watch': {
      const days = /\bdays=(\S+)/.exec(remainder)?.[1];
      const target = remainder.replace(/\bdays=\S+/, '').trim();
      if (target === '')
        return { kind: 'invalid', reason: 'usage: /rpccheck watch <host> [days=30,14,7,3,1]' };
      return { kind: 'watch', target, ...(days !== undefined && { days }) };
    }
    case 'unwatch':
      return remainder === ''
        ? { kind: 'invalid', reason: 'usage: /rpccheck unwatch <host>' }
        : { kind: 'unwatch', target: remainder };
    case 'watches':
      return { kind: 'watches' };
    case 'autodiscover': {
      if (remainder === '')
        return {
          kind: 'invalid',
          reason: 'usage: /rpccheck autodiscover <alice@contoso.com or contoso.com>',
        };
      const parsed = parseAutodiscoverTarget(remainder);
      return parsed.ok
        ? { kind: 'autodiscover', target: parsed.target }
        : { kind: 'invalid', reason: parsed.reason };
    }
    default: {
      const withoutCheck = first.toLowerCase() === 'check' ? remainder : trimmed;
      const parsed = parseChatTarget(withoutCheck);
      return parsed.ok
        ? { kind: 'check', target: parsed.target }
        : { kind: 'invalid', reason: parsed.reason };
    }
  }
}
