import type { SlackBot } from '../../src/slack/app';
import { PostgresStore } from '../../src/store/postgres/postgres-store';
import type { Store } from '../../src/store/store';
import { startFakeSlackApi } from '../fixtures/fake-slack-api';
import { createPki } from '../fixtures/pki';
import { createTestDatabase } from '../fixtures/postgres';
import { type SocketModeServer, startSocketModeServer } from '../fixtures/socket-mode-server';
import { startTestBot } from '../fixtures/test-bot';

describe('two Socket Mode replicas on one PostgreSQL', () => {
  it('answer an event Slack delivered on both connections once', async () => {
    const pki = createPki();
    const slack = await startFakeSlackApi();
    const url = await createTestDatabase();
    const sockets: SocketModeServer[] = [];
    const stores: Store[] = [];
    const bots: SlackBot[] = [];
    try {
      // Each replica opens its own connection (apps.connections.open hands each its own URL here).
      for (let i = 0; i < 2; i++) {
        const socket = await startSocketModeServer();
        sockets.push(socket);
        slack.setSocketUrl(socket.url);
        const store = await PostgresStore.open(url);
        stores.push(store);
        bots.push(
          await startTestBot({ pki, slackApiUrl: slack.url, env: { SLACK_APP_TOKEN: 'xapp-test' }, store }),
        );
        await socket.connected();
      }
      // Slack retries an event it thinks was lost; the retry may come over another connection.
      sockets.forEach((socket, i) =>
        socket.deliver({
          envelope_id: `env-${i}`,
          type: 'events_api',
          accepts_response_payload: false,
          retry_attempt: i,
          retry_reason: i === 0 ? '' : 'timeout',
          payload: {
            team_id: 'T0001',
            api_app_id: 'A0001',
            type: 'event_callback',
            event_id: 'EvSocketReplica',
            event_time: Math.floor(Date.now() / 1000),
            authorizations: [{ team_id: 'T0001', user_id: 'UBOT', is_bot: true }],
            event: {
              type: 'app_mention',
              user: 'U1',
              text: '<@UBOT> help',
              ts: '1700000200.000100',
              channel: 'CSOCKREP',
              event_ts: '1700000200.000100',
            },
          },
        }),
      );
      await slack.waitFor((c) => c.method === 'chat.postMessage' && c.body['channel'] === 'CSOCKREP');
      // Both envelopes are acknowledged; give the second replica time to (not) answer.
      for (let wait = 0; wait < 100 && sockets.some((s) => s.acks.length === 0); wait++)
        await new Promise((resolve) => setTimeout(resolve, 50));
      await new Promise((resolve) => setTimeout(resolve, 2000));
      expect(sockets.map((s) => s.acks.map((a) => a.envelope_id))).toEqual([['env-0'], ['env-1']]);
      expect(
        slack.calls.filter((c) => c.method === 'chat.postMessage' && c.body['channel'] === 'CSOCKREP'),
      ).toHaveLength(1);
    } finally {
      await Promise.all(bots.map((bot) => bot.stop(5000)));
      await Promise.all([...sockets.map((s) => s.close()), ...stores.map((s) => s.close()), slack.close()]);
    }
  });
});
