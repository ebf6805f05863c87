import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { createTargetPolicy } from '../../src/core/target-policy';
import type { Lookup } from '../../src/probes/resolve-target';
import {
  addWatch,
  channelIdProblem,
  importWatches,
  type WatchScreen,
} from '../../src/reminders/watch-service';
import { SqliteStore } from '../../src/store/sqlite/sqlite-store';

const now = new Date('2026-11-30T09:00:00.000Z');
const DNS: Record<string, string[]> = {
  'mail.contoso.com': ['52.96.0.10'],
  localhost: ['127.0.0.1'],
  'sneaky.contoso.com': ['52.96.0.11', '169.254.169.254'],
};
const lookup: Lookup = async (host) => {
  const addresses = DNS[host];
  if (addresses === undefined)
    throw Object.assign(new Error(`getaddrinfo ENOTFOUND ${host}`), { code: 'ENOTFOUND' });
  return addresses;
};
const screen: WatchScreen = { policy: createTargetPolicy(), timeoutMs: 1000, lookup };

let store: SqliteStore;
beforeEach(() => {
  store = new SqliteStore(path.join(mkdtempSync(path.join(tmpdir(), 'rpccheck-watchsvc-')), 'w.db'));
});
afterEach(() => store.close());

const add = (target: string) =>
  addWatch(store, { target, channel: 'C1', addedBy: 'U1', defaultDays: [30], screen }, now);

describe('adding watches applies the target policy check applies', () => {
  it.each([
    ['localhost', /localhost resolves to 127\.0\.0\.1, a loopback address/],
    ['127.0.0.1', /^127\.0\.0\.1 is a loopback address/],
    ['mail.contoso.com:22', /port 22 is not allowed/],
    ['mail.contoso.com via 10.0.0.1', undefined],
    [
      'mail.contoso.com via 127.0.0.1',
      /^mail\.contoso\.com at 127\.0\.0\.1 \(given with via\) is a loopback address/,
    ],
    ['sneaky.contoso.com', /169\.254\.169\.254/],
  ])('%s', async (target, refusal) => {
    const result = await add(target);
    if (refusal === undefined) expect(result).toMatchObject({ ok: true });
    else expect(result).toEqual({ ok: false, reason: expect.stringMatching(refusal) });
    if (refusal !== undefined) expect(await store.listWatches()).toEqual([]);
  });

  it('watches a name that does not resolve here, with a warning (the bot may see internal DNS)', async () => {
    const result = await add('mail.internal.contoso.com');
    expect(result).toMatchObject({
      ok: true,
      warning: expect.stringMatching(
        /^mail\.internal\.contoso\.com does not resolve from here \(ENOTFOUND\)/,
      ),
    });
    expect((await add('mail.contoso.com')) as object).not.toHaveProperty('warning');
  });

  it('an operator’s allow list lets loopback in, as for check', async () => {
    const allowing = { ...screen, policy: createTargetPolicy({ allowTargets: '127.0.0.0/8' }) };
    const result = await addWatch(
      store,
      { target: 'localhost', channel: 'C1', addedBy: 'U1', defaultDays: [30], screen: allowing },
      now,
    );
    expect(result.ok).toBe(true);
  });
});

describe('importWatches', () => {
  it('reads Excel CSV (BOM, quotes, CRLF), reports refused lines and warnings by number', async () => {
    const text =
      '\uFEFF# exported\r\n"mail.contoso.com",5\r\nlocalhost,1\r\n"mail.contoso.com:8443","30,14"\r\n' +
      'nowhere.contoso.com\r\n"broken,3\r\nmail.contoso.com:444,30;7,1\r\n';
    const report = await importWatches(
      store,
      text,
      { channel: 'C1', addedBy: 'U1', defaultDays: [30], screen },
      now,
    );
    expect(report.errors).toEqual([
      { line: 3, text: 'localhost,1', reason: expect.stringMatching(/loopback/) },
      { line: 6, text: '"broken,3', reason: 'a quoted field has no closing quote' },
    ]);
    expect(report.warnings).toEqual([
      { line: 5, text: 'nowhere.contoso.com', warning: expect.stringMatching(/does not resolve/) },
    ]);
    expect([report.added, report.updated]).toEqual([4, 0]);
    const days = Object.fromEntries((await store.listWatches()).map((w) => [w.targetKey, w.days]));
    expect(days).toEqual({
      'mail.contoso.com:443': [5],
      'mail.contoso.com:8443': [30, 14],
      'nowhere.contoso.com:443': [30],
      'mail.contoso.com:444': [30, 7, 1],
    });
  });
});

describe('importWatches with many names', () => {
  it('looks them up side by side (at most 16 at once) and writes in line order: a repeated host keeps its last days', async () => {
    let inFlight = 0;
    let most = 0;
    const slowLookup: Lookup = async (host) => {
      most = Math.max(most, ++inFlight);
      // Every lookup waits for the next turn of the event loop, so concurrent ones overlap whatever the machine.
      await new Promise((resolve) => setImmediate(resolve));
      inFlight--;
      return host.startsWith('bad') ? ['127.0.0.1'] : ['52.96.0.10'];
    };
    const lines = Array.from({ length: 100 }, (_, i) =>
      i % 10 === 9 ? `bad${i}.contoso.com` : `h${i}.contoso.com,7`,
    );
    lines.push('h0.contoso.com,3');
    const report = await importWatches(
      store,
      lines.join('\n'),
      { channel: 'C1', addedBy: 'U1', defaultDays: [30], screen: { ...screen, lookup: slowLookup } },
      now,
    );
    expect(most).toBeGreaterThan(1);
    expect(most).toBeLessThanOrEqual(16);
    expect(report.errors.map((e) => e.line)).toEqual([10, 20, 30, 40, 50, 60, 70, 80, 90, 100]);
    expect([report.added, report.updated]).toEqual([90, 1]);
    expect((await store.getWatch('C1', 'h0.contoso.com:443'))?.days).toEqual([3]);
  });
});

describe('channelIdProblem', () => {
  it('accepts channel ids and refuses names, asking for the id', () => {
    for (const id of ['C1', 'C0123ABCD', 'G0ABC', 'D024BE91L']) expect(channelIdProblem(id)).toBeUndefined();
    for (const name of ['general', '#general', 'c0123abcd', 'C-1', ''])
      expect(channelIdProblem(name)).toMatch(/is not a Slack channel id: give the id .*not the name/);
  });
});
