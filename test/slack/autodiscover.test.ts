import { LogLevel } from '@slack/bolt';
import { loadConfig } from '../../src/config';
import type { Finding, Report } from '../../src/core/report';
import { knowledgeBase } from '../../src/kb';
import { checkOptionsFrom } from '../../src/probes/check-options';
import { runCheck } from '../../src/probes/run-check';
import { createSlackBot, type SlackBot } from '../../src/slack/app';
import {
  autodiscoverDetailsMessages,
  autodiscoverMessage,
} from '../../src/slack/blocks/autodiscover-message';
import { decideIntent } from '../../src/slack/conversation';
import { parseCommand } from '../../src/slack/parse-command';
import { startAutodiscoverEmulator } from '../fixtures/autodiscover-emulator';
import { type FakeSlackApi, type RecordedCall, startFakeSlackApi } from '../fixtures/fake-slack-api';
import type { HttpEmulator } from '../fixtures/mapi-emulator';
import { createPki, type Pki } from '../fixtures/pki';
import { actionBody, eventBody, postSigned, slashCommandBody } from '../fixtures/slack-signing';
import { adOptions, pin } from '../probes/autodiscover/harness';

describe('chat input for Autodiscover', () => {
  it('/rpccheck autodiscover takes an address or a domain and refuses bad input in one line', () => {
    expect(parseCommand('autodiscover alice@contoso.com')).toEqual({
      kind: 'autodiscover',
      target: { input: 'alice@contoso.com', domain: 'contoso.com', email: 'alice@contoso.com' },
    });
    expect(parseCommand('autodiscover <mailto:alice@contoso.com|alice@contoso.com>')).toMatchObject({
      kind: 'autodiscover',
      target: { email: 'alice@contoso.com' },
    });
    expect(parseCommand('AUTODISCOVER contoso.com')).toMatchObject({
      kind: 'autodiscover',
      target: { domain: 'contoso.com' },
    });
    expect(parseCommand('autodiscover')).toMatchObject({
      kind: 'invalid',
      reason: expect.stringMatching(/^usage/),
    });
    expect(parseCommand('autodiscover a@@contoso.com')).toMatchObject({
      kind: 'invalid',
      reason: expect.stringMatching(/@/),
    });
  });

  it('mentions naming an address or asking for Autodiscover walk it; questions about it still get answers', () => {
    const kb = knowledgeBase();
    expect(decideIntent('<@UBOT> autodiscover for alice@contoso.com', kb)).toMatchObject({
      kind: 'autodiscover',
      target: { email: 'alice@contoso.com' },
    });
    expect(
      decideIntent('<@UBOT> why can <mailto:bob@contoso.com|bob@contoso.com> not set up outlook?', kb),
    ).toMatchObject({
      kind: 'autodiscover',
      target: { email: 'bob@contoso.com' },
    });
    expect(decideIntent('<@UBOT> autodiscover contoso.com please', kb)).toMatchObject({
      kind: 'autodiscover',
      target: { domain: 'contoso.com' },
    });
    expect(decideIntent('autodiscover <http://contoso.com|contoso.com>', kb)).toMatchObject({
      kind: 'autodiscover',
      target: { domain: 'contoso.com' },
    });
    expect(decideIntent('check mail.contoso.com', kb)).toMatchObject({ kind: 'check' });
    const question = decideIntent(
      'autodiscover fails for every url, outlook cannot find the server settings',
      kb,
    );
    expect(question.kind).toBe('answer');
    expect(question.kind === 'answer' && question.matches[0]?.id).toBe('autodiscover-unreachable');
  });
});

describe('Block Kit limits', () => {
  const finding = (i: number, severity: Finding['severity'] = 'critical'): Finding => ({
    code: 'autodiscover.certificate_invalid',
    severity,
    title: `Problem ${i} <!channel>`,
    detail: 'x'.repeat(4000),
    nextSteps: ['step'],
    kb: 'autodiscover-certificate-name',
  });
  const nested: Report = {
    target: { input: 'mail.contoso.com', host: 'mail.contoso.com', port: 443 },
    checkedAt: new Date().toISOString(),
    durationMs: 1,
    verdict: 'critical',
    findings: Array.from({ length: 30 }, (_, i) => finding(i)),
  };
  const report: Report = {
    target: { input: 'alice@contoso.com', host: 'contoso.com', port: 443, email: 'alice@contoso.com' },
    checkedAt: new Date().toISOString(),
    durationMs: 1,
    verdict: 'critical',
    findings: [...Array.from({ length: 40 }, (_, i) => finding(i)), finding(99, 'ok')],
    autodiscover: {
      candidates: Array.from({ length: 14 }, (_, i) => ({
        url: `https://h${i}.contoso.com/autodiscover/autodiscover.xml`,
        method: i === 0 ? 'root' : 'redirect',
        outcome: 'error_response',
        ms: 3,
        detail: `<@U123> ${'e'.repeat(400)}`,
      })),
      settings: { exhttp: [] },
    },
    outlookAnywhere: nested,
    notes: ['a note'],
  };

  it('the report fits 50 blocks and 3000-character sections, escapes outside text, and points to the thread', () => {
    const message = autodiscoverMessage(report, {
      input: 'alice@contoso.com',
      domain: 'contoso.com',
      email: 'alice@contoso.com',
    });
    expect(message.blocks.length).toBeLessThanOrEqual(50);
    const body = JSON.stringify(message.blocks);
    expect(body).not.toContain('<@U123>');
    expect(body).not.toContain('<!channel>');
    expect(body).toContain('more: press *Details in thread*');
    for (const block of message.blocks)
      if (block.type === 'section') expect(block.text?.text.length).toBeLessThanOrEqual(3000);
    expect(body).toContain('rpccheck_ad_rerun');
    const details = autodiscoverDetailsMessages(report);
    expect(details.every((m) => m.blocks.length <= 50)).toBe(true);
    expect(JSON.stringify(details)).toContain('h13.contoso.com');
  });
});

describe('the bot, end to end', () => {
  const SECRET = 'test-signing-secret';
  let pki: Pki;
  let slack: FakeSlackApi;
  let bot: SlackBot;
  let ad: HttpEmulator;
  let events: string;
  const json = (call: RecordedCall): string => JSON.stringify(call.body);

  beforeAll(async () => {
    pki = createPki();
    slack = await startFakeSlackApi();
    const leaf = pki.issueLeaf({ names: ['autodiscover.contoso.com'] });
    ad = await startAutodiscoverEmulator(
      { key: leaf.keyPem, cert: leaf.certPem + pki.intermediate.certPem },
      { answer: 'exchange', mapi: { healthcheck: 'EX01.contoso.local' } },
    );
    const config = loadConfig({
      SLACK_BOT_TOKEN: 'xoxb-test',
      SLACK_API_URL: slack.url,
      SLACK_SIGNING_SECRET: SECRET,
      PORT: '0',
      RPCCHECK_ALLOW_TARGETS: '127.0.0.0/8',
      RPCCHECK_ALLOWED_PORTS: '1-65535',
    });
    bot = createSlackBot({
      config,
      runCheck,
      // Production's options with the test's pinning: contoso.com names go to the emulator, nothing to real DNS.
      checkOptions: {
        ...checkOptionsFrom(config, 'on-demand'),
        ...adOptions(pki, [pin('autodiscover.contoso.com', ad.port)]),
      },
      knowledgeBase,
      logLevel: LogLevel.ERROR,
    });
    await bot.start();
    events = `http://127.0.0.1:${bot.port()}/slack/events`;
  });
  afterAll(async () => {
    await bot.stop(5000);
    await Promise.all([slack.close(), ad.close()]);
  });

  it('/rpccheck autodiscover acks at once, then posts candidates, endpoints and finding codes', async () => {
    const ack = await postSigned(
      events,
      SECRET,
      slashCommandBody({
        text: 'autodiscover alice@contoso.com',
        user: 'U9',
        channel: 'CAD1',
        responseUrl: slack.responseUrl('r1'),
      }),
      'application/x-www-form-urlencoded',
    );
    expect(JSON.parse(ack.body)).toMatchObject({
      text: expect.stringContaining('Walking Autodiscover for alice@contoso.com'),
    });
    const report = await slack.waitFor(
      (c) => c.method === 'chat.postMessage' && c.body['channel'] === 'CAD1',
    );
    const body = json(report);
    for (const text of [
      'autodiscover.ok',
      'mapi.healthy',
      'answers 401',
      "Outlook's order",
      'rpccheck_ad_details',
    ])
      expect(body).toContain(text);
    expect(report.body['text']).toContain('rpccheck autodiscover alice@contoso.com: OK');
  });

  it('a mention with an address walks it in the thread; Details in thread posts the thread', async () => {
    const ts = '1700000100.000100';
    await postSigned(
      events,
      SECRET,
      eventBody('EvAD1', {
        type: 'app_mention',
        user: 'U8',
        text: '<@UBOT> autodiscover for alice@contoso.com',
        ts,
        channel: 'CAD2',
        event_ts: ts,
      }),
      'application/json',
    );
    const report = await slack.waitFor(
      (c) => c.method === 'chat.postMessage' && c.body['channel'] === 'CAD2',
    );
    expect(report.body['thread_ts']).toBe(ts);
    expect(json(report)).toContain('autodiscover.ok');
    await postSigned(
      events,
      SECRET,
      actionBody({
        type: 'block_actions',
        user: { id: 'U8', username: 'admin', team_id: 'T0001' },
        team: { id: 'T0001', domain: 'contoso' },
        api_app_id: 'A0001',
        token: 'legacy',
        trigger_id: '1.2.3',
        response_url: slack.responseUrl('r2'),
        channel: { id: 'CAD3', name: 'exchange-ops' },
        container: {
          type: 'message',
          message_ts: '1700000200.000100',
          channel_id: 'CAD3',
          is_ephemeral: false,
        },
        message: { type: 'message', ts: '1700000200.000100', text: 'report' },
        actions: [
          {
            type: 'button',
            action_id: 'rpccheck_ad_details:1',
            block_id: 'b1',
            value: JSON.stringify({ a: 'alice@contoso.com' }),
            action_ts: '1700000201.000000',
            text: { type: 'plain_text', text: 'Details in thread' },
          },
        ],
      }),
      'application/x-www-form-urlencoded',
    );
    const details = await slack.waitFor(
      (c) => c.method === 'chat.postMessage' && c.body['channel'] === 'CAD3',
    );
    expect(details.body['thread_ts']).toBe('1700000200.000100');
    expect(json(details)).toContain('Autodiscover details for alice@contoso.com');
  });
});
