import { createTargetPolicy } from '../src/core/target-policy';
import type { CheckOptions } from '../src/probes/check-types';
import { runCheck } from '../src/probes/run-check';
import { mapConcurrent } from './measure';
import { startFarm } from './server-farm';

/**
 * Main-thread CPU per full check, servers in another process: `node dist/bench/check-cpu.js [N]`, under
 * `node --cpu-prof` to see where it goes. Also a section of `npm run bench`.
 */
export async function measureCheckCpu(
  checks = 200,
  concurrency = 8,
): Promise<{ msPerCheck: number; wallMs: number; ok: number }> {
  const farm = await startFarm({ leafDays: [200], serversPerLeaf: 4 });
  try {
    const options: CheckOptions = {
      policy: createTargetPolicy({ allowTargets: '127.0.0.0/8', allowedPorts: '1-65535' }),
      timeoutMs: 5000,
      warnDays: 30,
      extraCaPem: [farm.rootPem],
      httpPort: 1,
    };
    const targets = Array.from({ length: checks }, (_, i) => {
      const host = `mail${i}.contoso.com`;
      return { input: host, host, port: farm.ports[i % farm.ports.length] ?? 0, connectAddress: '127.0.0.1' };
    });
    // The first check pays for loading modules and the trust store; the figure is for the ones after it.
    const first = targets[0];
    if (first) await runCheck(first, options);
    const cpu = process.cpuUsage();
    const started = performance.now();
    const outcomes = await mapConcurrent(targets, concurrency, (t) => runCheck(t, options));
    const used = process.cpuUsage(cpu);
    const ok = outcomes.filter((o) => o.kind === 'report' && o.report.verdict !== 'critical').length;
    return { msPerCheck: (used.user + used.system) / 1000 / checks, wallMs: performance.now() - started, ok };
  } finally {
    await farm.close();
  }
}

if (require.main === module) {
  void measureCheckCpu(Number(process.argv[2] ?? 200)).then((r) =>
    console.log(
      `${r.msPerCheck.toFixed(2)} ms main-thread CPU per check, ${r.wallMs.toFixed(0)} ms wall, ${r.ok} not critical`,
    ),
  );
}
