import type { CheckOptions } from '../src/probes/check-types';
import { pinnedRequest } from '../src/probes/http/pinned-request';
import { probeTls } from '../src/probes/probe-tls';
import { RPC_ECHO_HEADERS, RPC_PROXY_PATH } from '../src/probes/rpc-proxy/analyze-rpc-proxy';
import { runCheck } from '../src/probes/run-check';
import { NTLM_NEGOTIATE } from '../src/probes/ntlm/ntlm-challenge';
import { loopbackOptions } from '../test/fixtures/check-harness';
import { startIisEmulator } from '../test/fixtures/iis-emulator';
import { createPki, type Pki } from '../test/fixtures/pki';
import { fmt, mapConcurrent, median, timed, withPeakRss } from './measure';
import { opensslEnddate } from './openssl-loop';
import { measureCheckCpu } from './check-cpu';

// The same loopback options the tests use, with a bench-sized timeout.
const options = (pki: Pki): CheckOptions => loopbackOptions(pki, { timeoutMs: 5000 });

async function concurrency(pki: Pki, lines: string[]): Promise<void> {
  const leaf = pki.issueLeaf({ names: ['mail.contoso.com'] });
  const server = await startIisEmulator({
    mode: 'integrated',
    delayMs: 200,
    tls: { key: leaf.keyPem, cert: leaf.certPem + pki.intermediate.certPem },
    ntlm: {
      netbiosComputer: 'EX01',
      netbiosDomain: 'CONTOSO',
      dnsComputer: 'ex01.contoso.local',
      dnsDomain: 'contoso.local',
    },
    healthcheck: 'ex01.contoso.local',
  });
  const pinned = { host: 'mail.contoso.com', address: '127.0.0.1', port: server.port, timeoutMs: 5000 };
  const opts = options(pki);
  const target = {
    input: 'mail.contoso.com',
    host: 'mail.contoso.com',
    port: server.port,
    connectAddress: '127.0.0.1',
  };
  const rpc = (headers: Record<string, string> = {}) =>
    pinnedRequest({
      ...pinned,
      secure: true,
      method: 'RPC_IN_DATA',
      path: RPC_PROXY_PATH,
      headers: { ...RPC_ECHO_HEADERS, ...headers },
      body: '',
    });
  const paths: Record<string, () => Promise<unknown>> = {
    'TLS + certificate': () =>
      probeTls(pinned, {
        host: 'mail.contoso.com',
        now: new Date(),
        warnDays: 30,
        extraCaPem: opts.extraCaPem ?? [],
        policy: opts.policy,
        timeoutMs: 5000,
      }),
    'RPC proxy echo': () => rpc(),
    'NTLM challenge': () => rpc({ authorization: `NTLM ${NTLM_NEGOTIATE}` }),
    'health check': () =>
      pinnedRequest({ ...pinned, secure: true, method: 'GET', path: '/rpc/healthcheck.htm' }),
  };
  await runCheck(target, opts); // warm-up: trust store parse, JIT
  const single: Record<string, number> = {};
  for (const [name, path] of Object.entries(paths))
    single[name] = median(await Promise.all([1, 2, 3].map(async () => (await timed(path)).ms)));
  const full: number[] = [];
  for (let i = 0; i < 5; i++) full.push((await timed(() => runCheck(target, opts))).ms);
  const slowest = Math.max(...Object.values(single));
  const sum = Object.values(single).reduce((a, b) => a + b, 0);
  lines.push('Full check vs single probe paths (server adds 200 ms before each response):');
  for (const [name, ms] of Object.entries(single)) lines.push(`  ${name.padEnd(20)} ${fmt(ms)}`);
  lines.push(
    `  full check (median of 5)  ${fmt(median(full))}; slowest single path ${fmt(slowest)}; sum ${fmt(sum)}`,
  );
  lines.push(`  ratio full / slowest = ${(median(full) / slowest).toFixed(2)} (target < 1.5)`);
  await server.close();
}

async function manyHosts(pki: Pki, lines: string[]): Promise<void> {
  const leaf = pki.issueLeaf({ names: ['*.contoso.com'] });
  const servers = await Promise.all(
    Array.from({ length: 10 }, () =>
      startIisEmulator({
        mode: 'basic',
        tls: { key: leaf.keyPem, cert: leaf.certPem + pki.intermediate.certPem },
      }),
    ),
  );
  const targets = Array.from({ length: 500 }, (_, i) => {
    const host = `mail${i}.contoso.com`;
    return { input: host, host, port: servers[i % servers.length]?.port ?? 0, connectAddress: '127.0.0.1' };
  });
  const opts = options(pki);
  const concurrencyLimit = 16;
  const { value, peakMiB } = await withPeakRss(() =>
    timed(() => mapConcurrent(targets, concurrencyLimit, (t) => runCheck(t, opts))),
  );
  const ok = value.value.filter(
    (outcome) => outcome.kind === 'report' && outcome.report.verdict === 'ok',
  ).length;
  lines.push(`500 distinct hosts (10 local servers, concurrency ${concurrencyLimit}):`);
  lines.push(
    `  ${fmt(value.ms)} wall, ${((500 / value.ms) * 1000).toFixed(1)} hosts/s, peak RSS ${peakMiB.toFixed(0)} MiB, ${ok}/500 verdict ok`,
  );
  await Promise.all(servers.map((s) => s.close()));
}

async function versusOpenssl(pki: Pki, lines: string[]): Promise<void> {
  const leaf = pki.issueLeaf({ names: ['*.contoso.com'] });
  const server = await startIisEmulator({
    mode: 'basic',
    tls: { key: leaf.keyPem, cert: leaf.certPem + pki.intermediate.certPem },
  });
  const hosts = Array.from({ length: 50 }, (_, i) => `mail${i}.contoso.com`);
  const opts = options(pki);
  const ours = await timed(async () => {
    for (const host of hosts)
      await probeTls(
        { host, address: '127.0.0.1', port: server.port },
        {
          host,
          now: new Date(),
          warnDays: 30,
          extraCaPem: opts.extraCaPem ?? [],
          policy: opts.policy,
          timeoutMs: 5000,
        },
      );
  });
  const theirs = await timed(async () => {
    for (const host of hosts) await opensslEnddate(server.port, host);
  });
  lines.push('Certificate part vs `openssl s_client | openssl x509 -enddate`, 50 hosts one after another:');
  lines.push(
    `  rpccheck ${fmt(ours.ms)} (${(ours.ms / 50).toFixed(1)} ms/host, full chain + trust + name + findings)`,
  );
  lines.push(`  openssl  ${fmt(theirs.ms)} (${(theirs.ms / 50).toFixed(1)} ms/host, end date only)`);
  lines.push(`  ratio openssl / rpccheck = ${(theirs.ms / ours.ms).toFixed(1)}×`);
  await server.close();
}

export async function benchProbes(): Promise<string[]> {
  const lines: string[] = [];
  const pki = createPki();
  await concurrency(pki, lines);
  await manyHosts(pki, lines);
  await versusOpenssl(pki, lines);
  const cpu = await measureCheckCpu(300, 8);
  lines.push(
    `Main-thread CPU per full check (300 checks, 8 at once, TLS servers in a separate process): ${cpu.msPerCheck.toFixed(1)} ms (${(cpu.wallMs / 1000).toFixed(1)} s wall)`,
  );
  return lines;
}
