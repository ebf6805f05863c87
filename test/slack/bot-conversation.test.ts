import type { SlackBot } from '../../src/slack/app';
import { SqliteStore } from '../../src/store/sqlite/sqlite-store';
import { type FakeSlackApi, type RecordedCall, startFakeSlackApi } from '../fixtures/fake-slack-api';
import { type Emulator, startIisEmulator } from '../fixtures/iis-emulator';
import { createPki } from '../fixtures/pki';
import { eventBody, postSigned } from '../fixtures/slack-signing';
import { startTestBot } from '../fixtures/test-bot';

const SECRET = 'test-signing-secret';
let slack: FakeSlackApi;
let bot: SlackBot;
let store: SqliteStore;
let server: Emulator;
let events: string;
let counter = 0;
const unique = (prefix: string): string => `${prefix}${++counter}`;
const json = (call: RecordedCall): string => JSON.stringify(call.body);

beforeAll(async () => {
  const pki = createPki();
  slack = await startFakeSlackApi();
  const leaf = pki.issueLeaf({ names: ['mail.contoso.com'] });
  // Offers NTLM and Negotiate beside Basic: the cause of endless prompts, which the check confirms.
  server = await startIisEmulator({
    mode: 'integrated',
    tls: { key: leaf.keyPem, cert: leaf.certPem + pki.intermediate.certPem },
  });
  store = new SqliteStore(':memory:');
  bot = await startTestBot({ pki, slackApiUrl: slack.url, env: { SLACK_SIGNING_SECRET: SECRET }, store });
  events = `http://127.0.0.1:${bot.port()}/slack/events`;
});

afterAll(async () => {
  await bot.stop(5000);
  await Promise.all([slack.close(), server.close(), store.close()]);
});

const mention = (text: string, channel: string, ts: string, threadTs?: string) =>
  postSigned(
    events,
    SECRET,
    eventBody(unique('Ev'), {
      type: 'app_mention',
      user: 'U1',
      text,
      ts,
      channel,
      event_ts: ts,
      ...(threadTs !== undefined && { thread_ts: threadTs }),
    }),
    'application/json',
  );

const inThread = (channel: string, ts: string, has: string) => (c: RecordedCall) =>
  c.body['channel'] === channel && c.body['thread_ts'] === ts && json(c).includes(has);

describe('a troubleshooting thread: host plus symptom, then follow-ups', () => {
  it('checks the host, then answers with the entry the report confirms, and follows up from the stored report', async () => {
    const channel = unique('C');
    const ts = '1700000100.000100';
    await mention(
      `<@UBOT> outlook anywhere on mail.contoso.com:${server.port} via 127.0.0.1 keeps prompting for a password`,
      channel,
      ts,
    );
    const report = await slack.waitFor(inThread(channel, ts, 'rpc.auth_integrated'), 20000);
    const answer = await slack.waitFor(inThread(channel, ts, 'confirmed: '), 20000);
    expect(answer.at).toBeGreaterThanOrEqual(report.at);
    const blocks = json(answer);
    // The confirmed entry leads, naming the finding that confirms it.
    expect(blocks).toContain('auth-integrated-prompts');
    expect(blocks).toMatch(/confirmed: Integrated authentication offered: [^"]*NTLM/);
    expect(String(answer.body['text'])).toContain('(confirmed)');

    // A symptom later in the thread, without a host: answered from the stored report, no new check.
    // Reports carry the finding code itself; answers only its title.
    const reports = () => slack.calls.filter((c) => inThread(channel, ts, 'rpccheck_rerun')(c)).length;
    expect(reports()).toBe(1);
    await mention(
      '<@UBOT> the login box keeps popping up for remote users',
      channel,
      '1700000100.000200',
      ts,
    );
    const later = await slack.waitFor((c) => inThread(channel, ts, 'confirmed: ')(c) && c !== answer, 20000);
    expect(json(later)).toContain('auth-integrated-prompts');
    expect(reports()).toBe(1);

    // "check again" re-runs the thread host.
    await mention('<@UBOT> check again please', channel, '1700000100.000300', ts);
    await slack.waitFor(() => reports() === 2, 20000);
    expect(slack.calls.filter((c) => inThread(channel, ts, 'confirmed: ')(c))).toHaveLength(2);
  });

  it('a symptom in a thread nobody checked a host in gets the plain answer', async () => {
    const channel = unique('C');
    const ts = '1700000200.000100';
    await mention('<@UBOT> users keep getting prompted for credentials', channel, ts);
    const reply = await slack.waitFor((c) => c.body['channel'] === channel && c.body['thread_ts'] === ts);
    expect(json(reply)).toContain('auth-integrated-prompts');
    expect(json(reply)).not.toContain('confirmed: ');
  });
});
