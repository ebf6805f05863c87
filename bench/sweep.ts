import { mkdtempSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { runCheck } from '../src/probes/run-check';
import { decide } from '../src/reminders/decide';
import type { Notifier } from '../src/reminders/notifier';
import { runSweep } from '../src/reminders/sweep';
import { SqliteStore } from '../src/store/sqlite/sqlite-store';
import { loopbackOptions } from '../test/fixtures/check-harness';
import { startIisEmulator } from '../test/fixtures/iis-emulator';
import { createPki } from '../test/fixtures/pki';
import { fmt, timed, withPeakRss } from './measure';

/** A sweep of 1,000 watched hosts on local servers, and the per-watch decision with 10,000 watches stored. */
export async function benchSweep(): Promise<string[]> {
  const pki = createPki();
  const servers = await Promise.all(
    [3, 10, 45, 200].flatMap((days) =>
      Array.from({ length: 5 }, () => {
        const leaf = pki.issueLeaf({ names: ['*.contoso.com'], days });
        return startIisEmulator({
          mode: 'basic',
          tls: { key: leaf.keyPem, cert: leaf.certPem + pki.intermediate.certPem },
        });
      }),
    ),
  );
  const dir = mkdtempSync(path.join(tmpdir(), 'rpccheck-bench-'));
  const file = path.join(dir, 'rpccheck.db');
  const store = new SqliteStore(file);
  const now = new Date();
  for (let i = 0; i < 1000; i++) {
    const server = servers[i % servers.length];
    await store.upsertWatch(
      {
        channel: `C${i % 25}`,
        targetKey: `mail${i}.contoso.com:${server?.port}`,
        input: `mail${i}.contoso.com`,
        host: `mail${i}.contoso.com`,
        port: server?.port ?? 0,
        connectAddress: '127.0.0.1',
        days: [30, 14, 7, 3, 1],
        addedBy: 'bench',
      },
      now,
    );
  }
  let posts = 0;
  const notifier: Notifier = { notify: async () => ({ ok: true, ts: `${++posts}` }) };
  const concurrency = 16;
  const { value, peakMiB } = await withPeakRss(() =>
    timed(() =>
      runSweep({
        store,
        runCheck,
        checkOptions: loopbackOptions(pki, { timeoutMs: 5000 }),
        notifier,
        concurrency,
        unreachableAfter: 2,
      }),
    ),
  );
  const lines = [
    `Sweep of 1,000 watched hosts (20 local servers, 4 certificates, 25 channels, concurrency ${concurrency}):`,
    `  ${fmt(value.ms)} wall, ${((1000 / value.ms) * 1000).toFixed(1)} hosts/s, peak RSS ${peakMiB.toFixed(0)} MiB, ${value.value.notices} notices in ${posts} channel messages, database ${(statSync(file).size / 1024).toFixed(0)} KiB (+WAL)`,
  ];
  await Promise.all(servers.map((s) => s.close()));

  for (let i = 1000; i < 10000; i++)
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
  lines.push(
    `Per-watch decision with ${watches.length} watches stored (ledger lookup + decide): ${((per.ms / watches.length) * 1000).toFixed(0)} µs`,
  );
  await store.close();
  return lines;
}
