import { knowledgeBase } from '../src/kb';
import { evaluateChat, KINDS, loadChatEvalMessages } from './chat-eval/evaluate';

/** `npm run eval:chat`: what kind of answer each labelled mention gets; exits 1 when a target is missed. */
const TARGETS = { rightKind: 0.95, confirmedFirst: 0.9 };

const result = evaluateChat(knowledgeBase(), loadChatEvalMessages());
const pct = (x: number): string => `${(x * 100).toFixed(1)} %`;
const ratio = (a: number, b: number): number => a / Math.max(1, b);

const width = Math.max(...KINDS.map((k) => k.length)) + 1;
console.log(`expected \\ got`.padEnd(width + 2) + KINDS.map((k) => k.padStart(width)).join(''));
for (const [expected, row] of result.confusion)
  console.log(
    `  ${expected.padEnd(width)}${KINDS.map((k) => String(row.get(k) ?? 0).padStart(width)).join('')}`,
  );
console.log(`prompts: ${result.total}`);
console.log(
  `right kind:                  ${pct(ratio(result.rightKind, result.total))} (target ≥ ${pct(TARGETS.rightKind)})`,
);
console.log(`non-hosts taken for a host:  ${result.hostMistakes.length} (target 0)`);
console.log(`chatter given an entry:      ${result.chatterWithEntry.length} (target 0)`);
console.log(
  `host+symptom, confirmed first: ${pct(ratio(result.confirmedFirst, result.hostSymptom))} of ${result.hostSymptom} (target ≥ ${pct(TARGETS.confirmedFirst)})`,
);
console.log(
  `answers, expected entry first: ${pct(ratio(result.answerTop1, result.answers))} of ${result.answers} (reported, no target)`,
);
for (const miss of result.misses)
  console.log(`  miss (${miss.expect}): ${JSON.stringify(miss.text)} → ${miss.got}`);
for (const miss of result.notConfirmedFirst)
  console.log(`  not confirmed first: ${JSON.stringify(miss.text)} → ${miss.got}, expected ${miss.expect}`);
for (const mistake of result.hostMistakes)
  console.log(`  host mistake: ${JSON.stringify(mistake.text)} → ${mistake.got}`);
for (const chatter of result.chatterWithEntry)
  console.log(`  chatter answered: ${JSON.stringify(chatter.text)} → ${chatter.got.join(', ')}`);
if (
  ratio(result.rightKind, result.total) < TARGETS.rightKind ||
  result.hostMistakes.length > 0 ||
  result.chatterWithEntry.length > 0 ||
  ratio(result.confirmedFirst, result.hostSymptom) < TARGETS.confirmedFirst
)
  process.exitCode = 1;
