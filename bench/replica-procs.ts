import { readFileSync } from 'node:fs';
import path from 'node:path';
import { type BotProcess, healthy, spawnBot, stopBot } from '../test/fixtures/bot-process';

/**
 * Bot replicas for the replica bench: `node dist/src/main.js` processes as operators run them, each in an empty
 * folder (no .env) on a free HTTP port. The bench reads their log lines (the sweep summary) and their peak
 * RSS from /proc while they run.
 */
const MAIN = path.join(__dirname, '../src/main.js');

export type BenchReplica = BotProcess;

export { healthy };

/** A replica of the bench: the built bot in an empty folder on a free port. */
export function spawnReplica(name: string, env: Record<string, string>): Promise<BenchReplica> {
  return spawnBot(MAIN, name, env);
}

/** Peak resident set of a live process (VmHWM), in MiB; undefined once it is gone. */
export function peakRssMiB(replica: BenchReplica): number | undefined {
  try {
    const status = readFileSync(`/proc/${replica.child.pid}/status`, 'utf8');
    const kib = /VmHWM:\s+(\d+) kB/.exec(status)?.[1];
    return kib === undefined ? undefined : Number(kib) / 1024;
  } catch {
    return undefined;
  }
}

export interface SweepLine {
  at: number;
  replica: string;
  checked: number;
  posted: number;
  notices: number;
  ms: number;
}

/** src/main.ts's summary, counts in words (core/plural.ts: `1 host`, `10,000 hosts`). */
const SWEEP_LINE = /sweep: ([\d,]+) hosts? checked, ([\d,]+)\/([\d,]+) notices? posted in (\d+) ms/;
const count = (digits: string | undefined): number => Number((digits ?? '').replace(/,/g, ''));

/** Every finished sweep the replicas logged (src/main.ts), in the order they arrived. */
export function sweepLines(replicas: readonly BenchReplica[]): SweepLine[] {
  const found: SweepLine[] = [];
  for (const replica of replicas)
    for (const line of replica.lines) {
      const match = SWEEP_LINE.exec(line.text);
      if (match)
        found.push({
          at: line.at,
          replica: replica.name,
          checked: count(match[1]),
          posted: count(match[2]),
          notices: count(match[3]),
          ms: count(match[4]),
        });
    }
  return found.sort((a, b) => a.at - b.at);
}

export async function until<T>(
  what: string,
  probe: () => Promise<T | undefined> | T | undefined,
  timeoutMs: number,
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const found = await probe();
    if (found !== undefined) return found;
    if (Date.now() > deadline) throw new Error(`${what} did not happen within ${timeoutMs} ms`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

export const stopReplica = stopBot;

/** Clock ticks per second of /proc's CPU times (USER_HZ: 100 on Linux for every architecture we run on). */
const USER_HZ = 100;

/** CPU time (user + system) a live process has used so far, in ms; 0 once it is gone. */
export function cpuMs(replica: BenchReplica): number {
  try {
    const stat = readFileSync(`/proc/${replica.child.pid}/stat`, 'utf8');
    // Fields after the command name (which may hold spaces): state is field 3, utime 14, stime 15.
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return ((Number(fields[11]) + Number(fields[12])) * 1000) / USER_HZ;
  } catch {
    return 0;
  }
}

/** The machine's CPU counters (all cores): busy and total ticks, to tell how loaded it was over an interval. */
export function machineCpu(): { busy: number; total: number } {
  const [, ...values] = (readFileSync('/proc/stat', 'utf8').split('\n')[0] ?? '').trim().split(/\s+/);
  const ticks = values.map(Number);
  const total = ticks.reduce((sum, t) => sum + t, 0);
  // idle and iowait are the 4th and 5th counters.
  return { busy: total - (ticks[3] ?? 0) - (ticks[4] ?? 0), total };
}
