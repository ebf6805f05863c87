import { knowledgeBase } from '../src/kb';
import { loadEvalMessages } from './kb-eval/evaluate';
import { timed } from './measure';

/** Average time to match one message with every entry loaded (the eval set, many rounds). */
export async function benchKbMatch(): Promise<string[]> {
  const load = await timed(async () => knowledgeBase());
  const kb = load.value;
  const messages = loadEvalMessages().map((m) => m.text);
  for (const text of messages) kb.match(text); // warm-up
  const rounds = 50;
  const { ms } = await timed(async () => {
    for (let round = 0; round < rounds; round++) for (const text of messages) kb.match(text);
  });
  const perMessage = ms / (rounds * messages.length);
  return [
    `Knowledge base: ${kb.entries.length} entries loaded and indexed in ${load.ms.toFixed(0)} ms`,
    `  match: ${(perMessage * 1000).toFixed(0)} µs per message on average (${rounds * messages.length} matches of ${messages.length} eval messages)`,
  ];
}
