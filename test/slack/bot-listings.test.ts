import { createPki } from '../fixtures/pki';
import { type SlackRig, startSlackRig, unique } from '../fixtures/slack-rig';
import { listingText } from '../../src/slack/watch-commands';

/** Long answers in the ack: never cut silently, never near Slack's size limits, never a value shown in part. */

let rig: SlackRig;
beforeAll(async () => {
  rig = await startSlackRig(createPki());
});
afterAll(() => rig.stop());

const texts = (json: { blocks?: { text?: { text: string }; elements?: { text: string }[] }[] }): string[] =>
  (json.blocks ?? []).map((b) => b.text?.text ?? b.elements?.map((e) => e.text).join(' ') ?? '');

describe('/rpccheck watches', () => {
  it('with 1,200 watches shows what fits and counts the rest, with the command that lists them all', async () => {
    const channel = unique('C');
    const now = new Date();
    for (let i = 0; i < 1200; i++)
      await rig.store.upsertWatch(
        {
          channel,
          targetKey: `10.1.${Math.floor(i / 250)}.${(i % 250) + 1}:443`,
          input: `10.1.${Math.floor(i / 250)}.${(i % 250) + 1}`,
          host: `10.1.${Math.floor(i / 250)}.${(i % 250) + 1}`,
          port: 443,
          days: [30, 14, 7, 3, 1],
          addedBy: 'U1',
        },
        now,
      );
    const { ack, json } = await rig.slash('watches', { channel });
    expect(ack.body.length).toBeLessThan(25000);
    expect(json.blocks!.length).toBeLessThanOrEqual(50);
    const all = texts(json);
    const rows = all.filter((t) => t.startsWith('```')).flatMap((t) => t.split('\n'));
    const shown = rows.filter((row) => /10\.1\.\d+\.\d+:443/.test(row)).length;
    const last = all.at(-1) ?? '';
    expect(last).toContain(`…and ${(1200 - shown).toLocaleString('en-US')} more watched hosts`);
    expect(last).toContain(`rpccheck watch list --channel ${channel}`);
    expect(json.text).toBe(`1,200 watched hosts; the first ${shown} are shown`);
    for (const t of all.filter((x) => x.startsWith('```'))) expect(t.endsWith('```')).toBe(true);
  });

  it('the fallback text counts in words when few rows fit', () => {
    expect(listingText(3, 1)).toBe('3 watched hosts; the first is shown');
    expect(listingText(3, 2)).toBe('3 watched hosts; the first 2 are shown');
    expect(listingText(3, 0)).toBe('3 watched hosts; none fit here');
    expect(listingText(1, 1)).toBe('1 watched host');
  });

  it('one watch is "1 watched host"', async () => {
    const channel = unique('C');
    await rig.slash('watch mail.contoso.com via 10.0.0.5', { channel });
    expect((await rig.slash('watches', { channel })).json.text).toBe('1 watched host');
  });
});

describe('/rpccheck unwatch', () => {
  it('names the watches on that host in another form and the exact command to type', async () => {
    const channel = unique('C');
    await rig.slash('watch mail.contoso.com via 10.0.0.5', { channel });
    await rig.slash('watch mail.contoso.com:8443 via 10.0.0.6', { channel });
    const { json } = await rig.slash('unwatch mail.contoso.com', { channel });
    expect(json.text).toContain('This channel does not watch mail.contoso.com.');
    expect(json.text).toContain('in 2 other forms');
    expect(json.text).toContain('`/rpccheck unwatch mail.contoso.com:443 via 10.0.0.5`');
    expect(json.text).toContain('`/rpccheck unwatch mail.contoso.com:8443 via 10.0.0.6`');
    const exact = await rig.slash('unwatch mail.contoso.com:443 via 10.0.0.5', { channel });
    expect(exact.json.text).toContain('Stopped watching');
  });

  it('a host the channel does not watch in any form gets the plain answer', async () => {
    const { json } = await rig.slash('unwatch owa.contoso.com');
    expect(json.text).toBe('This channel does not watch owa.contoso.com.');
  });
});

describe('/rpccheck validate', () => {
  it('40 mistaken entries: the findings left out are counted, the corrected value shown once and whole', async () => {
    const value = Array.from({ length: 40 }, (_, i) => `EX${i};6001`).join(';');
    const { ack, json } = await rig.slash(`validate validports ${value}`);
    expect(ack.body.length).toBeLessThan(25000);
    const all = texts(json);
    const findingBlocks = all.filter((t) => /^:(red|large_orange|large_blue)_circle:/.test(t));
    const total = Number(/\((\d+) findings\)/.exec(all[0] ?? '')?.[1]);
    expect(total).toBeGreaterThan(findingBlocks.length);
    expect(all.join('\n')).toContain(
      `…and ${total - findingBlocks.length} more findings not shown here: \`rpccheck validate validports -\``,
    );
    const corrected = all.filter((t) => t.startsWith('*Corrected value'));
    expect(corrected.length).toBeGreaterThanOrEqual(1);
    for (const block of corrected) {
      const code = /```([\s\S]*)```$/.exec(block)?.[1];
      if (code !== undefined) expect(code).toMatch(/^EX0:6001;.*EX39:6001/);
      else expect(block).toContain('too long to show here whole');
      expect(block).not.toContain('…');
    }
  });

  it('past 100 findings the validator\'s "more findings" line is carried', async () => {
    const value = Array.from({ length: 200 }, (_, i) => `EX${i};6001`).join(';');
    const { json } = await rig.slash(`validate validports ${value}`);
    expect(texts(json).join('\n')).toMatch(/…and [\d,]+ more findings: rpccheck lists the first 100/);
  });

  it('a corrected value too long for a section is pointed to, not cut', async () => {
    const value = Array.from({ length: 300 }, (_, i) => `EXCHANGE-SERVER-${i};6001`).join(';');
    const { json } = await rig.slash(`validate validports ${value}`);
    const corrected = texts(json).filter((t) => t.startsWith('*Corrected value'));
    expect(corrected.length).toBeGreaterThanOrEqual(1);
    for (const block of corrected) {
      expect(block).toMatch(/characters, too long to show here whole\. `rpccheck validate validports -`/);
      expect(block).not.toContain('```');
    }
  });
});
