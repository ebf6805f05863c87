import type { Notice } from '../../src/reminders/notice';
import { reminderMessage } from '../../src/slack/blocks/reminder-message';

const host = (i: number) => ({
  watchId: i,
  input: `mail${i}.contoso.com`,
  host: `mail${i}.contoso.com`,
  port: 443,
});
const cert = (daysLeft: number) => ({
  fingerprint: 'AA',
  notAfter: '2026-12-01T00:00:00.000Z',
  daysLeft,
  issuer: 'CN=<!here> CA & Co',
  subject: 'CN=x',
  trusted: true,
});

describe('reminder messages', () => {
  it('one host in full: days in words, the date, the issuer (escaped), thresholds ahead, renewal steps, buttons', () => {
    const message = reminderMessage([
      { kind: 'threshold', host: host(1), cert: cert(5), nearest: 7, crossed: [30, 14, 7], ahead: [3, 1] },
    ]);
    const text = JSON.stringify(message);
    expect(text).toContain('expires in 5 days (2026-12-01)');
    expect(text).toContain('Next reminders at 3, 1 days');
    expect(text).toContain('CN=&lt;!here&gt; CA &amp; Co');
    expect(text).not.toContain('<!here>');
    expect(text).toContain('Enable-ExchangeCertificate -Services IIS');
    expect(text).toContain('rpccheck_recheck');
    expect(text).toContain('rpccheck_unwatch');
    expect(message.text).toContain('mail1.contoso.com:443');
  });

  it('many hosts make one digest within Block Kit limits', () => {
    const notices: Notice[] = Array.from({ length: 60 }, (_, i) => ({
      kind: 'expired',
      host: host(i),
      cert: cert(-2),
    }));
    const message = reminderMessage(notices);
    expect(message.blocks.length).toBeLessThanOrEqual(50);
    expect(message.text).toBe('Certificate reminders for 60 hosts');
    expect(JSON.stringify(message)).toContain('more hosts');
  });

  it('words for every kind', () => {
    const all = reminderMessage([
      { kind: 'unreachable', host: host(1), failures: 2, reason: 'tcp.unreachable: <refused>' },
      { kind: 'reachable_again', host: host(2), cert: cert(1) },
      { kind: 'renewed', host: host(3), cert: cert(300), previousNotAfter: '2026-11-30T00:00:00.000Z' },
      { kind: 'expired', host: host(4), cert: cert(-1) },
    ]);
    const text = JSON.stringify(all);
    expect(text).toContain('could not be checked in the last 2 sweeps: tcp.unreachable: &lt;refused&gt;');
    expect(text).toContain('reachable again; certificate expires tomorrow');
    expect(text).toContain('certificate renewed');
    expect(text).toContain('expired 1 day ago');
  });

  it('a certificate that expired hours ago has 0 whole days left and is still worded as expired', () => {
    const text = JSON.stringify(reminderMessage([{ kind: 'expired', host: host(1), cert: cert(0) }]));
    expect(text).toContain('certificate expired less than a day ago');
  });
});
