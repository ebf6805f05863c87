import type { SlackBot } from '../../src/slack/app';
import { type FakeSlackApi, type RecordedCall, startFakeSlackApi } from '../fixtures/fake-slack-api';
import { type Emulator, startIisEmulator } from '../fixtures/iis-emulator';
import { createPki, type Pki } from '../fixtures/pki';
import { LAB, type RpchEmulator, startLabProxy } from '../fixtures/rpch-emulator';
import { actionBody, eventBody, postSigned, slashCommandBody } from '../fixtures/slack-signing';
import { startTestBot } from '../fixtures/test-bot';

const SECRET = 'test-signing-secret';
let pki: Pki;
let slack: FakeSlackApi;
let bot: SlackBot;
let events: string;
let healthy: Emulator;
let hostile: Emulator;
let counter = 0;

const json = (call: RecordedCall): string => JSON.stringify(call.body);
const unique = (prefix: string): string => `${prefix}${++counter}`;

beforeAll(async () => {
  pki = createPki();
  slack = await startFakeSlackApi();
  const good = pki.issueLeaf({ names: ['mail.contoso.com'] });
  healthy = await startIisEmulator({
    mode: 'integrated',
    tls: { key: good.keyPem, cert: good.certPem + pki.intermediate.certPem },
  });
  const evil = pki.issueLeaf({
    names: ['evil.contoso.com'],
    cn: '<!channel> <http://phish.example|click here> & co',
  });
  hostile = await startIisEmulator({
    mode: 'basic',
    tls: { key: evil.keyPem, cert: evil.certPem + pki.intermediate.certPem },
  });
  bot = await startTestBot({
    pki,
    slackApiUrl: slack.url,
    env: { SLACK_SIGNING_SECRET: SECRET, RPCCHECK_RATE_LIMIT: '3' },
  });
  events = `http://127.0.0.1:${bot.port()}/slack/events`;
});

afterAll(async () => {
  await bot.stop(5000);
  await Promise.all([slack.close(), healthy.close(), hostile.close()]);
});

const slash = (text: string, user = unique('U'), channel = unique('C'), url = events) =>
  postSigned(
    url,
    SECRET,
    slashCommandBody({ text, user, channel, responseUrl: slack.responseUrl(unique('r')) }),
    'application/x-www-form-urlencoded',
  );

const mentionBody = (text: string, channel: string, ts: string, user = 'U1', eventId = unique('Ev')) =>
  eventBody(eventId, { type: 'app_mention', user, text, ts, channel, event_ts: ts });
const mention = (...args: Parameters<typeof mentionBody>) =>
  postSigned(events, SECRET, mentionBody(...args), 'application/json');

describe('the bot in HTTP mode, end to end through the Bolt receiver', () => {
  it('answers /healthz', async () => {
    const response = await fetch(`http://127.0.0.1:${bot.port()}/healthz`);
    expect(response.status).toBe(200);
  });

  it('a slash command is acked at once, then the report with its finding codes is posted in the channel', async () => {
    const channel = unique('C');
    const ack = await slash(`mail.contoso.com:${healthy.port} via 127.0.0.1`, unique('U'), channel);
    expect(ack.status).toBe(200);
    expect(JSON.parse(ack.body)).toMatchObject({
      response_type: 'ephemeral',
      text: expect.stringContaining('Checking mail.contoso.com'),
    });
    const report = await slack.waitFor(
      (c) => c.method === 'chat.postMessage' && c.body['channel'] === channel,
    );
    const body = json(report);
    expect(body).toContain('rpc.auth_integrated');
    expect(body).toContain('cert.ok');
    expect(body).toContain('rpccheck_rerun');
    expect(report.body['text']).toContain('WARNING');
  });

  it('rejects unsigned and stale requests', async () => {
    const body = slashCommandBody({ text: 'help', responseUrl: slack.responseUrl('x') });
    expect(
      (await postSigned(events, SECRET, body, 'application/x-www-form-urlencoded', { unsigned: true }))
        .status,
    ).toBe(401);
    const stale = Math.floor(Date.now() / 1000) - 10 * 60;
    expect(
      (await postSigned(events, SECRET, body, 'application/x-www-form-urlencoded', { timestamp: stale }))
        .status,
    ).toBe(401);
    expect((await postSigned(events, 'wrong-secret', body, 'application/x-www-form-urlencoded')).status).toBe(
      401,
    );
  });

  it('escapes a hostile certificate subject: no @channel, no forged link', async () => {
    const channel = unique('C');
    await slash(`evil.contoso.com:${hostile.port} via 127.0.0.1`, unique('U'), channel);
    const report = await slack.waitFor(
      (c) => c.method === 'chat.postMessage' && c.body['channel'] === channel,
    );
    const body = json(report);
    // Node prints the subject with `\<` escapes; either way no raw `<` reaches Slack.
    expect(body).toMatch(/&lt;!channel\\*&gt;/);
    expect(body).toMatch(/&lt;http:\/\/phish\.example\|click here\\*&gt; &amp; co/);
    expect(body).not.toContain('<!channel>');
    expect(body).not.toContain('<http://phish.example');
  });

  it('refuses a blocked target with the reason, and bad input at once', async () => {
    const channel = unique('C');
    // An address literal needs no DNS: refused in the ack, nothing follows.
    const ack = await slash('169.254.169.254', unique('U'), channel);
    expect(ack.status).toBe(200);
    const refusal = JSON.parse(ack.body) as { text: string };
    expect(refusal.text).toContain('Not checking: 169.254.169.254 is a link-local address');
    const bad = await slash('user:secret@mail.contoso.com');
    expect(JSON.parse(bad.body).text).toContain('user names and passwords');
  });

  it('/rpccheck explain answers a finding code from the catalogue, ok codes included, and Windows error codes', async () => {
    const answer = async (text: string) =>
      JSON.parse((await slash(`explain ${text}`)).body) as { text: string };
    // An ok code has no entry: its meaning, not an unrelated entry.
    expect((await answer('tls.ok')).text).toMatch(/^tls\.ok: /);
    expect(JSON.stringify(await answer('autodiscover.ok'))).not.toContain('autodiscover-unreachable');
    // A code with an entry: its meaning first, then the entry.
    const expired = JSON.stringify(await answer('cert.expired'));
    expect(expired).toContain('`cert.expired` (critical)');
    expect(expired).toContain('ssl-expired');
    expect(JSON.stringify(await answer('-2146893022'))).toContain('ssl-name-mismatch');
  });

  it('rate-limits a user politely', async () => {
    const user = unique('U');
    const target = `mail.contoso.com:${healthy.port} via 127.0.0.1`;
    for (let i = 0; i < 3; i++)
      expect(JSON.parse((await slash(target, user)).body).text).toContain('Checking');
    const limited = JSON.parse((await slash(target, user)).body) as { text: string };
    expect(limited.text).toMatch(/3 checks in the last minute\. Please try again in \d+ s/);
  });

  it('a mention becomes a thread with the knowledge-base answer', async () => {
    const channel = unique('C');
    const ts = '1700000001.000100';
    await mention('<@UBOT> users keep getting prompted for credentials', channel, ts);
    const reply = await slack.waitFor(
      (c) => c.method === 'chat.postMessage' && c.body['channel'] === channel,
    );
    expect(reply.body['thread_ts']).toBe(ts);
    expect(json(reply)).toContain('Integrated authentication');
  });

  it('a mention longer than any Slack message is answered in one line, not read', async () => {
    const channel = unique('C');
    const ts = '1700000001.000200';
    await mention(`<@UBOT> ${'outlook keeps prompting '.repeat(1700)}`, channel, ts);
    const reply = await slack.waitFor(
      (c) => c.method === 'chat.postMessage' && c.body['channel'] === channel,
    );
    expect(reply.body['thread_ts']).toBe(ts);
    expect(reply.body['text']).toMatch(/^That message is 40,799 characters; rpccheck reads at most 40,000\./);
  });

  it('a mention naming a host runs a check in the thread', async () => {
    const channel = unique('C');
    const ts = '1700000002.000100';
    await mention(
      `<@UBOT> can you check mail.contoso.com:${healthy.port} via 127.0.0.1?`,
      channel,
      ts,
      unique('U'),
    );
    const reply = await slack.waitFor(
      (c) => c.method === 'chat.postMessage' && c.body['channel'] === channel,
    );
    expect(reply.body['thread_ts']).toBe(ts);
    expect(json(reply)).toContain('rpc.auth_integrated');
  });

  it('a retried event is answered once', async () => {
    const channel = unique('C');
    const eventId = unique('EvRetry');
    const ts = '1700000003.000100';
    const body = mentionBody('<@UBOT> HTTP Error 403.2', channel, ts, 'U1', eventId);
    await postSigned(events, SECRET, body, 'application/json');
    await postSigned(events, SECRET, body, 'application/json', {
      extraHeaders: { 'x-slack-retry-num': '1', 'x-slack-retry-reason': 'http_timeout' },
    });
    await slack.waitFor((c) => c.method === 'chat.postMessage' && c.body['channel'] === channel);
    // A later event in the same channel is answered after the retry was handled: then count.
    const later = '1700000004.000100';
    await mention('<@UBOT> help', channel, later);
    await slack.waitFor((c) => c.method === 'chat.postMessage' && c.body['thread_ts'] === later);
    expect(
      slack.calls.filter((c) => c.method === 'chat.postMessage' && c.body['thread_ts'] === ts),
    ).toHaveLength(1);
  });

  it('a button click continues the guided flow in place', async () => {
    const channel = unique('C');
    const ack = await postSigned(
      events,
      SECRET,
      actionBody({
        type: 'block_actions',
        user: { id: 'U1', username: 'admin', team_id: 'T0001' },
        team: { id: 'T0001', domain: 'contoso' },
        api_app_id: 'A0001',
        token: 'legacy',
        trigger_id: '1.2.3',
        response_url: slack.responseUrl(unique('r')),
        channel: { id: channel, name: 'exchange-ops' },
        container: {
          type: 'message',
          message_ts: '1700000005.000100',
          channel_id: channel,
          is_ephemeral: false,
        },
        message: { type: 'message', ts: '1700000005.000100', text: 'What do users see?' },
        actions: [
          {
            type: 'button',
            action_id: 'rpccheck_flow:0',
            block_id: 'b1',
            value: 'troubleshoot/prompts',
            action_ts: '1700000006.000000',
            text: { type: 'plain_text', text: 'Asked for their password' },
          },
        ],
      }),
      'application/x-www-form-urlencoded',
    );
    expect(ack.status).toBe(200);
    const update = await slack.waitFor((c) => c.method === 'chat.update' && c.body['channel'] === channel);
    expect(update.body['ts']).toBe('1700000005.000100');
    expect(json(update)).toContain('When are they prompted?');
    expect(json(update)).toContain('troubleshoot/end-integrated');
  });

  it('honours a Slack 429 with Retry-After and posts once it may', async () => {
    const channel = unique('C');
    slack.failNext('chat.postMessage', { status: 429, retryAfter: 1, error: 'ratelimited' });
    await slash('HELP', unique('U'), channel); // help is answered in the ack: the next postMessage is the check's
    await slash(`mail.contoso.com:${healthy.port} via 127.0.0.1`, unique('U'), channel);
    const toChannel = () =>
      slack.calls.filter((c) => c.method === 'chat.postMessage' && c.body['channel'] === channel);
    // The first attempt is recorded even though it got the 429; wait for the retry.
    await slack.waitFor(() => toChannel().length >= 2, 20000);
    const [refused, retried] = toChannel();
    expect(json(retried!)).toContain('rpc.auth_integrated');
    expect(retried!.at - refused!.at).toBeGreaterThanOrEqual(900);
  });

  it('when the bot is not in the channel, the report comes through the response URL', async () => {
    const channel = unique('C');
    slack.failNext('chat.postMessage', { error: 'not_in_channel' });
    const responseId = unique('r');
    await postSigned(
      events,
      SECRET,
      slashCommandBody({
        text: `mail.contoso.com:${healthy.port} via 127.0.0.1`,
        user: unique('U'),
        channel,
        responseUrl: slack.responseUrl(responseId),
      }),
      'application/x-www-form-urlencoded',
    );
    const viaResponse = await slack.waitFor(
      (c) => c.method === responseId && c.body['response_type'] === 'in_channel',
    );
    expect(json(viaResponse)).toContain('rpc.auth_integrated');
    await slack.waitFor((c) => c.method === responseId && String(c.body['text']).includes('/invite'));
  });
});

describe('the bot with a test account configured', () => {
  const PASSWORD = LAB.password;
  let proxy: RpchEmulator;
  let authenticated: SlackBot;
  const authenticatedEvents = (): string => `http://127.0.0.1:${authenticated.port()}/slack/events`;

  beforeAll(async () => {
    proxy = await startLabProxy(pki);
    authenticated = await startTestBot({
      pki,
      slackApiUrl: slack.url,
      env: {
        SLACK_SIGNING_SECRET: SECRET,
        RPCCHECK_PROBE_USER: LAB.user,
        RPCCHECK_PROBE_TARGETS: 'mail.contoso.com',
        RPCCHECK_PROBE_PASSWORD: PASSWORD,
      },
    });
  });
  afterAll(async () => {
    await authenticated.stop(5000);
    await proxy.close();
  });

  it('`/rpccheck host backend …` pings those name forms and posts the endpoint table; the password goes nowhere', async () => {
    const channel = unique('C');
    const ack = await slash(
      `mail.contoso.com:${proxy.port} via 127.0.0.1 backend EX01 backend EX01.contoso.local`,
      unique('U'),
      channel,
      authenticatedEvents(),
    );
    expect(ack.status).toBe(200);
    const report = await slack.waitFor(
      (c) => c.method === 'chat.postMessage' && c.body['channel'] === channel,
    );
    const body = json(report);
    expect(body).toContain('rpc.endpoint_refused');
    expect(body).toContain('RPC ping through the proxy');
    expect(body).toMatch(/EX01\s+ok\s+ok\s+ok/);
    expect(body).toMatch(/EX01\.contoso\.local\s+refused\s+refused\s+refused/);
    // The re-run button keeps the back-end names.
    expect(body).toContain('\\"b\\":[\\"EX01\\",\\"EX01.contoso.local\\"]');
    expect(JSON.stringify(slack.calls)).not.toContain(PASSWORD);
    expect(proxy.channels.some((c) => c.query === 'EX01.contoso.local:6004')).toBe(true);
  });

  it('a host outside RPCCHECK_PROBE_TARGETS is checked without logging in, and the report says why', async () => {
    const channel = unique('C');
    const before = proxy.channels.filter((c) => c.user !== undefined).length;
    await slash(`owa.contoso.com:${proxy.port} via 127.0.0.1`, unique('U'), channel, authenticatedEvents());
    const report = await slack.waitFor(
      (c) => c.method === 'chat.postMessage' && c.body['channel'] === channel,
    );
    expect(json(report)).toContain('rpc.ping_skipped');
    expect(json(report)).toContain('not in RPCCHECK_PROBE_TARGETS');
    expect(proxy.channels.filter((c) => c.user !== undefined).length).toBe(before);
  });
});
