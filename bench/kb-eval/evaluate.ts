import { readFileSync } from 'node:fs';
import path from 'node:path';
import { parse } from 'yaml';
import { packageRoot } from '../../src/core/package-info';
import type { KnowledgeBase } from '../../src/kb';

export interface EvalMessage {
  text: string;
  expect: string;
}

export interface EvalResult {
  labelled: number;
  unrelated: number;
  top1: number;
  top3: number;
  falseMatchRate: number;
  misses: { text: string; expect: string; got: string[] }[];
  falseMatches: { text: string; got: string[] }[];
}

export function loadEvalMessages(): EvalMessage[] {
  const file = path.join(packageRoot(), 'bench', 'kb-eval', 'messages.yaml');
  return parse(readFileSync(file, 'utf8')) as EvalMessage[];
}

/** Top-1 and top-3 accuracy on labelled messages; the share of unrelated messages that match anything. */
export function evaluate(kb: KnowledgeBase, messages: readonly EvalMessage[]): EvalResult {
  const labelled = messages.filter((m) => m.expect !== 'none');
  const unrelated = messages.filter((m) => m.expect === 'none');
  const misses: EvalResult['misses'] = [];
  let top1 = 0;
  let top3 = 0;
  for (const message of labelled) {
    const got = kb.match(message.text, 5).map((m) => m.id);
    if (got[0] === message.expect) top1++;
    if (got.slice(0, 3).includes(message.expect)) top3++;
    else misses.push({ text: message.text, expect: message.expect, got });
    if (got[0] !== message.expect && got.slice(0, 3).includes(message.expect))
      misses.push({ text: message.text, expect: message.expect, got });
  }
  const falseMatches = unrelated
    .map((message) => ({ text: message.text, got: kb.match(message.text, 5).map((m) => m.id) }))
    .filter((result) => result.got.length > 0);
  return {
    labelled: labelled.length,
    unrelated: unrelated.length,
    top1: top1 / labelled.length,
    top3: top3 / labelled.length,
    falseMatchRate: falseMatches.length / Math.max(1, unrelated.length),
    misses,
    falseMatches,
  };
}
