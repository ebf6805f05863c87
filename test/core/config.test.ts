import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { loadConfig, parseDays, requireSlack } from '../../src/config';
import { createPki } from '../fixtures/pki';

describe('configuration from the environment', () => {
  it('has the documented defaults', () => {
    const config = loadConfig({});
    expect(config).toMatchObject({
      dbPath: './data/rpccheck.db',
      timeoutMs: 10000,
      warnDays: 30,
      sweepCron: '0 9 * * *',
      reminderDays: [30, 14, 7, 3, 1],
      slack: { port: 3000 },
    });
    expect([...config.policy.allowedPorts].sort((a, b) => a - b)).toEqual([443, 444, 8443]);
  });

  it.each([
    ['RPCCHECK_TIMEOUT_MS', 'soon'],
    ['RPCCHECK_WARN_DAYS', '-1'],
    ['PORT', '70000'],
    ['RPCCHECK_SWEEP_CRON', 'every day'],
    ['RPCCHECK_REMINDER_DAYS', '30,zero'],
    ['RPCCHECK_ALLOW_TARGETS', '10.0.0.0/99'],
    ['RPCCHECK_DENY_TARGETS', 'bad name!'],
    ['RPCCHECK_ALLOWED_PORTS', 'https'],
    ['SLACK_BOT_TOKEN', 'xoxp-user-token'],
    ['SLACK_APP_TOKEN', 'xoxb-not-an-app-token'],
    ['SLACK_API_URL', 'ftp://slack'],
    ['RPCCHECK_CA_FILE', '/nonexistent/ca.pem'],
    ['RPCCHECK_PROBE_USER', 'just-a-name'],
  ])('a bad %s stops start-up naming the variable', (variable, value) => {
    const env = variable === 'RPCCHECK_PROBE_USER' ? { RPCCHECK_PROBE_PASSWORD: 'x' } : {};
    expect(() => loadConfig({ ...env, [variable]: value })).toThrow(new RegExp(`^${variable}: `));
  });

  it('a test account needs its password and the list of hosts it may be sent to', () => {
    const account = { RPCCHECK_PROBE_USER: 'CONTOSO\\probe', RPCCHECK_PROBE_PASSWORD: 'pw' };
    expect(() => loadConfig(account)).toThrow(
      /^RPCCHECK_PROBE_TARGETS: required when RPCCHECK_PROBE_USER is set/,
    );
    expect(() => loadConfig({ ...account, RPCCHECK_PROBE_TARGETS: 'bad name!' })).toThrow(
      /^RPCCHECK_PROBE_TARGETS: "bad name!" is neither/,
    );
    expect(() =>
      loadConfig({ ...account, RPCCHECK_PROBE_PASSWORD: '', RPCCHECK_PROBE_TARGETS: 'x.com' }),
    ).toThrow(/^RPCCHECK_PROBE_PASSWORD: required/);
    expect(
      loadConfig({ ...account, RPCCHECK_PROBE_TARGETS: '*.contoso.com, 10.0.0.0/8' }).probeCredentials,
    ).toMatchObject({
      user: 'CONTOSO\\probe',
      targets: [
        { kind: 'name', text: '*.contoso.com' },
        { kind: 'cidr', text: '10.0.0.0/8' },
      ],
    });
    // The password alone is what `check --user` reads; it is not an account.
    expect(loadConfig({ RPCCHECK_PROBE_PASSWORD: 'pw' }).probeCredentials).toBeUndefined();
  });

  it('reads PEM blocks from RPCCHECK_CA_FILE', () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'rpccheck-config-'));
    const file = path.join(dir, 'ca.pem');
    writeFileSync(file, createPki().root.certPem);
    expect(loadConfig({ RPCCHECK_CA_FILE: file }).extraCaPem).toHaveLength(1);
    writeFileSync(file, 'not a certificate');
    expect(() => loadConfig({ RPCCHECK_CA_FILE: file })).toThrow(/RPCCHECK_CA_FILE: .*no PEM/);
  });

  it('refuses a PEM block that is not a certificate, naming the file and the block', () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'rpccheck-config-'));
    const file = path.join(dir, 'ca.pem');
    const broken = '-----BEGIN CERTIFICATE-----\nAAAA\n-----END CERTIFICATE-----\n';
    writeFileSync(file, `${createPki().root.certPem}\n${broken}`);
    const lines = createPki().root.certPem.split('\n').length;
    expect(() => loadConfig({ RPCCHECK_CA_FILE: file })).toThrow(
      `RPCCHECK_CA_FILE: ${file}: certificate 2 of 2 (line ${lines + 1}) is not a valid certificate`,
    );
  });

  it('parses reminder days largest first without duplicates', () => {
    expect(parseDays('1, 7,30,7')).toEqual([30, 7, 1]);
    expect(parseDays('')).toBe('no days given');
  });

  it('the bot needs its tokens', () => {
    expect(() => requireSlack(loadConfig({}))).toThrow(/SLACK_BOT_TOKEN/);
    expect(() => requireSlack(loadConfig({ SLACK_BOT_TOKEN: 'xoxb-1' }))).toThrow(/SLACK_SIGNING_SECRET/);
    expect(requireSlack(loadConfig({ SLACK_BOT_TOKEN: 'xoxb-1', SLACK_APP_TOKEN: 'xapp-1' }))).toMatchObject({
      appToken: 'xapp-1',
    });
  });
});
