import { startFakeSlackApi } from '../fixtures/fake-slack-api';
import { startIisEmulator } from '../fixtures/iis-emulator';
import { createPki } from '../fixtures/pki';
import { startSocketModeServer } from '../fixtures/socket-mode-server';
import { startTestBot } from '../fixtures/test-bot';

describe('Socket Mode', () => {
  it('starts with SLACK_APP_TOKEN, completes the handshake and answers a slash command envelope', async () => {
    const pki = createPki();
    const leaf = pki.issueLeaf({});
    const emulator = await startIisEmulator({
      mode: 'basic',
      tls: { key: leaf.keyPem, cert: leaf.certPem + pki.intermediate.certPem },
    });
    const slack = await startFakeSlackApi();
    const socket = await startSocketModeServer();
    slack.setSocketUrl(socket.url);
    const bot = await startTestBot({ pki, slackApiUrl: slack.url, env: { SLACK_APP_TOKEN: 'xapp-test' } });
    try {
      expect(bot.mode).toBe('socket');
      await socket.connected();
      await slack.waitFor((c) => c.method === 'apps.connections.open');
      socket.deliver({
        envelope_id: 'env-1',
        type: 'slash_commands',
        accepts_response_payload: true,
        payload: {
          command: '/rpccheck',
          text: `mail.contoso.com:${emulator.port} via 127.0.0.1`,
          channel_id: 'CSOCK',
          user_id: 'U1',
          team_id: 'T0001',
          api_app_id: 'A0001',
          response_url: slack.responseUrl('sock'),
          trigger_id: '1.2.3',
        },
      });
      const report = await slack.waitFor(
        (c) => c.method === 'chat.postMessage' && c.body['channel'] === 'CSOCK',
      );
      expect(JSON.stringify(report.body)).toContain('rpc.auth_basic_only');
      const ack = socket.acks.find((a) => a.envelope_id === 'env-1');
      expect(ack).toBeDefined();
      expect(JSON.stringify(ack?.payload)).toContain('Checking mail.contoso.com');
    } finally {
      await bot.stop(5000);
      await Promise.all([socket.close(), slack.close(), emulator.close()]);
    }
  });
});
