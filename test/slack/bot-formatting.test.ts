import type { RecordedCall } from '../fixtures/fake-slack-api';
import { type Emulator, startIisEmulator } from '../fixtures/iis-emulator';
import { createPki } from '../fixtures/pki';
import { type SlackRig, startSlackRig, unique } from '../fixtures/slack-rig';

/**
 * A hostile server's text, end to end: a certificate name, a realm and NTLM names that try to open code blocks,
 * bold, italics and strike, and a realm long enough to be cut in the details thread.
 */

const ZWJ = '\u200d';
const CN = 'evil ``` *bold* _it_ ~strike~ `tick` <!here> a;b';
let rig: SlackRig;
let evil: Emulator;

beforeAll(async () => {
  const pki = createPki();
  rig = await startSlackRig(pki);
  const sans = [
    'evil.contoso.com',
    ...Array.from({ length: 120 }, (_, i) => `host-${i}-${'x'.repeat(40)}.contoso.com`),
  ];
  const leaf = pki.issueLeaf({ names: sans, cn: CN });
  evil = await startIisEmulator({
    mode: 'integrated',
    realm: `x\`\`\` *realm* <!channel> ${'R'.repeat(3500)}`,
    ntlm: {
      netbiosComputer: 'EX```01',
      netbiosDomain: 'CONTOSO',
      dnsComputer: 'ex01.contoso.local',
      dnsDomain: 'contoso.local',
    },
    tls: { key: leaf.keyPem, cert: leaf.certPem + pki.intermediate.certPem },
  });
});
afterAll(async () => {
  await rig.stop();
  await evil.close();
});

interface Block {
  type: string;
  text?: { text: string };
}
const sectionTexts = (call: RecordedCall): string[] =>
  ((call.body['blocks'] as Block[] | undefined) ?? []).flatMap((b) =>
    b.type === 'section' && b.text !== undefined ? [b.text.text] : [],
  );

/** Outside the fences we wrote no three backticks in a row, and no bare `*realm*` or `~strike~`. */
function expectInert(text: string): void {
  const outside = text.replace(/```[\s\S]*?```/g, '');
  expect(outside).not.toContain('```');
  expect(outside).not.toMatch(/\*realm\*|~strike~|\*bold\*|_it_/);
  // Every code block we opened is closed: fences pair up.
  expect((text.match(/```/g) ?? []).length % 2).toBe(0);
}

it('the report shows the certificate name as the certificate has it, formatting nothing', async () => {
  const channel = unique('C');
  await rig.slash(`evil.contoso.com:${evil.port} via 127.0.0.1`, { channel });
  const report = await rig.slack.waitFor(
    (c) => c.method === 'chat.postMessage' && c.body['channel'] === channel,
  );
  const certificate = sectionTexts(report).find((t) => t.startsWith(':lock: *Certificate*')) ?? '';
  // Node's `\<` and `\;` are gone; what shows, read without the joiners, is the name itself.
  expect(certificate.replace(/\u200d/g, '')).toContain(
    'evil ``` *bold* _it_ ~strike~ `tick` &lt;!here&gt; a;b',
  );
  expect(certificate).toContain(`${ZWJ}\`${ZWJ}${ZWJ}\`${ZWJ}${ZWJ}\`${ZWJ}`);
  expect(certificate).toContain(`${ZWJ}*${ZWJ}bold${ZWJ}*${ZWJ}`);
  for (const text of sectionTexts(report)) expectInert(text);
});

it('the details thread keeps its fences and says what was cut', async () => {
  const channel = unique('C');
  const messageTs = '1700000300.000100';
  await rig.click({
    actionId: 'rpccheck_details:1',
    value: `{"t":"evil.contoso.com","p":${evil.port},"v":"127.0.0.1"}`,
    channel,
    messageTs,
  });
  const details = await rig.slack.waitFor(
    (c) =>
      c.method === 'chat.postMessage' && c.body['channel'] === channel && c.body['thread_ts'] === messageTs,
  );
  const texts = sectionTexts(details);
  for (const text of texts) {
    expect(text.length).toBeLessThanOrEqual(3000);
    expectInert(text);
  }
  const proxy = texts.find((t) => t.startsWith('*RPC proxy*')) ?? '';
  expect(proxy).toMatch(/```\n_[\d,]+ more characters not shown_\nanswered in \d+ ms$/);
  const certificate = texts.find((t) => t.startsWith('*Certificate*')) ?? '';
  expect(certificate).toMatch(/, and \d+ more\nvalid /);
  const ntlm = texts.find((t) => t.startsWith('*NTLM identity*')) ?? '';
  expect(ntlm).toContain(`EX${ZWJ}\`${ZWJ}${ZWJ}\`${ZWJ}${ZWJ}\`${ZWJ}01`);
});
