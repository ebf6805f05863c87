import { watchListLines } from '../../src/cli/format-watch-list';
import type { WatchWithResult } from '../../src/store/store';

const NOW = new Date('2026-11-30T09:00:00.000Z');
const base = {
  input: 'x',
  port: 443,
  addedBy: 'cli',
  addedAt: '2026-11-01T00:00:00.000Z',
  days: [30, 7],
};
const watches: WatchWithResult[] = [
  { ...base, id: 1, channel: 'C1', targetKey: 'mail.contoso.com:443', host: 'mail.contoso.com' },
  {
    ...base,
    id: 2,
    channel: 'C0123ABCDEF',
    targetKey: 'owa.contoso.com:8443 via 127.0.0.1',
    host: 'owa.contoso.com',
    last: {
      checkedAt: '2026-11-30T07:27:00.000Z',
      failures: 1,
      unreachableNotified: false,
      verdict: 'unreachable',
      error: 'tls.handshake_failed: TLS handshake failed',
    },
  },
  {
    ...base,
    id: 3,
    channel: 'C1',
    targetKey: 'ok.contoso.com:443',
    host: 'ok.contoso.com',
    last: {
      checkedAt: '2026-11-30T08:00:00.000Z',
      fingerprint: 'AB',
      notAfter: '2027-01-14T09:00:00.000Z',
      issuer: 'C=US, O=Let us Encrypt, CN=R11',
      verdict: 'ok',
      trusted: true,
      failures: 0,
      unreachableNotified: false,
    },
  },
];

describe('watch list as text', () => {
  it('a header row and every column padded to its widest cell; an unreachable host is not "not checked yet"', () => {
    expect(watchListLines(watches, NOW)).toEqual([
      'CHANNEL      TARGET                              CERTIFICATE      EXPIRES     TRUST    ISSUER  CHECKED            REMINDERS  STATUS',
      'C1           mail.contoso.com:443                not checked yet  -           -        -       never              30,7       -',
      'C0123ABCDEF  owa.contoso.com:8443 via 127.0.0.1  unreachable      -           -        -       2026-11-30 07:27Z  30,7       unreachable ×1: tls.handshake_failed: TLS handshake failed',
      'C1           ok.contoso.com:443                  45d left         2027-01-14  trusted  R11     2026-11-30 08:00Z  30,7       ok',
    ]);
  });
});
