import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { freePort } from '../test/fixtures/free-port';
import { type FakeSlackApi, type RecordedCall, startFakeSlackApi } from '../test/fixtures/fake-slack-api';
import { postSigned, slashCommandBody } from '../test/fixtures/slack-signing';
import { fmt } from './measure';
import { startFarm } from './server-farm';

/**
 * The outage: 150 signed /rpccheck commands in 3 waves of 50, one second apart, against a freshly started bot
 * in its own process (as production runs it, so its event loop is measured alone). The TLS server runs in a
 * process of its own too (its handshakes would otherwise slow the client that times the acks); the fake Slack
 * API lives in this process. `RPCCHECK_BENCH_BOT` points at another build's main.js to compare.
 */
const SECRET = 'burst-secret';
const WAVES = 3;
const PER_WAVE = 50;

function percentile(values: number[], p: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)] ?? 0;
}

async function waitForHealth(port: number, bot: ChildProcess): Promise<void> {
  for (let i = 0; i < 200; i++) {
    if (bot.exitCode !== null) throw new Error(`the bot exited with ${bot.exitCode}`);
    try {
      if ((await fetch(`http://127.0.0.1:${port}/healthz`)).ok) return;
    } catch {
      // Not listening yet.
    }
    await new Promise((r) => setTimeout(r, 50));
  }
  throw new Error('the bot did not start within 10 s');
}

/** nodejs_eventloop_lag_max_seconds since the previous scrape (prom-client resets it on each), or undefined. */
async function loopDelayMaxMs(port: number): Promise<number | undefined> {
  try {
    const text = await (await fetch(`http://127.0.0.1:${port}/metrics`)).text();
    const match = /^nodejs_eventloop_lag_max_seconds (\S+)$/m.exec(text);
    return match ? Number(match[1]) * 1000 : undefined;
  } catch {
    return undefined;
  }
}

const isReport = (channel: string) => (c: RecordedCall) =>
  (c.method === 'chat.postMessage' || c.method === 'chat.update') &&
  c.body['channel'] === channel &&
  JSON.stringify(c.body).includes('tls.ok');

async function burst(
  botMain: string,
  slack: FakeSlackApi,
  target: string,
  caFile: string,
  dir: string,
  label: string,
  id: string,
): Promise<string[]> {
  // This process's own HTTP client runs cold on its first 50 requests at once; warm it on the fake Slack API
  // first, so the figures are the bot's acks and not the bench's start-up.
  await Promise.all(
    Array.from({ length: PER_WAVE }, () => fetch(`${slack.url}api.test`, { method: 'POST' })),
  );
  const port = await freePort();
  // RPCCHECK_BENCH_PROFILE=DIR writes the bot's CPU profile there (on SIGTERM) for `node --cpu-prof` analysis.
  const profileDir = process.env['RPCCHECK_BENCH_PROFILE'];
  const flags = profileDir === undefined ? [] : ['--cpu-prof', '--cpu-prof-dir', profileDir];
  const bot = spawn(process.execPath, [...flags, botMain], {
    env: {
      PATH: process.env['PATH'] ?? '',
      SLACK_BOT_TOKEN: 'xoxb-bench',
      SLACK_SIGNING_SECRET: SECRET,
      SLACK_API_URL: slack.url,
      PORT: String(port),
      RPCCHECK_ALLOW_TARGETS: '127.0.0.0/8',
      RPCCHECK_ALLOWED_PORTS: '1-65535',
      RPCCHECK_CA_FILE: caFile,
      RPCCHECK_DB: join(dir, `${id}.db`),
      RPCCHECK_RATE_LIMIT: '1000',
    },
    stdio: ['ignore', 'ignore', 'inherit'],
  });
  try {
    await waitForHealth(port, bot);
    await loopDelayMaxMs(port);
    const url = `http://127.0.0.1:${port}/slack/events`;
    const acks: number[] = [];
    const byWave: number[][] = Array.from({ length: WAVES }, () => []);
    let refused = 0;
    const started = performance.now();
    const waves: Promise<void>[] = [];
    for (let wave = 0; wave < WAVES; wave++) {
      if (wave > 0) await new Promise((r) => setTimeout(r, 1000));
      const commands = Array.from({ length: PER_WAVE }, async (_, i) => {
        const n = wave * PER_WAVE + i;
        const response = await postSigned(
          url,
          SECRET,
          slashCommandBody({
            text: target,
            user: `U${id}${n}`,
            channel: `C${id}${n}`,
            responseUrl: slack.responseUrl(`${id}${n}`),
          }),
          'application/x-www-form-urlencoded',
        );
        if (response.status !== 200) refused++;
        acks.push(response.ms);
        byWave[wave]?.push(response.ms);
      });
      waves.push(Promise.all(commands).then(() => undefined));
    }
    await Promise.all(waves);
    const total = WAVES * PER_WAVE;
    const channels = Array.from({ length: total }, (_, n) => `C${id}${n}`);
    await Promise.all(channels.map((channel) => slack.waitFor(isReport(channel), 120_000)));
    const allReported = performance.now() - started;
    const loopMax = await loopDelayMaxMs(port);
    const reports = channels.filter((channel) => slack.calls.some(isReport(channel))).length;
    return [
      `${label}: ${total} commands in ${WAVES} waves of ${PER_WAVE}, 1 s apart, on a fresh bot: ack p50 ${fmt(percentile(acks, 50))}, p99 ${fmt(percentile(acks, 99))}, max ${fmt(Math.max(...acks))}; ${total - refused}/${total} acked 200`,
      `${label}: ack p99 by wave: ${byWave.map((wave) => fmt(percentile(wave, 99))).join(', ')}`,
      `${label}: every report posted: ${reports}/${total}, the last ${fmt(allReported)} after the first command; event-loop delay max ${loopMax === undefined ? 'not exposed by this build' : fmt(loopMax)}`,
    ];
  } finally {
    const exited = new Promise((done) => bot.once('exit', done));
    bot.kill(profileDir === undefined ? 'SIGKILL' : 'SIGTERM');
    await exited;
  }
}

export async function benchBurst(): Promise<string[]> {
  const farm = await startFarm({ leafDays: [90], serversPerLeaf: 1 });
  const slack = await startFakeSlackApi();
  const dir = mkdtempSync(join(tmpdir(), 'rpccheck-burst-'));
  const caFile = join(dir, 'ca.pem');
  writeFileSync(caFile, farm.rootPem);
  const target = `mail.contoso.com:${farm.ports[0] ?? 0} via 127.0.0.1`;
  const lines: string[] = [];
  try {
    const baseline = process.env['RPCCHECK_BENCH_BOT'];
    if (baseline !== undefined)
      lines.push(...(await burst(resolve(baseline), slack, target, caFile, dir, 'baseline', 'BASE')));
    lines.push(
      ...(await burst(resolve(__dirname, '../src/main.js'), slack, target, caFile, dir, 'this build', 'NEW')),
    );
  } finally {
    await Promise.all([slack.close(), farm.close()]);
    rmSync(dir, { recursive: true, force: true });
  }
  return lines;
}
