import { spawn } from 'node:child_process';
import path from 'node:path';
import { median } from './measure';

/** The built CLI, as `npm link` or an installed package runs it (`npm run bench` builds first). */
const CLI = path.join(__dirname, '../src/cli/main.js');
const RUNS = 15;

const VARIANTS: [label: string, args: string[]][] = [
  ['bare node -e 0', ['-e', '0']],
  ['rpccheck --version', [CLI, '--version']],
  ['rpccheck explain "certificate expired"', [CLI, 'explain', 'certificate expired']],
  ['rpccheck validate validports …', [CLI, 'validate', 'validports', 'EX01:6001-6002;EX01:6004']],
];

/** Wall time from spawn to exit: what a person at the terminal waits for. */
function timeRun(args: string[]): Promise<number> {
  return new Promise((resolve, reject) => {
    const started = performance.now();
    // No .env, no Slack or probe variables: offline commands exactly as a fresh shell runs them.
    const child = spawn(process.execPath, args, {
      stdio: 'ignore',
      env: { PATH: process.env['PATH'] ?? '' },
    });
    child.on('error', reject);
    child.on('exit', () => resolve(performance.now() - started));
  });
}

/** Spec §11: the CLI starts within 2.5× bare node. Runs alternate so machine load hits every variant alike. */
export async function benchStartup(): Promise<string[]> {
  const times = VARIANTS.map((): number[] => []);
  for (const [, args] of VARIANTS) await timeRun(args); // warm the file cache
  for (let round = 0; round < RUNS; round++)
    for (const [i, [, args]] of VARIANTS.entries()) times[i]?.push(await timeRun(args));
  const base = median(times[0] ?? []);
  return [
    `CLI start-up, median of ${RUNS} interleaved runs each (spec §11: at most 2.5× bare node)`,
    ...VARIANTS.map(([label], i) => {
      const ms = median(times[i] ?? []);
      return `  ${label.padEnd(42)} ${ms.toFixed(0).padStart(4)} ms  ${(ms / base).toFixed(2)}×`;
    }),
  ];
}
