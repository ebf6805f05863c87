import { decide, type SweepOutcome } from '../../src/reminders/decide';
import type { LastResult, LedgerRow, Watch } from '../../src/store/store';

const NOW = new Date('2026-11-25T09:00:00.000Z');
const DAY = 86400000;
const watch: Watch = {
  id: 1,
  channel: 'C1',
  targetKey: 'mail.contoso.com:443',
  input: 'mail.contoso.com',
  host: 'mail.contoso.com',
  port: 443,
  days: [30, 14, 7, 3, 1],
  addedBy: 'U1',
  addedAt: NOW.toISOString(),
};

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
function run(outcomes: SweepOutcome[], unreachableAfter = 2): string[][] {
  let last: LastResult | undefined;
  const ledger: LedgerRow[] = [];
  return outcomes.map((outcome) => {
    const decision = decide(watch, last, outcome, ledger, NOW, unreachableAfter);
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
