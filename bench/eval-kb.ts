import { knowledgeBase } from '../src/kb';
import { evaluate, loadEvalMessages } from './kb-eval/evaluate';

/** `npm run eval:kb`: prints accuracy on the evaluation set; exits 1 when a target is missed. */
const TARGETS = { top1: 0.9, top3: 0.98, falseMatchRate: 0 };

const result = evaluate(knowledgeBase(), loadEvalMessages());
const pct = (x: number): string => `${(x * 100).toFixed(1)} %`;
console.log(`labelled messages: ${result.labelled}, unrelated: ${result.unrelated}`);
console.log(`top-1 accuracy:   ${pct(result.top1)} (target ≥ ${pct(TARGETS.top1)})`);
console.log(`top-3 accuracy:   ${pct(result.top3)} (target ≥ ${pct(TARGETS.top3)})`);
console.log(`false-match rate: ${pct(result.falseMatchRate)} (target ${pct(TARGETS.falseMatchRate)})`);
for (const miss of result.misses)
  console.log(`  miss: "${miss.text}" → expected ${miss.expect}, got ${miss.got.join(', ') || '(nothing)'}`);
for (const fm of result.falseMatches) console.log(`  false match: "${fm.text}" → ${fm.got.join(', ')}`);
if (
  result.top1 < TARGETS.top1 ||
  result.top3 < TARGETS.top3 ||
  result.falseMatchRate > TARGETS.falseMatchRate
)
  process.exitCode = 1;
