import type { SlackBot } from '../../src/slack/app';
import { SqliteStore } from '../../src/store/sqlite/sqlite-store';
import { type FakeSlackApi, type RecordedCall, startFakeSlackApi } from '../fixtures/fake-slack-api';
import { type Emulator, startIisEmulator } from '../fixtures/iis-emulator';
import { createPki } from '../fixtures/pki';
import { eventBody, postSigned, slashCommandBody } from '../fixtures/slack-signing';
import { startTestBot } from '../fixtures/test-bot';

/**
 * What users type, as Slack delivers it (links, entities, code fences, command words in mentions), end to end
 * through the Bolt receiver: the review of 2026-11-30, items 1, 2, 3, 8, 11, 12, 13 and 14.
 */
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
  server = await startIisEmulator({
    mode: 'basic',
    tls: { key: leaf.keyPem, cert: leaf.certPem + pki.intermediate.certPem },
  });
  store = new SqliteStore(':memory:');
  bot = await startTestBot({
    pki,
    slackApiUrl: slack.url,
    env: { SLACK_SIGNING_SECRET: SECRET, RPCCHECK_RATE_LIMIT: '100' },
    store,
  });
  events = `http://127.0.0.1:${bot.port()}/slack/events`;
});

afterAll(async () => {
  await bot.stop(5000);
  await Promise.all([slack.close(), server.close(), store.close()]);
});

/** Mentions the bot in a fresh channel; resolves with the first reply in its thread. */
async function mention(text: string): Promise<{ reply: RecordedCall; channel: string; ts: string }> {
  const channel = unique('C');
  const ts = `1700${String(++counter).padStart(6, '0')}.000100`;
  await postSigned(
    events,
    SECRET,
    eventBody(unique('Ev'), { type: 'app_mention', user: 'U1', text, ts, channel, event_ts: ts }),
    'application/json',
  );
  const reply = await slack.waitFor((c) => c.body['channel'] === channel && c.body['thread_ts'] === ts);
  return { reply, channel, ts };
}

async function slash(text: string): Promise<Record<string, unknown>> {
  const ack = await postSigned(
    events,
    SECRET,
    slashCommandBody({
      text,
      user: unique('U'),
      channel: unique('C'),
      responseUrl: slack.responseUrl(unique('r')),
    }),
    'application/x-www-form-urlencoded',
  );
  return JSON.parse(ack.body) as Record<string, unknown>;
}

describe('pastes as Slack delivers them are validated (item 1)', () => {
  it.each([
    '<@UBOT> EX01:6001-6002;EX01:6004;<http://ex01.contoso.com|ex01.contoso.com>:6001-6002;<http://ex01.contoso.com|ex01.contoso.com>:6004',
    '<@UBOT> ```EX01:6001-6002;EX01:6004;ex01.contoso.com:6001-6002;ex01.contoso.com:6004```',
    '<@UBOT> `EX01:6001-6002;EX01:6004;ex01.contoso.com:6001-6002;ex01.contoso.com:6004`',
    '<@UBOT> is this right? EX01:6001-6002;EX01:6004;ex01.contoso.com:6001-6002;ex01.contoso.com:6004',
  ])('%s → ValidPorts looks right', async (text) => {
    const { reply } = await mention(text);
    expect(reply.body['text']).toBe('validports looks right');
    expect(json(reply)).not.toContain('RPCDump');
  });

  it('a lead-in before a wrong value: the findings quote the value, not the words before it', async () => {
    const { reply } = await mention('<@UBOT> is this right? EX01:6001-6002;EX01;6004');
    expect(json(reply)).toContain('Semicolon typed where a colon belongs');
    expect(json(reply)).toContain('```EX01:6001-6002;EX01:6004```');
    expect(json(reply)).not.toContain('Stray space');
  });

  it('```ncacn_http:6004``` is the NSPI value', async () => {
    const { reply } = await mention('<@UBOT> ```ncacn_http:6004```');
    expect(reply.body['text']).toBe('nspi looks right');
  });
});

describe('the slash command words in a mention (items 2, 13)', () => {
  it('validate validports <value> validates the value alone', async () => {
    const { reply } = await mention('<@UBOT> validate validports EX01:6001-6002;EX01;6004');
    expect(json(reply)).toContain('```EX01:6001-6002;EX01:6004```');
    expect(json(reply)).not.toMatch(/validatevalidports|Stray space/);
  });

  it('tls.ok gets the answer /rpccheck explain tls.ok gives', async () => {
    const { reply } = await mention('<@UBOT> tls.ok');
    const ack = await slash('explain tls.ok');
    expect(reply.body['blocks']).toEqual(ack['blocks']);
    expect(json(reply)).toContain('`tls.ok` (ok)');
  });

  it('thanks gets a short acknowledgement, not the help', async () => {
    const { reply } = await mention('<@UBOT> thanks, that fixed it :tada:');
    expect(json(reply)).toContain('Glad to help');
    expect(json(reply)).not.toContain('/rpccheck explain');
  });

  it('watch, watches and unwatch act on the channel as the slash command does', async () => {
    const watched = await mention(`<@UBOT> watch <http://mail.contoso.com|mail.contoso.com> DAYS=14,7`);
    expect(json(watched.reply)).toContain('Watching mail.contoso.com');
    expect(json(watched.reply)).toContain('14, 7 days');
    expect(await store.listWatches(watched.channel)).toHaveLength(1);
    const { reply: email } = await mention('<@UBOT> watch <mailto:alice@contoso.com|alice@contoso.com>');
    expect(json(email)).toContain('/rpccheck autodiscover alice@contoso.com');
  });
});

describe("Slack's escapes are read once (item 3)", () => {
  it('a pasted event with &amp; &lt; &gt; is echoed as typed, escaped once', async () => {
    const { reply } = await mention(
      '<@UBOT> Log Name: Application\nSource: RPC Proxy\nEvent ID: 2\nLevel: Error\nDescription:\nThe ValidPorts registry value could not be parsed &amp; RPC Proxy &lt;cannot&gt; load.',
    );
    expect(json(reply)).not.toContain('&amp;amp;');
    expect(json(reply)).not.toContain('&amp;lt;');
  });

  it('/rpccheck explain with &amp; quotes the text escaped once', async () => {
    const ack = await slash('explain zzqx &amp; qqzx');
    expect(JSON.stringify(ack)).toContain('zzqx &amp; qqzx');
    expect(JSON.stringify(ack)).not.toContain('&amp;amp;');
  });
});

describe('several hosts in a mention (item 8)', () => {
  it('checks the first, names the second, and reads no symptom in its labels', async () => {
    const { reply, channel, ts } = await mention(
      `<@UBOT> check <http://mail.contoso.com:${server.port}|mail.contoso.com:${server.port}> via 127.0.0.1 and <http://owa.contoso.com|owa.contoso.com>`,
    );
    expect(json(reply)).toContain('I check one host per message');
    expect(json(reply)).toContain('not owa.contoso.com');
    const report = await slack.waitFor(
      (c) =>
        c.body['channel'] === channel && c.body['thread_ts'] === ts && json(c).includes('rpccheck_rerun'),
      20000,
    );
    expect(json(report)).toContain('mail.contoso.com');
    // No symptom: no ranked answer (owa read as a word once gave "W3SVC is stopped (contradicted)").
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(slack.calls.filter((c) => c.body['channel'] === channel && json(c).includes('W3SVC'))).toEqual([]);
  });
});

describe('/rpccheck first words (items 11, 12, 14)', () => {
  it.each([
    ['expain cert.expired', "unknown command 'expain' (did you mean explain?)"],
    ['halp', "unknown command 'halp' (did you mean help?)"],
    ['exch01', 'checked with /rpccheck check exch01'],
    ['😀', "'😀' is neither a command nor a host name"],
    ['mail.contoso.com mail2.contoso.com', 'one host per command'],
    ['mail.contoso.com 😀', "unexpected '😀' after the host"],
    ['validate ValidPorts EX01:6001-6002;EX01:6004', 'validports has warnings'],
    ['watch mail.contoso.com days=', 'days= needs'],
    ['watch a.contoso.com, b.contoso.com', 'one host per watch command'],
    ['watch alice@contoso.com', '/rpccheck autodiscover alice@contoso.com'],
  ])('/rpccheck %s → %s', async (text, says) => {
    const ack = await slash(text);
    expect(String(ack['text'])).toContain(says.replace(/'/g, "'"));
    expect(String(ack['text'])).not.toContain('Checking');
  });

  it('an address (or its mailto link) runs Autodiscover', async () => {
    for (const text of ['alice@contoso.com', '<mailto:alice@contoso.com|alice@contoso.com>']) {
      const ack = await slash(text);
      expect(String(ack['text'])).toMatch(/Autodiscover/i);
      expect(String(ack['text'])).not.toContain('user names and passwords');
    }
  });
});
