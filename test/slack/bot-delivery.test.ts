import type { RecordedCall } from '../fixtures/fake-slack-api';
import { type Emulator, startIisEmulator } from '../fixtures/iis-emulator';
import { createPki } from '../fixtures/pki';
import { type SlackRig, startSlackRig, unique } from '../fixtures/slack-rig';

/** Where answers go: privately, in the thread, through the response URL when Slack refuses the channel. */

const pki = createPki();
let iis: Emulator;
let slow: Emulator;

beforeAll(async () => {
  const leaf = pki.issueLeaf({ names: ['mail.contoso.com'] });
  const tls = { key: leaf.keyPem, cert: leaf.certPem + pki.intermediate.certPem };
  iis = await startIisEmulator({ mode: 'integrated', tls });
  slow = await startIisEmulator({ mode: 'basic', delayMs: 1500, tls });
});
afterAll(async () => {
  await Promise.all([iis.close(), slow.close()]);
});

const json = (call: RecordedCall): string => JSON.stringify(call.body);
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
const posted = (rig: SlackRig, channel: string): RecordedCall[] =>
  rig.slack.calls.filter((c) => c.method === 'chat.postMessage' && c.body['channel'] === channel);

describe('buttons', () => {
  let rig: SlackRig;
  beforeAll(async () => {
    rig = await startSlackRig(pki);
  });
  afterAll(() => rig.stop());

  it('an entry button on a private answer answers privately, through the response URL', async () => {
    const channel = unique('C');
    const { responseId } = await rig.click({
      actionId: 'rpccheck_entry:0',
      value: 'ssl-expired',
      channel,
      ephemeral: true,
    });
    const answer = await rig.slack.waitFor((c) => c.method === responseId);
    expect(answer.body['response_type']).toBe('ephemeral');
    expect(json(answer)).toContain('ssl-expired');
    await sleep(300);
    expect(posted(rig, channel)).toHaveLength(0);
  });

  it('an entry button on a thread message answers in that thread', async () => {
    const channel = unique('C');
    await rig.click({
      actionId: 'rpccheck_entry:1',
      value: 'ssl-expired',
      channel,
      messageTs: '1700000100.000200',
      threadTs: '1700000100.000100',
    });
    const reply = await rig.slack.waitFor(
      (c) => c.method === 'chat.postMessage' && c.body['channel'] === channel,
    );
    expect(reply.body['thread_ts']).toBe('1700000100.000100');
  });
});

describe('a Re-run carrying an address the policy refuses', () => {
  let rig: SlackRig;
  beforeAll(async () => {
    rig = await startSlackRig(pki, { RPCCHECK_RATE_LIMIT: '1' });
  });
  afterAll(() => rig.stop());

  it('is refused privately at once, and the click does not count against the rate limit', async () => {
    const user = unique('U');
    const channel = unique('C');
    const { responseId } = await rig.click({
      actionId: 'rpccheck_rerun:0',
      value: '{"t":"mail.contoso.com","p":443,"v":"169.254.169.254"}',
      channel,
      user,
    });
    const answer = await rig.slack.waitFor((c) => c.method === responseId);
    expect(answer.body['response_type']).toBe('ephemeral');
    expect(String(answer.body['text'])).toContain('Not checking: mail.contoso.com at 169.254.169.254');
    const { json: ack } = await rig.slash(`mail.contoso.com:${iis.port} via 127.0.0.1`, { user });
    expect(ack.text).toContain('Checking mail.contoso.com');
  });
});

describe('RPCCHECK_ALLOWED_CHANNELS applies to buttons', () => {
  let rig: SlackRig;
  beforeAll(async () => {
    rig = await startSlackRig(pki, { RPCCHECK_ALLOWED_CHANNELS: 'COK' });
  });
  afterAll(() => rig.stop());

  it.each([
    ['rpccheck_rerun:0', () => `{"t":"mail.contoso.com","p":${iis.port},"v":"127.0.0.1"}`],
    ['rpccheck_details:1', () => `{"t":"mail.contoso.com","p":${iis.port},"v":"127.0.0.1"}`],
    ['rpccheck_entry:0', () => 'ssl-expired'],
    ['rpccheck_flow:0', () => 'troubleshoot/start'],
    ['rpccheck_watch:2', () => `{"t":"mail.contoso.com","p":${iis.port},"v":"127.0.0.1"}`],
    ['rpccheck_ad_rerun:0', () => '{"a":"contoso.com"}'],
  ])('%s outside the list is answered privately and runs nothing', async (actionId, value) => {
    const channel = unique('CNO');
    const { responseId } = await rig.click({ actionId, value: value(), channel });
    const answer = await rig.slack.waitFor((c) => c.method === responseId);
    expect(answer.body['response_type']).toBe('ephemeral');
    expect(String(answer.body['text'])).toContain('not enabled in this channel');
    await sleep(300);
    expect(rig.callsFor(channel)).toHaveLength(0);
    expect(rig.bot.services.checks.running + rig.bot.services.checks.waiting).toBe(0);
    expect(await rig.store.listWatches(channel)).toHaveLength(0);
  });

  const seedWatch = async (channel: string, host: string): Promise<string> => {
    const targetKey = `${host}:443`;
    await rig.store.upsertWatch(
      { channel, targetKey, input: targetKey, host, port: 443, days: [30], addedBy: 'UCLI' },
      new Date(),
    );
    return targetKey;
  };

  it('"Stop watching" on a reminder the CLI sent outside the list still stops it; "Re-check now" does not run', async () => {
    const channel = unique('CNO');
    const targetKey = await seedWatch(channel, 'mail.contoso.com');
    const recheck = await rig.click({
      actionId: 'rpccheck_recheck:0',
      value: '{"t":"mail.contoso.com","p":443}',
      channel,
    });
    const refused = await rig.slack.waitFor((c) => c.method === recheck.responseId);
    expect(String(refused.body['text'])).toContain('not enabled in this channel');
    const { responseId } = await rig.click({
      actionId: 'rpccheck_unwatch:1',
      value: '{"t":"mail.contoso.com","p":443}',
      channel,
    });
    const answer = await rig.slack.waitFor((c) => c.method === responseId);
    expect(answer.body['response_type']).toBe('ephemeral');
    expect(String(answer.body['text'])).toContain(`Stopped watching ${targetKey}`);
    expect(await rig.store.listWatches(channel)).toEqual([]);
  });

  it('/rpccheck unwatch outside the list stops a reminder; other commands stay refused', async () => {
    const channel = unique('CNO');
    const targetKey = await seedWatch(channel, 'owa.contoso.com');
    const { json: watches } = await rig.slash('watches', { channel });
    expect(watches.text).toContain('not enabled in this channel');
    const { json: ack } = await rig.slash(`unwatch ${targetKey}`, { channel });
    expect(ack.text).toContain(`Stopped watching ${targetKey}`);
    expect(await rig.store.listWatches(channel)).toEqual([]);
  });
});

describe('a queued check from a thread', () => {
  let rig: SlackRig;
  beforeAll(async () => {
    // One slot, the waiting message at once, and no refreshes: the only chat.update is the report's.
    rig = await startSlackRig(
      pki,
      { RPCCHECK_MAX_CHECKS: '1' },
      { placeholderAfterMs: 0, refreshMs: 600000 },
    );
  });
  afterAll(() => rig.stop());

  it('keeps its thread when the waiting message was deleted', async () => {
    const channel = unique('C');
    const thread = '1700009000.000100';
    await rig.mention(`<@UBOT> check mail.contoso.com:${slow.port} via 127.0.0.1`, {
      channel,
      ts: thread,
      user: 'UA',
    });
    await rig.slack.waitFor(() => rig.bot.services.checks.running === 1);
    await rig.mention(`<@UBOT> check mail.contoso.com:${iis.port} via 127.0.0.1`, {
      channel,
      ts: '1700009000.000200',
      threadTs: thread,
      user: 'UB',
    });
    const waiting = await rig.slack.waitFor(
      (c) =>
        c.method === 'chat.postMessage' && c.body['channel'] === channel && json(c).includes('next in line'),
    );
    expect(waiting.body['thread_ts']).toBe(thread);
    rig.slack.failNext('chat.update', { error: 'message_not_found' });
    const report = await rig.slack.waitFor(
      (c) =>
        c.method === 'chat.postMessage' &&
        c.body['channel'] === channel &&
        json(c).includes('rpc.auth_integrated'),
    );
    expect(report.body['thread_ts']).toBe(thread);
  });
});

describe('Slack refusing the report', () => {
  let rig: SlackRig;
  beforeAll(async () => {
    rig = await startSlackRig(pki);
  });
  afterAll(() => rig.stop());

  it('a 429 asking for longer than the retry budget is not waited: the report comes through the response URL', async () => {
    const channel = unique('C');
    rig.slack.failNext('chat.postMessage', { status: 429, retryAfter: 40 });
    const { responseId } = await rig.slash(`mail.contoso.com:${iis.port} via 127.0.0.1`, { channel });
    // Within the fake's default wait (15 s), far less than the 40 s Slack asked for.
    const report = await rig.slack.waitFor(
      (c) => c.method === responseId && c.body['response_type'] === 'in_channel',
    );
    expect(json(report)).toContain('rpc.auth_integrated');
    expect(posted(rig, channel)).toHaveLength(1);
  });

  it('Slack failing with 500s may have posted the report: the user is told privately, the report is not posted again', async () => {
    const channel = unique('C');
    for (let i = 0; i < 4; i++)
      rig.slack.failNext('chat.postMessage', { status: 500, error: 'internal_error' });
    const { responseId } = await rig.slash(`mail.contoso.com:${iis.port} via 127.0.0.1`, { channel });
    const told = await rig.slack.waitFor((c) => c.method === responseId);
    expect(told.body['response_type']).toBe('ephemeral');
    expect(String(told.body['text'])).toMatch(
      /finished \(warning\) but Slack answered with an error \(HTTP 500\), so the report may not have arrived\./,
    );
    await sleep(300);
    const responses = rig.slack.responses.filter((c) => c.method === responseId);
    expect(responses).toHaveLength(1);
    const seen = JSON.stringify(rig.callsFor(channel, responseId).map((c) => c.body));
    expect(seen).not.toMatch(/statusCode|http:\/\/127|url:/);
  });

  it('a report Slack refuses as malformed is told in words', async () => {
    const channel = unique('C');
    rig.slack.failNext('chat.postMessage', { error: 'invalid_blocks' });
    const { responseId } = await rig.slash(`mail.contoso.com:${iis.port} via 127.0.0.1`, { channel });
    const told = await rig.slack.waitFor((c) => c.method === responseId);
    expect(told.body['response_type']).toBe('ephemeral');
    expect(String(told.body['text'])).toMatch(
      /finished \(warning\) but Slack refused the message as too long or malformed \(invalid_blocks\)\./,
    );
  });
});

describe("a mention's report held back by 429s past the retries", () => {
  let rig: SlackRig;
  beforeAll(async () => {
    rig = await startSlackRig(pki);
  });
  afterAll(() => rig.stop());

  const reportFailures = async (): Promise<number> =>
    (await rig.bot.services.metrics.slackPostFailures.get()).values.find((v) => v.labels['kind'] === 'report')
      ?.value ?? 0;

  /** A mention naming a host and a symptom; every attempt at its report within the retries gets a 429 (wait 1 s). */
  async function mentionRefused(channel: string, ts: string): Promise<void> {
    // The report is the first message: a mention is acknowledged by nothing but it.
    for (let i = 0; i < 4; i++) rig.slack.failNext('chat.postMessage', { status: 429, retryAfter: 1 });
    await rig.mention(
      `<@UBOT> outlook anywhere on mail.contoso.com:${iis.port} via 127.0.0.1 keeps prompting for a password`,
      { channel, ts },
    );
  }

  const inThread = (channel: string, ts: string, has: string) => (c: RecordedCall) =>
    c.method === 'chat.postMessage' &&
    c.body['channel'] === channel &&
    c.body['thread_ts'] === ts &&
    json(c).includes(has);

  it('is posted after the wait, with its ranked answer, and the thread keeps its report', async () => {
    const channel = unique('C');
    const ts = '1700007000.000100';
    await mentionRefused(channel, ts);
    const reports = () => posted(rig, channel).filter(inThread(channel, ts, 'rpccheck_rerun'));
    // Four attempts refused within the retries, then the late post after the wait.
    await rig.slack.waitFor(() => reports().length === 5, 20000);
    const answer = await rig.slack.waitFor(inThread(channel, ts, ':stethoscope:'), 20000);
    expect(answer.at).toBeGreaterThanOrEqual(reports()[4]!.at);
    expect(await rig.store.threadReport(channel, ts, new Date())).toBeDefined();
  });

  it('when the late post fails too, the user is told in the thread and the failure is counted', async () => {
    const channel = unique('C');
    const ts = '1700007100.000100';
    const before = await reportFailures();
    await mentionRefused(channel, ts);
    rig.slack.failNext('chat.postMessage', { error: 'channel_not_found' });
    const told = await rig.slack.waitFor(inThread(channel, ts, 'but I cannot post in this channel'), 20000);
    expect(String(told.body['text'])).toContain('finished');
    expect(await reportFailures()).toBe(before + 2);
  });
});

describe('address literals the policy refuses', () => {
  let rig: SlackRig;
  beforeAll(async () => {
    rig = await startSlackRig(pki, { RPCCHECK_RATE_LIMIT: '1' });
  });
  afterAll(() => rig.stop());

  it('are refused in the ack, and do not count against the rate limit', async () => {
    const user = unique('U');
    for (const [text, reason] of [
      ['[::1]', '::1 is a loopback address'],
      ['169.254.169.254', 'link-local'],
      ['mail.contoso.com via 169.254.169.254', 'mail.contoso.com at 169.254.169.254 (given with via)'],
    ] as const) {
      const channel = unique('C');
      const { json: ack, responseId } = await rig.slash(text, { user, channel });
      expect(ack.text).toContain('Not checking:');
      expect(ack.text).toContain(reason);
      await sleep(100);
      expect(rig.callsFor(channel, responseId)).toHaveLength(0);
    }
    // The one check a minute this user has is still there.
    const { json: ack } = await rig.slash(`mail.contoso.com:${iis.port} via 127.0.0.1`, { user });
    expect(ack.text).toContain('Checking mail.contoso.com');
    const { json: limited } = await rig.slash(`mail.contoso.com:${iis.port} via 127.0.0.1`, { user });
    expect(limited.text).toMatch(/You have run 1 check in the last minute\./);
  });
});
