import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import net from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';

/**
 * Bot replicas for the replica bench: `node dist/src/main.js` processes as operators run them, each in an empty
 * folder (no .env) on a free HTTP port. The bench reads their log lines (the sweep summary) and their peak
 * RSS from /proc while they run.
 */
const MAIN = path.join(__dirname, '../src/main.js');

export interface BenchReplica {
  name: string;
  port: number;
  child: ChildProcess;
  output(): string;
  /** When each line of output arrived (epoch ms), for timing what the replica logs. */
  lines: { at: number; text: string }[];
  exited: Promise<void>;
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as net.AddressInfo;
      server.close(() => resolve(port));
    });
  });
}

export async function spawnReplica(name: string, env: Record<string, string>): Promise<BenchReplica> {
  const port = await freePort();
  const cwd = mkdtempSync(path.join(tmpdir(), `rpccheck-${name}-`));
  const child = spawn(process.execPath, [MAIN], {
    cwd,
    env: { PATH: process.env['PATH'] ?? '', ...env, PORT: String(port) },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  const lines: BenchReplica['lines'] = [];
  const read = (chunk: Buffer): void => {
    const text = chunk.toString();
    output += text;
    for (const line of text.split('\n')) if (line !== '') lines.push({ at: Date.now(), text: line });
  };
  child.stdout?.on('data', read);
  child.stderr?.on('data', read);
  // Its empty working folder goes with it.
  const exited = new Promise<void>((resolve) =>
    child.once('exit', () => {
      rmSync(cwd, { recursive: true, force: true });
      resolve();
    }),
  );
  return { name, port, child, output: () => output, lines, exited };
}

/** Resolves once GET /healthz answers, or throws with the replica's output. */
export async function healthy(replica: BenchReplica, deadline: number): Promise<void> {
  while (Date.now() < deadline) {
    if (replica.child.exitCode !== null)
      throw new Error(`${replica.name} exited at start: ${replica.output()}`);
    try {
      if ((await fetch(`http://127.0.0.1:${replica.port}/healthz`)).ok) return;
    } catch {
      // Not listening yet.
    }
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  throw new Error(`${replica.name} did not answer /healthz in time: ${replica.output()}`);
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

const SWEEP_LINE = /sweep: (\d+) hosts checked, (\d+)\/(\d+) notices posted in (\d+) ms/;

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
          checked: Number(match[1]),
          posted: Number(match[2]),
          notices: Number(match[3]),
          ms: Number(match[4]),
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

/** SIGTERM, then SIGKILL if it lingers. */
export async function stopReplica(replica: BenchReplica): Promise<void> {
  if (replica.child.exitCode !== null || replica.child.signalCode !== null) return;
  replica.child.kill('SIGTERM');
  const timer = setTimeout(() => replica.child.kill('SIGKILL'), 10000);
  await replica.exited;
  clearTimeout(timer);
}

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
