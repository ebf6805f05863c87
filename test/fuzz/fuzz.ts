import fc from 'fast-check';

/**
 * Property tests run FUZZ_RUNS cases each: 200 in `npm test`, 10,000 in `npm run fuzz` (npm names the running
 * script in npm_lifecycle_event, so the script needs no shell syntax to set the count). Each case
 * must finish within CASE_MS, twenty times the 50 ms budget of spec §11, so only a blow-up (quadratic or
 * worse) fails here; the budget itself is measured by `npm run bench`.
 */
export const RUNS = Number(
  process.env['FUZZ_RUNS'] ?? (process.env['npm_lifecycle_event'] === 'fuzz' ? 10_000 : 200),
);
export const CASE_MS = 1000;

/** Jest's timeout for one property: room for every case, generously. */
export const PROPERTY_TIMEOUT_MS = Math.max(60_000, RUNS * 100);

export const params = { numRuns: RUNS };

/**
 * CPU time of the process, not wall time: a case descheduled on a busy machine (CI shares its cores) is not a
 * blow-up, a case that computes for a second is.
 */
function cpuMs(since?: NodeJS.CpuUsage): number {
  const used = process.cpuUsage(since);
  return (used.user + used.system) / 1000;
}

function check(started: NodeJS.CpuUsage): void {
  const ms = cpuMs(started);
  if (ms > CASE_MS) throw new Error(`took ${ms.toFixed(0)} ms of CPU (bound ${CASE_MS} ms)`);
}

/** Runs `work`, failing the case when it computes for longer than CASE_MS. */
export function bounded<T>(work: () => T): T {
  const started = process.cpuUsage();
  const value = work();
  check(started);
  return value;
}

export async function boundedAsync<T>(work: () => Promise<T>): Promise<T> {
  const started = process.cpuUsage();
  const value = await work();
  check(started);
  return value;
}

/**
 * Text made of `pieces` and short arbitrary strings: random characters alone rarely form the structures a
 * parser looks for (`name:port;`, `Event ID:`, `<@U1|x>`), pieces do, and repeats of them reach the
 * pathological shapes (`1:1:1:…`, runs of newlines).
 */
export function soup(pieces: readonly string[], maxLength = 60): fc.Arbitrary<string> {
  const piece = fc.oneof(
    { weight: 4, arbitrary: fc.constantFrom(...pieces) },
    { weight: 1, arbitrary: fc.string({ maxLength: 4 }) },
    { weight: 1, arbitrary: fc.string({ unit: 'binary', maxLength: 3 }) },
  );
  const run = fc.tuple(piece, fc.integer({ min: 1, max: 400 })).map(([p, n]) => p.repeat(n));
  return fc
    .array(fc.oneof({ weight: 6, arbitrary: piece }, { weight: 1, arbitrary: run }), { maxLength })
    .map((parts) => parts.join(''));
}

/** Any text: arbitrary strings (including lone surrogates) or soups of the given pieces. */
export function text(pieces: readonly string[]): fc.Arbitrary<string> {
  return fc.oneof(fc.string({ maxLength: 200 }), fc.string({ unit: 'binary', maxLength: 200 }), soup(pieces));
}
