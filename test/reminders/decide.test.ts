import { decide, type SweepOutcome } from '../../src/reminders/decide';
import type { LastResult, LedgerRow, Watch } from '../../src/store/store';
import { storedWatch } from '../fixtures/watch';

const NOW = new Date('2026-11-25T09:00:00.000Z');
const DAY = 86400000;
const watch = storedWatch([30, 14, 7, 3, 1]);

function cert(fingerprint: string, daysLeft: number): SweepOutcome {
  return {
    kind: 'certificate',
    verdict: daysLeft < 0 ? 'critical' : 'ok',
    cert: {
      fingerprint,
      notAfter: new Date(NOW.getTime() + daysLeft * DAY + 3600000).toISOString(),
      daysLeft,
      issuer: 'CN=CA',
      subject: 'CN=mail',
      trusted: true,
    },
  };
}
const failed: SweepOutcome = { kind: 'failed', reason: 'tcp.unreachable: refused' };

/** Runs sweeps in a row as the sweep would when every post succeeds. */
function run(
  outcomes: SweepOutcome[],
  unreachableAfter = 2,
  watched: (i: number) => Watch = () => watch,
): string[][] {
  let last: LastResult | undefined;
  const ledger: LedgerRow[] = [];
  return outcomes.map((outcome, i) => {
    const decision = decide(watched(i), last, outcome, ledger, NOW, unreachableAfter);
    last = decision.next;
    ledger.push(...decision.ledger);
    return decision.notices.map((n) => (n.kind === 'threshold' ? `threshold:${n.nearest}` : n.kind));
  });
}

describe('decide (pure)', () => {
  it('a 5-day certificate: one reminder naming 7 days over many sweeps', () => {
    expect(run([cert('A', 5), cert('A', 5), cert('A', 5), cert('A', 5)])).toEqual([
      ['threshold:7'],
      [],
      [],
      [],
    ]);
  });

  it('crossing thresholds one by one as days pass', () => {
    expect(
      run([
        cert('A', 40),
        cert('A', 30),
        cert('A', 20),
        cert('A', 14),
        cert('A', 6),
        cert('A', 2),
        cert('A', 0),
      ]),
    ).toEqual([
      [],
      ['threshold:30'],
      [],
      ['threshold:14'],
      ['threshold:7'],
      ['threshold:3'],
      ['threshold:1'],
    ]);
  });

  it('names what is still ahead and every threshold crossed at once', () => {
    const decision = decide(watch, undefined, cert('A', 5), [], NOW, 2);
    expect(decision.notices[0]).toMatchObject({
      kind: 'threshold',
      nearest: 7,
      crossed: [30, 14, 7],
      ahead: [3, 1],
    });
    expect(decision.ledger.map((r) => r.kind)).toEqual(['threshold:30', 'threshold:14', 'threshold:7']);
  });

  it('a swap to a shorter certificate starts afresh (no "renewed"); a later expiry is "renewed" once', () => {
    expect(run([cert('A', 5), cert('B', 2), cert('B', 2)])).toEqual([['threshold:7'], ['threshold:3'], []]);
    expect(run([cert('A', 5), cert('C', 90), cert('C', 90)])).toEqual([['threshold:7'], ['renewed'], []]);
  });

  it('an expired certificate alarms once', () => {
    expect(run([cert('A', -1), cert('A', -2), cert('A', -3)])).toEqual([['expired'], [], []]);
  });

  it('unreachable only after N failures, once, then reachable again', () => {
    expect(run([cert('A', 60), failed, failed, failed, cert('A', 60), failed], 2)).toEqual([
      [],
      [],
      ['unreachable'],
      [],
      ['reachable_again'],
      [],
    ]);
    expect(run([failed], 1)).toEqual([['unreachable']]);
  });

  it('keeps the last certificate while failing, so coming back with it is not "renewed"', () => {
    expect(run([cert('A', 60), failed, cert('A', 60)], 5)).toEqual([[], [], []]);
  });

  it('the ledger, not the last result, prevents repeats: a failed post re-derives the same notices', () => {
    const first = decide(watch, undefined, cert('A', 5), [], NOW, 2);
    const again = decide(watch, undefined, cert('A', 5), [], NOW, 2);
    expect(again.notices).toEqual(first.notices);
    const afterPost = decide(watch, first.next, cert('A', 5), first.ledger, NOW, 2);
    expect(afterPost.notices).toEqual([]);
  });
});

describe('decide (pure): more of the table', () => {
  const rows: { name: string; outcomes: SweepOutcome[]; expected: string[][]; unreachableAfter?: number }[] =
    [
      {
        name: 'days pass one sweep a day from 31 to expiry: each threshold once, then one alarm',
        outcomes: [31, 30, 29, 15, 14, 13, 8, 7, 4, 3, 2, 1, 0, -1, -2].map((d) => cert('A', d)),
        expected: [
          [],
          ['threshold:30'],
          [],
          [],
          ['threshold:14'],
          [],
          [],
          ['threshold:7'],
          [],
          ['threshold:3'],
          [],
          ['threshold:1'],
          [],
          ['expired'],
          [],
        ],
      },
      {
        name: 'a certificate first seen with 2 days left: one reminder naming 3, then 1 still ahead',
        outcomes: [cert('A', 2), cert('A', 2), cert('A', 1)],
        expected: [['threshold:3'], [], ['threshold:1']],
      },
      {
        name: 'first seen already expired: the alarm only, no threshold reminder',
        outcomes: [cert('A', -3), cert('A', -3)],
        expected: [['expired'], []],
      },
      {
        name: 'renewed to a certificate that is itself within a threshold: both, once',
        outcomes: [cert('A', 5), cert('B', 20), cert('B', 20)],
        expected: [['threshold:7'], ['renewed', 'threshold:30'], []],
      },
      {
        name: 'an expired certificate renewed: "renewed", and the new one starts afresh',
        outcomes: [cert('A', -1), cert('B', 365), cert('B', 365)],
        expected: [['expired'], ['renewed'], []],
      },
      {
        name: 'a swap to an already expired certificate: the alarm, not "renewed"',
        outcomes: [cert('A', 5), cert('B', -1), cert('B', -1)],
        expected: [['threshold:7'], ['expired'], []],
      },
      {
        name: 'swapping back to an earlier certificate does not repeat what was posted for it',
        outcomes: [cert('A', 5), cert('B', 90), cert('A', 5)],
        expected: [['threshold:7'], ['renewed'], []],
      },
      {
        name: 'never reachable: told once after N failures, no "renewed" when it finally answers',
        outcomes: [failed, failed, failed, failed, cert('A', 200)],
        unreachableAfter: 3,
        expected: [[], [], ['unreachable'], [], ['reachable_again']],
      },
      {
        name: 'back with a renewed certificate after an outage: both notices',
        outcomes: [cert('A', 5), failed, failed, cert('B', 365)],
        expected: [['threshold:7'], [], ['unreachable'], ['reachable_again', 'renewed']],
      },
      {
        name: 'a failure below the count is forgotten by one good sweep',
        outcomes: [failed, cert('A', 200), failed, cert('A', 200), failed, failed],
        expected: [[], [], [], [], [], ['unreachable']],
      },
    ];
  it.each(rows)('$name', ({ outcomes, expected, unreachableAfter }) => {
    expect(run(outcomes, unreachableAfter ?? 2)).toEqual(expected);
  });

  it('adding larger thresholds to a watch already reminded does not repeat the reminder', () => {
    const narrow: Watch = { ...watch, days: [7] };
    expect(run([cert('A', 5), cert('A', 5), cert('A', 2)], 2, (i) => (i === 0 ? narrow : watch))).toEqual([
      ['threshold:7'],
      [],
      ['threshold:3'],
    ]);
  });

  it('a new smaller threshold still fires when the certificate reaches it', () => {
    const later: Watch = { ...watch, days: [30, 14, 7, 5] };
    expect(run([cert('A', 6), cert('A', 5)], 2, (i) => (i === 0 ? watch : later))).toEqual([
      ['threshold:7'],
      ['threshold:5'],
    ]);
  });

  it('records every crossed threshold not yet posted, and only those', () => {
    const ledger: LedgerRow[] = [{ fingerprint: 'A', kind: 'threshold:30' }];
    const decision = decide(watch, undefined, cert('A', 5), ledger, NOW, 2);
    expect(decision.notices[0]).toMatchObject({ nearest: 7, crossed: [14, 7], ahead: [3, 1] });
    expect(decision.ledger).toEqual([
      { fingerprint: 'A', kind: 'threshold:14' },
      { fingerprint: 'A', kind: 'threshold:7' },
    ]);
  });

  it('a ledger row for another certificate does not count', () => {
    const ledger: LedgerRow[] = [{ fingerprint: 'OTHER', kind: 'threshold:7' }];
    expect(decide(watch, undefined, cert('A', 5), ledger, NOW, 2).notices).toHaveLength(1);
  });

  it('the next state keeps what `watches` shows: trust, and why the host could not be read', () => {
    const seen = decide(watch, undefined, cert('A', 20), [], NOW, 2).next;
    expect(seen).toMatchObject({ fingerprint: 'A', issuer: 'CN=CA', trusted: true, failures: 0 });
    expect(seen.error).toBeUndefined();
    const down = decide(watch, seen, failed, [], NOW, 2).next;
    expect(down).toMatchObject({
      fingerprint: 'A',
      trusted: true,
      failures: 1,
      verdict: 'unreachable',
      error: 'tcp.unreachable: refused',
    });
  });
});
