import { byteEntryPoints, byteInputs, SIZE, textEntryPoints, textInputs } from './parse-cases';
import { median } from './measure';

/** The budget of spec §11: no message, paste or server body holds the event loop longer than this. */
const BUDGET_MS = 50;
const REPEATS = 3;

function slowest<T>(run: (input: T) => () => void, inputs: [string, T][]): { ms: number; input: string } {
  let worst = { ms: 0, input: '' };
  for (const [name, input] of inputs) {
    const work = run(input);
    const times: number[] = [];
    for (let i = 0; i < REPEATS; i++) {
      const started = performance.now();
      work();
      times.push(performance.now() - started);
    }
    const ms = median(times);
    if (ms > worst.ms) worst = { ms, input: name };
  }
  return worst;
}

/** For each entry point, the slowest of the pathological inputs (median of a few runs), against the budget. */
export async function benchParse(): Promise<string[]> {
  const texts = textInputs();
  const bytes = byteInputs();
  const rows: [string, { ms: number; input: string }][] = [
    ...textEntryPoints().map(([name, run]): [string, { ms: number; input: string }] => [
      name,
      slowest(run, texts),
    ]),
    ...byteEntryPoints().map(([name, run]): [string, { ms: number; input: string }] => [
      name,
      slowest(run, bytes),
    ]),
  ];
  const width = Math.max(...rows.map(([name]) => name.length));
  const lines = [
    `Slowest parse of ${texts.length} text and ${bytes.length} byte inputs of ${SIZE.toLocaleString('en')} characters/bytes (median of ${REPEATS}):`,
    ...rows.map(([name, r]) => `  ${name.padEnd(width)}  ${r.ms.toFixed(1).padStart(7)} ms  (${r.input})`),
  ];
  const [worstName, worst] = rows.reduce((a, b) => (b[1].ms > a[1].ms ? b : a));
  lines.push(
    `  overall slowest: ${worstName} on ${worst.input}, ${worst.ms.toFixed(1)} ms — ${worst.ms <= BUDGET_MS ? 'within' : 'OVER'} the ${BUDGET_MS} ms budget`,
  );
  return lines;
}
