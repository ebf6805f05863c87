import { startFakeSlackApi } from '../test/fixtures/fake-slack-api';
import { startIisEmulator } from '../test/fixtures/iis-emulator';
import { createPki } from '../test/fixtures/pki';
import { postSigned, slashCommandBody } from '../test/fixtures/slack-signing';
import { startTestBot } from '../test/fixtures/test-bot';
import { fmt, median } from './measure';

/** Signed slash command → ack → posted report, through the real Bolt receiver, and 50 commands at once. */
export async function benchSlack(): Promise<string[]> {
  const pki = createPki();
  const leaf = pki.issueLeaf({});
  const emulator = await startIisEmulator({
    mode: 'integrated',
    tls: { key: leaf.keyPem, cert: leaf.certPem + pki.intermediate.certPem },
  });
  const slack = await startFakeSlackApi();
  const secret = 'bench-secret';
  const bot = await startTestBot({
    pki,
    slackApiUrl: slack.url,
    env: { SLACK_SIGNING_SECRET: secret, RPCCHECK_RATE_LIMIT: '1000' },
  });
  const url = `http://127.0.0.1:${bot.port()}/slack/events`;
  const command = (channel: string) =>
    postSigned(
      url,
      secret,
      slashCommandBody({
        text: `mail.contoso.com:${emulator.port} via 127.0.0.1`,
        channel,
        responseUrl: slack.responseUrl('b'),
      }),
      'application/x-www-form-urlencoded',
    );
  const lines: string[] = [];
  try {
    const acks: number[] = [];
    const reports: number[] = [];
    for (let i = 0; i < 10; i++) {
      const channel = `CB${i}`;
      const started = performance.now();
      const ack = await command(channel);
      acks.push(ack.ms);
      await slack.waitFor((c) => c.method === 'chat.postMessage' && c.body['channel'] === channel);
      reports.push(performance.now() - started);
    }
    lines.push(
      `Signed slash command → ack: median ${fmt(median(acks))}, max ${fmt(Math.max(...acks))} (10 runs)`,
    );
    lines.push(
      `Signed slash command → report posted: median ${fmt(median(reports))}, max ${fmt(Math.max(...reports))}`,
    );
    const burst = await Promise.all(Array.from({ length: 50 }, (_, i) => command(`CC${i}`)));
    const inTime = burst.filter((r) => r.status === 200 && r.ms < 3000).length;
    const burstStart = performance.now();
    await slack.waitFor(
      () =>
        slack.calls.filter(
          (c) => c.method === 'chat.postMessage' && String(c.body['channel']).startsWith('CC'),
        ).length >= 50,
      60000,
    );
    lines.push(
      `50 concurrent slash commands: ${inTime}/50 acked within 3 s (slowest ack ${fmt(Math.max(...burst.map((r) => r.ms)))}); all 50 reports posted ${fmt(performance.now() - burstStart)} after the last ack`,
    );
  } finally {
    await bot.stop(5000);
    await Promise.all([slack.close(), emulator.close()]);
  }
  return lines;
}
