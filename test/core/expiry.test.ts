import fc from 'fast-check';
import { DAY_MS, daysLeft, expiredAgo, expiryInWords } from '../../src/core/expiry';
import { decide } from '../../src/reminders/decide';
import type { LastResult, LedgerRow } from '../../src/store/store';
import { storedWatch } from '../fixtures/watch';
import { params } from '../fuzz/fuzz';

const at = (iso: string): Date => new Date(iso);

describe('days left', () => {
  it('counts whole days since expiry: 3 days and 15 s past notAfter is 3, not 4', () => {
    const left = daysLeft(at('2026-11-27T07:28:51Z'), at('2026-11-30T07:29:06Z'));
    expect(left).toBe(-3);
    expect(expiryInWords(left, true)).toBe('expired 3 days ago');
  });

  it.each([
    [0, true, 'expired less than a day ago'],
    [-1, true, 'expired 1 day ago'],
    [-5, false, 'expired 5 days ago'],
    [0, false, 'less than a day left'],
    [1, false, '1 day left'],
    [45, false, '45 days left'],
  ])('%i days, expired %s → %s', (days, expired, words) => {
    expect(expiryInWords(days, expired)).toBe(words);
  });

  const now = fc.integer({ min: Date.UTC(2000, 0, 1), max: Date.UTC(2100, 0, 1) });
  const k = fc.integer({ min: 0, max: 4000 });
  const epsilon = fc.integer({ min: 1, max: DAY_MS - 1 });

  it('notAfter = now - k days - ε: expired k days ago', () => {
    fc.assert(
      fc.property(now, k, epsilon, (t, days, eps) => {
        const left = daysLeft(new Date(t - days * DAY_MS - eps), new Date(t));
        expect(left).toBe(days === 0 ? 0 : -days);
        expect(Object.is(left, -0)).toBe(false);
        expect(expiredAgo(left)).toBe(
          days === 0
            ? 'expired less than a day ago'
            : `expired ${days.toLocaleString('en-US')} day${days === 1 ? '' : 's'} ago`,
        );
      }),
      params,
    );
  });

  it('notAfter = now + k days + ε: k days left', () => {
    fc.assert(
      fc.property(now, k, epsilon, (t, days, eps) => {
        expect(daysLeft(new Date(t + days * DAY_MS + eps), new Date(t))).toBe(days);
      }),
      params,
    );
  });
});

describe('reminder thresholds with these days', () => {
  const watch = storedWatch([30, 14, 7, 3, 1]);

  /** Daily sweeps (each a few hours late or early) from 40 days before notAfter to 5 days after. */
  function sweep(
    notAfter: number,
    firstSweep: number,
    jitter: number[],
  ): { posted: string[]; ledger: LedgerRow[] } {
    let last: LastResult | undefined;
    const ledger: LedgerRow[] = [];
    const posted: string[] = [];
    jitter.forEach((offset, day) => {
      const now = new Date(firstSweep + day * DAY_MS + offset);
      const cert = {
        fingerprint: 'A',
        notAfter: new Date(notAfter).toISOString(),
        daysLeft: daysLeft(new Date(notAfter), now),
        issuer: 'CN=CA',
        subject: 'CN=mail',
        trusted: true,
      };
      const decision = decide(watch, last, { kind: 'certificate', cert, verdict: 'ok' }, ledger, now, 2);
      last = decision.next;
      ledger.push(...decision.ledger);
      posted.push(
        ...decision.notices.map((n) => (n.kind === 'threshold' ? `threshold:${n.nearest}` : n.kind)),
      );
    });
    return { posted, ledger };
  }

  it('every threshold once, the expiry once, whatever the hour of the sweeps', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: Date.UTC(2026, 0, 1), max: Date.UTC(2030, 0, 1) }),
        fc.integer({ min: 0, max: DAY_MS - 1 }),
        fc.array(fc.integer({ min: -3 * 3600_000, max: 3 * 3600_000 }), { minLength: 46, maxLength: 46 }),
        (notAfter, hour, jitter) => {
          const { posted, ledger } = sweep(notAfter, notAfter - 40 * DAY_MS + hour, jitter);
          // Each threshold and the expiry recorded exactly once: none lost, none doubled.
          expect(ledger.map((row) => row.kind).sort()).toEqual([
            'expired',
            'threshold:1',
            'threshold:14',
            'threshold:3',
            'threshold:30',
            'threshold:7',
          ]);
          expect(posted.filter((p) => p === 'expired')).toHaveLength(1);
          const thresholds = posted.filter((p) => p.startsWith('threshold:'));
          expect(new Set(thresholds).size).toBe(thresholds.length);
          expect(thresholds[0]).toBe('threshold:30');
          expect(thresholds[thresholds.length - 1]).toBe('threshold:1');
        },
      ),
      params,
    );
  });
});
