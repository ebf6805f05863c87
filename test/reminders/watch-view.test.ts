import { watchView } from '../../src/reminders/watch-view';
import type { WatchWithResult } from '../../src/store/store';
import { storedWatch } from '../fixtures/watch';

const NOW = new Date('2026-11-30T09:00:00.000Z');
const DAY = 86400000;
const watch: WatchWithResult = storedWatch([30, 14, 7]);

const seen = (daysLeft: number, extra: Partial<NonNullable<WatchWithResult['last']>> = {}) => ({
  ...watch,
  last: {
    checkedAt: '2026-11-30T08:59:12.000Z',
    fingerprint: 'AB',
    notAfter: new Date(NOW.getTime() + daysLeft * DAY + 3600000).toISOString(),
    issuer: 'C=US, O=Let us Encrypt, CN=R11',
    verdict: 'ok',
    trusted: true,
    failures: 0,
    unreachableNotified: false,
    ...extra,
  },
});

describe('watchView (what `watches` shows)', () => {
  it('a watch no sweep has checked yet', () => {
    expect(watchView(watch, NOW)).toEqual({
      certificate: 'not checked yet',
      trust: '-',
      issuer: '-',
      checked: 'never',
      status: '-',
    });
  });

  it('the certificate view of the last sweep: days left, trust, issuer CN, when, verdict', () => {
    expect(watchView(seen(45), NOW)).toEqual({
      certificate: '45d left',
      trust: 'trusted',
      issuer: 'R11',
      checked: '2026-11-30 08:59Z',
      status: 'ok',
    });
    expect(watchView(seen(0, { trusted: false, verdict: 'critical' }), NOW)).toMatchObject({
      certificate: 'expires today',
      trust: 'untrusted',
      status: 'critical',
    });
    // Whole days since expiry, as reports and reminders count them: 3 days and 23 hours ago is 3.
    expect(watchView(seen(-4), NOW).certificate).toBe('expired 3d ago');
    const expiredAt = (ms: number) => seen(0, { notAfter: new Date(NOW.getTime() - ms).toISOString() });
    expect(watchView(expiredAt(3 * DAY + 15000), NOW).certificate).toBe('expired 3d ago');
    expect(watchView(expiredAt(3600000), NOW).certificate).toBe('expired today');
  });

  it('a host the last sweeps could not read: how often and why, with the last certificate seen', () => {
    const view = watchView(
      seen(20, {
        failures: 2,
        verdict: 'unreachable',
        error: 'tcp.unreachable: TCP connection failed: refused',
      }),
      NOW,
    );
    expect(view.status).toBe('unreachable ×2: tcp.unreachable: TCP connection failed: refused');
    expect(view.certificate).toBe('20d left');
  });

  it('a host checked but never read says so, not "not checked yet"', () => {
    const checked = { checkedAt: '2026-11-30T08:59:12.000Z', failures: 1, unreachableNotified: false };
    const unreachable = watchView(
      { ...watch, last: { ...checked, verdict: 'unreachable', error: 'tls.handshake_failed' } },
      NOW,
    );
    expect(unreachable).toMatchObject({ certificate: 'unreachable', checked: '2026-11-30 08:59Z' });
    expect(watchView({ ...watch, last: { ...checked, failures: 0 } }, NOW).certificate).toBe('-');
  });

  it('long issuers and errors are clipped to keep the table readable', () => {
    const view = watchView(
      seen(5, { issuer: `CN=${'x'.repeat(80)}`, failures: 1, error: 'e'.repeat(200) }),
      NOW,
    );
    expect(view.issuer).toHaveLength(28);
    expect(view.status.length).toBeLessThanOrEqual(80);
  });
});
