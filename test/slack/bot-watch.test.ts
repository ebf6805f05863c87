import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { runSweep } from '../../src/reminders/sweep';
import type { SlackBot } from '../../src/slack/app';
import { SlackNotifier } from '../../src/slack/slack-notifier';
import { SqliteStore } from '../../src/store/sqlite/sqlite-store';
import { loopbackOptions } from '../fixtures/check-harness';
import { type FakeSlackApi, type RecordedCall, startFakeSlackApi } from '../fixtures/fake-slack-api';
import { type Emulator, startIisEmulator } from '../fixtures/iis-emulator';
import { createPki, type Pki } from '../fixtures/pki';
import { actionBody, postSigned, slashCommandBody } from '../fixtures/slack-signing';
import { startTestBot } from '../fixtures/test-bot';

const SECRET = 'watch-secret';
let pki: Pki;
let slack: FakeSlackApi;
let bot: SlackBot;
let store: SqliteStore;
let server: Emulator;
let events: string;

beforeAll(async () => {
  pki = createPki();
  slack = await startFakeSlackApi();
  const leaf = pki.issueLeaf({ days: 10 });
  server = await startIisEmulator({
    mode: 'basic',
    tls: { key: leaf.keyPem, cert: leaf.certPem + pki.intermediate.certPem },
  });
  store = new SqliteStore(path.join(mkdtempSync(path.join(tmpdir(), 'rpccheck-botwatch-')), 'rpccheck.db'));
  bot = await startTestBot({
    pki,
    slackApiUrl: slack.url,
    store,
    env: { SLACK_SIGNING_SECRET: SECRET, RPCCHECK_ADMINS: 'UADMIN' },
  });
  events = `http://127.0.0.1:${bot.port()}/slack/events`;
});
afterAll(async () => {
  await bot.stop(5000);
  await store.close();
  await Promise.all([slack.close(), server.close()]);
});

const slash = async (text: string, user = 'UADMIN'): Promise<string> => {
  const response = await postSigned(
    events,
    SECRET,
    slashCommandBody({ text, user, channel: 'CW', responseUrl: slack.responseUrl('w') }),
    'application/x-www-form-urlencoded',
  );
  return JSON.stringify(JSON.parse(response.body));
};

function click(actionId: string, value: string, user = 'UADMIN') {
  return postSigned(
    events,
    SECRET,
    actionBody({
      type: 'block_actions',
      user: { id: user, username: 'admin', team_id: 'T0001' },
      team: { id: 'T0001', domain: 'contoso' },
      api_app_id: 'A0001',
      token: 'legacy',
      trigger_id: '1.2.3',
      response_url: slack.responseUrl(`click-${actionId}`),
      channel: { id: 'CW', name: 'ops' },
      container: { type: 'message', message_ts: '1700000100.000100', channel_id: 'CW', is_ephemeral: false },
      message: { type: 'message', ts: '1700000100.000100', text: 'x' },
      actions: [
        {
          type: 'button',
          action_id: actionId,
          block_id: 'b',
          value,
          action_ts: '1',
          text: { type: 'plain_text', text: 'x' },
        },
      ],
    }),
    'application/x-www-form-urlencoded',
  );
}

const host = (): string => `mail.contoso.com:${server.port} via 127.0.0.1`;

describe('watch lists from Slack, and the reminders they lead to', () => {
  it('watch, update instead of duplicate, list, admin-only changes', async () => {
    expect(await slash(`watch ${host()} days=30,7`)).toContain(
      `Watching mail.contoso.com:${server.port} via 127.0.0.1: reminders at 30, 7 days`,
    );
    expect(await slash(`watch ${host()} days=14`)).toContain('Updated the watch');
    expect(await store.listWatches('CW')).toHaveLength(1);
    expect(await slash(`watch other.contoso.com`, 'USOMEONE')).toContain('Only the rpccheck admins');
    const table = await slash('watches');
    expect(table).toContain(`mail.contoso.com:${server.port} via 127.0.0.1`);
    expect(table).toContain('not checked yet');
  });

  it('refuses to watch what the target policy refuses, as a check would', async () => {
    expect(await slash('watch mail.contoso.com via 169.254.169.254')).toMatch(
      /Cannot watch that: [^"]*169\.254\.169\.254[^"]*link-local/,
    );
    expect(await store.listWatches('CW')).toHaveLength(1);
  });

  it('the report offers "Watch this host", and the button adds the watch', async () => {
    await slash(`${host()}`);
    const report = await slack.waitFor(
      (c: RecordedCall) =>
        c.method === 'chat.postMessage' &&
        c.body['channel'] === 'CW' &&
        JSON.stringify(c.body).includes('rpccheck_watch'),
    );
    const blocks = report.body['blocks'] as {
      type: string;
      elements?: { action_id: string; value: string }[];
    }[];
    const watchButton = blocks
      .flatMap((b) => b.elements ?? [])
      .find((e) => e.action_id === 'rpccheck_watch:2');
    expect(watchButton?.value).toBe(
      JSON.stringify({ t: 'mail.contoso.com', p: server.port, v: '127.0.0.1' }),
    );
    await store.removeWatch('CW', `mail.contoso.com:${server.port} via 127.0.0.1`);
    await click(
      'rpccheck_watch:2',
      JSON.stringify({ t: 'mail.contoso.com', p: server.port, v: '127.0.0.1' }),
    );
    await slack.waitFor((c) => c.method === 'click-rpccheck_watch:2');
    expect(await store.listWatches('CW')).toHaveLength(1);
  });

  it('a sweep posts a reminder with buttons; "Stop watching" removes the watch', async () => {
    const notifier = new SlackNotifier(bot.app.client, 0);
    const summary = await runSweep({
      store,
      checkOptions: loopbackOptions(pki),
      notifier,
      concurrency: 2,
      unreachableAfter: 2,
    });
    expect(summary.posted).toBe(1);
    const reminder = await slack.waitFor(
      (c) => c.method === 'chat.postMessage' && String(c.body['text']).includes('expires in'),
    );
    expect(JSON.stringify(reminder.body)).toContain('rpccheck_unwatch');
    expect(JSON.stringify(reminder.body)).toContain('rpccheck_recheck');
    await click(
      'rpccheck_unwatch:1',
      JSON.stringify({ t: 'mail.contoso.com', p: server.port, v: '127.0.0.1' }),
    );
    const answer = await slack.waitFor((c) => c.method === 'click-rpccheck_unwatch:1');
    expect(String(answer.body['text'])).toContain('Stopped watching');
    expect(await store.listWatches('CW')).toEqual([]);
  });
});
