import { readFileSync } from 'node:fs';
import path from 'node:path';
import { parse } from 'yaml';
import { packageRoot } from '../../src/core/package-info';
import { FINDINGS } from '../../src/findings/catalog';
import type { KnowledgeBase } from '../../src/kb';
import { rankByReport, type ReportFinding } from '../../src/slack/chat-ranking';
import { decideIntent, type Intent } from '../../src/slack/conversation';

export const KINDS = [
  'check',
  'check+answer',
  'answer',
  'validate',
  'refused',
  'help',
  'secret',
  'autodiscover',
  'command',
  'thanks',
] as const;
export type ChatKind = (typeof KINDS)[number];

export interface ChatEvalMessage {
  text: string;
  expect: ChatKind;
  host?: string;
  entry?: string;
  validator?: string;
  /** validate: the value cut out of the message, when the label says what it must be. */
  value?: string;
  /** command: the slash command's kind the mention is read as (watch, unwatch, watches, invalid). */
  command?: string;
  /** check+answer: the finding codes the check would produce, standing in for its report. */
  findings?: string[];
}

export interface ChatEvalResult {
  total: number;
  rightKind: number;
  /** expected kind → got kind → count */
  confusion: Map<ChatKind, Map<ChatKind, number>>;
  /** A number, version, status, file name or other non-host checked (or refused) as a host. */
  hostMistakes: { text: string; got: string }[];
  /** Unrelated chatter that got a knowledge-base entry. */
  chatterWithEntry: { text: string; got: string[] }[];
  hostSymptom: number;
  confirmedFirst: number;
  /** Host-plus-symptom messages whose first entry was not the confirmed one: what came first instead. */
  notConfirmedFirst: { text: string; expect: string; got: string }[];
  answers: number;
  answerTop1: number;
  misses: { text: string; expect: string; got: string }[];
}

export function loadChatEvalMessages(): ChatEvalMessage[] {
  const file = path.join(packageRoot(), 'bench', 'chat-eval', 'messages.yaml');
  return parse(readFileSync(file, 'utf8')) as ChatEvalMessage[];
}

function entriesOf(intent: Intent): string[] {
  if (intent.kind === 'answer' || intent.kind === 'did-you-mean') return intent.matches.map((m) => m.id);
  if (intent.kind === 'check') return intent.matches.map((m) => m.id);
  if (intent.kind === 'explain') return intent.explanation.matches.map((m) => m.id);
  return [];
}

/** The kind of answer a user sees: did-you-mean is an answer with choices, too-long a help-like notice. */
export function kindOf(intent: Intent): ChatKind {
  switch (intent.kind) {
    case 'check':
      return entriesOf(intent).length > 0 ? 'check+answer' : 'check';
    case 'did-you-mean':
    case 'answer':
    case 'explain':
      return 'answer';
    case 'refused-target':
      return 'refused';
    case 'too-long':
      return 'help';
    default:
      return intent.kind;
  }
}

function fixtureFindings(codes: readonly string[]): ReportFinding[] {
  return codes.map((code) => ({
    code,
    severity: (FINDINGS as Record<string, { severity: ReportFinding['severity'] }>)[code]?.severity ?? 'info',
    title: code,
  }));
}

function describe(intent: Intent): string {
  if (intent.kind === 'check')
    return `${kindOf(intent)} ${intent.target.host} ${entriesOf(intent).join(',')}`;
  if (intent.kind === 'refused-target') return `refused: ${intent.reason}`;
  if (intent.kind === 'validate') return `validate ${intent.validator} ${JSON.stringify(intent.value)}`;
  if (intent.kind === 'command') return `command ${intent.command.kind}`;
  if (intent.kind === 'explain') return `explain ${intent.code} ${entriesOf(intent).join(',')}`;
  return `${intent.kind} ${entriesOf(intent).join(',')}`.trim();
}

export function evaluateChat(kb: KnowledgeBase, messages: readonly ChatEvalMessage[]): ChatEvalResult {
  const result: ChatEvalResult = {
    total: messages.length,
    rightKind: 0,
    confusion: new Map(KINDS.map((k) => [k, new Map(KINDS.map((g) => [g, 0]))])),
    hostMistakes: [],
    chatterWithEntry: [],
    hostSymptom: 0,
    confirmedFirst: 0,
    notConfirmedFirst: [],
    answers: 0,
    answerTop1: 0,
    misses: [],
  };
  for (const message of messages) {
    const intent = decideIntent(message.text, kb);
    const kind = kindOf(intent);
    const row = result.confusion.get(message.expect);
    row?.set(kind, (row.get(kind) ?? 0) + 1);
    let right = kind === message.expect;
    if (right && message.expect === 'validate')
      right =
        intent.kind === 'validate' &&
        intent.validator === message.validator &&
        (message.value === undefined || intent.value === message.value);
    if (right && message.expect === 'command')
      right = intent.kind === 'command' && intent.command.kind === message.command;
    // A refusal-expected prompt names a host (localhost, 127.0.0.1): checking it is a wrong kind, not a non-host.
    const namesHost = message.host !== undefined || message.expect === 'refused';
    if (intent.kind === 'check' && (message.host ?? intent.target.host) !== intent.target.host) right = false;
    if ((intent.kind === 'check' || intent.kind === 'refused-target') && !namesHost)
      result.hostMistakes.push({ text: message.text, got: describe(intent) });
    else if (intent.kind === 'check' && message.host !== undefined && intent.target.host !== message.host)
      result.hostMistakes.push({ text: message.text, got: describe(intent) });
    if ((message.expect === 'help' || message.expect === 'thanks') && entriesOf(intent).length > 0)
      result.chatterWithEntry.push({ text: message.text, got: entriesOf(intent) });
    // An answer from the catalogue alone (`tls.ok` has no entry) is labelled without one.
    if (message.expect === 'answer' && message.entry !== undefined) {
      result.answers++;
      if (entriesOf(intent)[0] === message.entry) result.answerTop1++;
    }
    if (message.expect === 'check+answer') {
      result.hostSymptom++;
      const ranked = rankByReport(
        fixtureFindings(message.findings ?? []),
        intent.kind === 'check' ? intent.matches : [],
        (id) => kb.get(id)?.findings ?? [],
      );
      const first = ranked[0];
      if (first !== undefined && first.id === message.entry && first.confirmedBy.length > 0)
        result.confirmedFirst++;
      else
        result.notConfirmedFirst.push({
          text: message.text,
          expect: message.entry ?? '',
          got: first ? `${first.id}${first.confirmedBy.length > 0 ? ' (confirmed)' : ''}` : '(nothing)',
        });
    }
    if (right) result.rightKind++;
    else result.misses.push({ text: message.text, expect: message.expect, got: describe(intent) });
  }
  return result;
}
