import type { SlackBot } from '../../src/slack/app';
import { type FakeSlackApi, type RecordedCall, startFakeSlackApi } from '../fixtures/fake-slack-api';
import { type Emulator, startIisEmulator } from '../fixtures/iis-emulator';
import { createPki } from '../fixtures/pki';
import { postSigned, slashCommandBody } from '../fixtures/slack-signing';
import { startTestBot } from '../fixtures/test-bot';

const SECRET = 'queue-secret';
let slack: FakeSlackApi;
let bot: SlackBot;
let slow: Emulator;

beforeAll(async () => {
  const pki = createPki();
  slack = await startFakeSlackApi();
  const leaf = pki.issueLeaf({ names: ['mail.contoso.com'] });
  // Each answer takes a while, so the second and third commands find the only slot taken.
  slow = await startIisEmulator({
    mode: 'basic',
    delayMs: 400,
    tls: { key: leaf.keyPem, cert: leaf.certPem + pki.intermediate.certPem },
  });
  bot = await startTestBot({
    pki,
    slackApiUrl: slack.url,
    env: { SLACK_SIGNING_SECRET: SECRET, RPCCHECK_RATE_LIMIT: '100', RPCCHECK_MAX_CHECKS: '1' },
    queue: { refreshMs: 100, updatesPerRefresh: 10, placeholderAfterMs: 0 },
  });
});

afterAll(async () => {
  await bot.stop(5000);
  await Promise.all([slack.close(), slow.close()]);
});

const slash = (user: string, channel: string) =>
  postSigned(
    `http://127.0.0.1:${bot.port()}/slack/events`,
    SECRET,
    slashCommandBody({
      text: `mail.contoso.com:${slow.port} via 127.0.0.1`,
      user,
      channel,
      responseUrl: slack.responseUrl(`${user}-${channel}`),
    }),
    'application/x-www-form-urlencoded',
  );

const inChannel = (channel: string) => (c: RecordedCall) =>
  (c.method === 'chat.postMessage' || c.method === 'chat.update') && c.body['channel'] === channel;

describe('checks beyond RPCCHECK_MAX_CHECKS wait in a queue and say so', () => {
  it('acks every command at once with its place, keeps the waiting message current, and replaces it with the report', async () => {
    const acks = await Promise.all([
      slash('UA', 'CQ1'),
      // Sent a little later, so the first command surely holds the slot.
      new Promise((r) => setTimeout(r, 50)).then(() => slash('UB', 'CQ2')),
      new Promise((r) => setTimeout(r, 100)).then(() => slash('UC', 'CQ3')),
    ]);
    const texts = acks.map((ack) => (JSON.parse(ack.body) as { text: string }).text);
    expect(texts[0]).toContain('Checking mail.contoso.com');
    expect(texts[1]).toContain('next in line');
    expect(texts[2]).toContain('queued, 1 ahead');

    // The third command's waiting message, then an update as its place moves, then the report in its place.
    const waiting = await slack.waitFor((c) => inChannel('CQ3')(c) && c.method === 'chat.postMessage');
    expect(JSON.stringify(waiting.body)).toContain('queued, 1 ahead');
    const ts = String(
      (
        await slack.waitFor(
          (c) =>
            c.method === 'chat.update' &&
            c.body['channel'] === 'CQ3' &&
            JSON.stringify(c.body).includes('next in line'),
        )
      ).body['ts'],
    );
    const report = await slack.waitFor(
      (c) =>
        c.method === 'chat.update' && c.body['channel'] === 'CQ3' && JSON.stringify(c.body).includes('rpc.'),
      20000,
    );
    expect(report.body['ts']).toBe(ts);

    // Each command got exactly one report: the first as a new message, the queued ones by replacing their waiting message.
    for (const channel of ['CQ1', 'CQ2', 'CQ3']) {
      const calls = slack.calls.filter(inChannel(channel));
      const reports = calls.filter((c) => JSON.stringify(c.body).includes('tls.ok'));
      expect(reports).toHaveLength(1);
      expect(calls.filter((c) => c.method === 'chat.postMessage')).toHaveLength(1);
    }
    expect(slack.calls.filter(inChannel('CQ1')).map((c) => c.method)).toEqual(['chat.postMessage']);
    // Nothing is updated after the report replaced the waiting message.
    await new Promise((r) => setTimeout(r, 300));
    const last = slack.calls.filter(inChannel('CQ3')).at(-1);
    expect(JSON.stringify(last?.body)).toContain('tls.ok');
    expect(bot.services.checks.running + bot.services.checks.waiting).toBe(0);
  });

  it('posts the report anew when the waiting message is gone', async () => {
    void slash('UD', 'CQ4');
    await new Promise((r) => setTimeout(r, 50));
    slack.failNext('chat.update', { error: 'message_not_found' });
    void slash('UE', 'CQ5');
    await slack.waitFor((c) => c.method === 'chat.postMessage' && c.body['channel'] === 'CQ5');
    const report = await slack.waitFor(
      (c) =>
        c.method === 'chat.postMessage' &&
        c.body['channel'] === 'CQ5' &&
        JSON.stringify(c.body).includes('tls.ok'),
      20000,
    );
    expect(report).toBeDefined();
  });

  it('GET /metrics counts the checks by verdict and shows the queue and the event-loop delay', async () => {
    const response = await fetch(`http://127.0.0.1:${bot.port()}/metrics`);
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toContain('text/plain');
    const text = await response.text();
    const checks = [...text.matchAll(/^rpccheck_checks_total\{verdict="(\w+)"\} (\d+)$/gm)];
    expect(checks.reduce((sum, match) => sum + Number(match[2]), 0)).toBe(5);
    expect(text).toMatch(/^rpccheck_check_duration_seconds_count\{verdict="\w+"\} \d+$/m);
    expect(text).toMatch(/^rpccheck_check_queue_length 0$/m);
    expect(text).toMatch(/^rpccheck_checks_running 0$/m);
    expect(text).toMatch(/^nodejs_eventloop_lag_max_seconds \d/m);
  });
});
