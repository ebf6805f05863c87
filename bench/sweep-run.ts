import { mkdtempSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { createTargetPolicy } from '../src/core/target-policy';
import { decide } from '../src/reminders/decide';
import type { Notifier } from '../src/reminders/notifier';
import { runSweep } from '../src/reminders/sweep';
import { SqliteStore } from '../src/store/sqlite/sqlite-store';
import { timed } from './measure';

/**
 * One sweep in a process of its own (what `rpccheck sweep --once` or the bot's cron does), so its peak RSS is
 * the sweep's and not the rest of the bench's: `node sweep-run.js '{"ports":[…],"rootPem":"…",…}'`.
 */
export interface SweepRunInput {
  ports: number[];
  rootPem: string;
  hosts: number;
  concurrency: number;
}

export interface SweepRunResult {
  ms: number;
  peakRssMiB: number;
  checked: number;
  notices: number;
  posts: number;
  dbKiB: number;
  /** Ledger lookup + decide per watch with 10,000 watches stored. */
  decideMicros: number;
}

async function run(input: SweepRunInput): Promise<SweepRunResult> {
  const dir = mkdtempSync(path.join(tmpdir(), 'rpccheck-bench-'));
  const file = path.join(dir, 'rpccheck.db');
  const store = new SqliteStore(file);
  const now = new Date();
  for (let i = 0; i < input.hosts; i++) {
    const port = input.ports[i % input.ports.length] ?? 0;
    await store.upsertWatch(
      {
        channel: `C${i % 25}`,
        targetKey: `mail${i}.contoso.com:${port}`,
        input: `mail${i}.contoso.com`,
        host: `mail${i}.contoso.com`,
        port,
        connectAddress: '127.0.0.1',
        days: [30, 14, 7, 3, 1],
        addedBy: 'bench',
      },
      now,
    );
  }
  let posts = 0;
  const notifier: Notifier = { notify: async () => ({ ok: true, ts: `${++posts}` }) };
  const sweep = await timed(() =>
    runSweep({
      store,
      checkOptions: {
        policy: createTargetPolicy({ allowTargets: '127.0.0.0/8', allowedPorts: '1-65535' }),
        timeoutMs: 5000,
        warnDays: 30,
        extraCaPem: [input.rootPem],
      },
      notifier,
      concurrency: input.concurrency,
      unreachableAfter: 2,
    }),
  );
  const peakRssMiB = process.resourceUsage().maxRSS / 1024;
  const dbKiB = statSync(file).size / 1024;

  for (let i = input.hosts; i < 10000; i++)
    await store.upsertWatch(
      {
        channel: `C${i % 25}`,
        targetKey: `h${i}:443`,
        input: `h${i}`,
        host: `h${i}`,
        port: 443,
        days: [30, 14, 7, 3, 1],
        addedBy: 'bench',
      },
      now,
    );
  const watches = await store.listWatches();
  const cert = {
    fingerprint: 'AB',
    notAfter: new Date(now.getTime() + 5 * 86400000).toISOString(),
    daysLeft: 5,
    issuer: 'CN=CA',
    subject: 'CN=x',
    trusted: true,
  };
  const per = await timed(async () => {
    for (const watch of watches)
      decide(
        watch,
        watch.last,
        { kind: 'certificate', cert, verdict: 'ok' },
        await store.posted(watch.id),
        now,
        2,
      );
  });
  await store.close();
  return {
    ms: sweep.ms,
    peakRssMiB,
    checked: sweep.value.checked,
    notices: sweep.value.notices,
    posts,
    dbKiB,
    decideMicros: (per.ms / watches.length) * 1000,
  };
}

if (require.main === module && process.argv[2] !== undefined)
  void run(JSON.parse(process.argv[2]) as SweepRunInput).then((result) => process.send?.(result));
