import { fork } from 'node:child_process';
import path from 'node:path';
import { opensslLoopMsPerHost } from './openssl-loop';
import { startFarm } from './server-farm';
import type { SweepRunInput, SweepRunResult } from './sweep-run';

const HOSTS = 1000;
const OPENSSL_SAMPLE = 50;
/** The default of RPCCHECK_SWEEP_CONCURRENCY (src/config.ts). */
const CONCURRENCY = 16;

function sweepInChild(input: SweepRunInput): Promise<SweepRunResult> {
  const child = fork(path.join(__dirname, 'sweep-run.js'), [JSON.stringify(input)], {
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
  });
  return new Promise((resolve, reject) => {
    child.once('error', reject);
    child.once('message', (message) => {
      resolve(message as SweepRunResult);
      child.kill();
    });
    child.once('exit', (code) => reject(new Error(`the sweep process exited without a result (${code})`)));
  });
}

/**
 * A sweep of 1,000 watched hosts (certificate view) against a sequential `openssl s_client` loop over the
 * same servers (spec §11: at least 10×, under 150 MB). The TLS servers run in a process of their own, the
 * sweep in another, so neither the servers' handshakes nor the rest of the bench count against it.
 */
export async function benchSweep(): Promise<string[]> {
  const farm = await startFarm({ leafDays: [3, 10, 45, 200], serversPerLeaf: 5 });
  try {
    const sweep = await sweepInChild({
      ports: farm.ports,
      rootPem: farm.rootPem,
      hosts: HOSTS,
      concurrency: CONCURRENCY,
    });
    const sample = Array.from({ length: OPENSSL_SAMPLE }, (_, i) => ({
      name: `mail${i}.contoso.com`,
      port: farm.ports[i % farm.ports.length] ?? 0,
    }));
    const opensslMs = await opensslLoopMsPerHost(sample);
    const sweepRate = (sweep.checked / sweep.ms) * 1000;
    const opensslRate = 1000 / opensslMs;
    const ratio = sweepRate / opensslRate;
    return [
      `Sweep of ${HOSTS.toLocaleString('en')} watched hosts, certificate view (${farm.ports.length} local servers in a separate process, 4 certificates, 25 channels, concurrency ${CONCURRENCY}, the sweep in a process of its own):`,
      `  ${(sweep.ms / 1000).toFixed(2)} s wall, ${sweepRate.toFixed(0)} hosts/s, peak RSS ${sweep.peakRssMiB.toFixed(0)} MiB (target < 150), ${sweep.notices} notices in ${sweep.posts} channel messages, database ${sweep.dbKiB.toFixed(0)} KiB (+WAL)`,
      `  sequential \`openssl s_client | openssl x509 -enddate\` loop over ${OPENSSL_SAMPLE} of the same hosts: ${opensslMs.toFixed(1)} ms/host, ${opensslRate.toFixed(0)} hosts/s`,
      `  ratio sweep / openssl loop = ${ratio.toFixed(1)}× (target ≥ 10×)`,
      `Per-watch decision with 10,000 watches stored (ledger lookup + decide): ${sweep.decideMicros.toFixed(0)} µs`,
    ];
  } finally {
    await farm.close();
  }
}

if (require.main === module) void benchSweep().then((lines) => console.log(lines.join('\n')));
