import { knowledgeBase, detectPaste, validate, VALIDATOR_KINDS } from '../src/kb';
import { parseChatTarget, parseTarget } from '../src/core/target';
import { ByteQueue, ChunkedDecoder, HeadReader, parseHead } from '../src/rpch/http-head';
import { decodeRts } from '../src/rpch/rts';
import { challengeFromHeaders, decodeChallenge } from '../src/probes/ntlm/ntlm-challenge';
import { readDerFields } from '../src/probes/certificate/der-fields';
import { chatTokens } from '../src/slack/chat-tokens';
import { decideIntent } from '../src/slack/conversation';
import { parseCommand } from '../src/slack/parse-command';
import { decodeTarget } from '../src/slack/target-ref';
import { noticeMessage, validationMessage } from '../src/slack/blocks/kb-messages';

/**
 * Pathological 40 KB inputs (Slack's message limit is 40,000 characters) and every entry point that reads
 * outside text or server bytes: what `npm run bench` times against the 50 ms budget of spec §11.
 */
export const SIZE = 40_000;

/** Repeats `unit` to exactly `size` characters. */
export const fill = (unit: string, size = SIZE): string =>
  unit.repeat(Math.ceil(size / unit.length)).slice(0, size);

/** A deterministic generator, so every run times the same "random" text. */
function seeded(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (Math.imul(state, 1664525) + 1013904223) >>> 0;
    return state / 2 ** 32;
  };
}

function randomUnicode(size: number): string {
  const next = seeded(42);
  let out = '';
  while (out.length < size) out += String.fromCodePoint(Math.floor(next() * 0x2ffff) % 0xd800 || 0x20);
  return out.slice(0, size);
}

function randomOf(alphabet: string, size: number, seed: number): string {
  const next = seeded(seed);
  let out = '';
  for (let i = 0; i < size; i++) out += alphabet[Math.floor(next() * alphabet.length)] ?? '';
  return out;
}

const PASTES = {
  validports:
    'ValidPorts    REG_SZ    EX01:6001-6002;EX01:6004;ex01.contoso.local:6001-6002;ex01.contoso.local:6004\n',
  event:
    'Log Name: Application\nSource: RPC Proxy\nEvent ID: 2\nLevel: Error\nDescription: ValidPorts could not be parsed\n',
  rpcdump:
    'ncacn_http(Connection-oriented TCP/IP using Microsoft Internet Information Server as HTTP proxy.)\n  EX01[6001] [a4f1db00-ca47-1067-b31f-00dd010662da] Exchange Server STORE EMSMDB Interface\n',
  nspi: 'NSPI interface protocol sequences    REG_MULTI_SZ    ncacn_http:6004\\0ncacn_ip_tcp\n',
  chat: 'Outlook keeps prompting for a password and says the proxy server certificate is not trusted. ',
};

/** Text inputs: one character or token repeated, long tokens, random text, real pastes repeated and mixed. */
export function textInputs(): [string, string][] {
  const units = [
    '\n',
    ' ',
    '\t',
    ';',
    ':',
    ',',
    '.',
    '-',
    '<',
    '>',
    '&',
    '[',
    '1.1.1.',
    'a.',
    'a:',
    'a;',
    '1;',
    'a,',
    '1:',
    'a-',
    'a ',
    '@',
    '*',
    '\\0',
    '\r\n',
    'ab',
    'a1',
    '_',
    'a_',
    '0x',
    'x:1',
    '<@U1>',
    '<http://a',
    '<a|',
    'EX01:6001,',
    'ncacn_',
    'ID: 1 ',
    'Source: ',
    ':: ',
    'password ',
    'a:b@c',
    'Event ID: 2\n',
    '[1]',
    'ValidPorts ',
    'via ',
    'backend ',
    'check ',
    'http://',
    '%',
    'é',
    '🙂',
  ];
  const inputs: [string, string][] = units.map((unit) => [`${JSON.stringify(unit)} ×`, fill(unit)]);
  inputs.push(['one long token', 'a'.repeat(SIZE)]);
  inputs.push(['long digits', '1'.repeat(SIZE)]);
  inputs.push(['ValidPorts then a long token', `ValidPorts ${'a'.repeat(SIZE - 11)}`]);
  inputs.push(['ValidPorts then spaces', `ValidPorts${' '.repeat(SIZE - 10)}`]);
  inputs.push(['host then via×', `mail.contoso.com ${fill('via 10.0.0.5 ', SIZE - 17)}`]);
  inputs.push(['host then backend×', `mail.contoso.com ${fill('backend EX01 ', SIZE - 17)}`]);
  inputs.push(['random unicode', randomUnicode(SIZE)]);
  // The chat tokenizer and typo correction: one dotted name, many distinct near-words, many hosts and addresses.
  inputs.push(['one long dotted name', `${'a.'.repeat(SIZE / 2 - 2)}com`]);
  inputs.push(['one long e-mail-like token', `a@${'b.'.repeat(SIZE / 2 - 3)}c`]);
  inputs.push([
    'distinct typo-like words',
    Array.from({ length: SIZE / 12 }, (_, i) => `certifc${i.toString(36)}te`)
      .join(' ')
      .slice(0, SIZE),
  ]);
  inputs.push(['host and symptom ×', fill('mail.contoso.com keeps prompting 403.2 15.1.2507.6 web.config ')]);
  inputs.push([
    'Slack links ×',
    fill('<https://mail.contoso.com/rpc|mail.contoso.com> <mailto:a@b.com|a@b.com> '),
  ]);
  inputs.push(['random punctuation', randomOf(' \n;:,.-_<>[]0123456789abc', SIZE, 7)]);
  // Shapes that were quadratic once: a protocol name then spaces (the NSPI line), a command then a run of commas.
  inputs.push(['NSPI name then spaces', `ncacn_http${' '.repeat(SIZE - 11)}x`]);
  inputs.push(['NSPI name, colon, spaces', `ncacn_http:${' '.repeat(SIZE - 12)}x`]);
  inputs.push(['watch then commas', `watch ${','.repeat(SIZE - 8)}x`]);
  inputs.push(['mention, watch then commas', `<@U0BOT> watch ${','.repeat(SIZE - 17)}x`]);
  for (const [name, paste] of Object.entries(PASTES)) inputs.push([`${name} paste repeated`, fill(paste)]);
  inputs.push(['all pastes mixed', fill(Object.values(PASTES).join(''))]);
  return inputs;
}

/** Server bytes: repeated units and structures that claim more than they hold. */
export function byteInputs(): [string, Buffer][] {
  const units = ['\r\n', '\n', ':', 'a', '\r', 'X: y\r\n', '1\r\na\r\n', 'f;', '0'];
  const inputs: [string, Buffer][] = units.map((unit) => [
    `${JSON.stringify(unit)} ×`,
    Buffer.from(fill(unit), 'latin1'),
  ]);
  inputs.push([
    'HTTP head with many headers',
    Buffer.from(`HTTP/1.1 200 OK\r\n${fill('X-A: b\r\n', SIZE - 40)}\r\n\r\n`),
  ]);
  const rts = Buffer.alloc(SIZE);
  rts.writeUInt8(5, 0);
  rts.writeUInt8(20, 2);
  rts.writeUInt16LE(0xffff, 8);
  rts.writeUInt16LE(0xffff, 18);
  for (let at = 20; at + 4 <= SIZE; at += 4) rts.writeUInt32LE(7, at); // Empty commands
  inputs.push(['RTS PDU of 65,535 commands', rts]);
  const ntlm = Buffer.alloc(SIZE);
  ntlm.write('NTLMSSP\0', 0, 'latin1');
  ntlm.writeUInt32LE(2, 8);
  ntlm.writeUInt16LE(SIZE - 64, 40);
  ntlm.writeUInt32LE(64, 44);
  for (let at = 64; at + 4 <= SIZE; at += 4) ntlm.writeUInt16LE(7, at); // empty FILETIME-less pairs
  inputs.push(['NTLM challenge of empty AV pairs', ntlm]);
  inputs.push(['DER nested sequences', Buffer.from(fill('\x30\x80', SIZE), 'latin1')]);
  inputs.push([
    'random bytes',
    Buffer.from(randomOf('\x00\x01\x02\x05\x14\x30\x80\x81\x82\xff\r\n:', SIZE, 9), 'latin1'),
  ]);
  return inputs;
}

/** Runs `work` and swallows errors: a refusal is a valid outcome, the time is what counts. */
const quiet = (work: () => unknown) => () => {
  try {
    work();
  } catch {
    // Documented errors (bad chunk size, malformed PDU, bad DER) are answers too.
  }
};

export function textEntryPoints(): [string, (text: string) => () => void][] {
  const kb = knowledgeBase();
  return [
    ['detectPaste', (t) => quiet(() => detectPaste(t))],
    ...VALIDATOR_KINDS.map((kind): [string, (text: string) => () => void] => [
      `validate ${kind}`,
      (t) => quiet(() => validate(kind, t)),
    ]),
    ['decideIntent', (t) => quiet(() => decideIntent(t, kb))],
    ['chatTokens', (t) => quiet(() => chatTokens(t))],
    ['parseCommand', (t) => quiet(() => parseCommand(t))],
    [
      '/rpccheck validate validports',
      (t) =>
        quiet(() => {
          // A slash command's text is a message too: at most SIZE characters in all.
          const command = parseCommand(`validate validports ${t}`.slice(0, SIZE));
          if (command.kind === 'validate') validate(command.validator, command.value);
        }),
    ],
    ['parseTarget', (t) => quiet(() => parseTarget(t))],
    ['parseChatTarget', (t) => quiet(() => parseChatTarget(t))],
    ['decodeTarget (button value)', (t) => quiet(() => decodeTarget(JSON.stringify({ t, p: 443, b: [t] })))],
    ['kb.match', (t) => quiet(() => kb.match(t))],
    ['noticeMessage', (t) => quiet(() => noticeMessage(':x:', t))],
    [
      'validationMessage (validports)',
      (t) => quiet(() => validationMessage('validports', validate('validports', t).findings)),
    ],
    ['challengeFromHeaders', (t) => quiet(() => challengeFromHeaders([t, `NTLM ${t}`]))],
  ];
}

export function byteEntryPoints(): [string, (bytes: Buffer) => () => void][] {
  return [
    ['parseHead', (b) => quiet(() => parseHead(b, 64 * 1024))],
    ['ChunkedDecoder (one push)', (b) => quiet(() => new ChunkedDecoder().push(b))],
    [
      'ChunkedDecoder (byte by byte)',
      (b) =>
        quiet(() => {
          const decoder = new ChunkedDecoder();
          for (let i = 0; i < b.length; i++) decoder.push(b.subarray(i, i + 1));
        }),
    ],
    [
      'RPC channel head, byte by byte',
      (b) =>
        quiet(() => {
          const reader = new HeadReader(64 * 1024);
          for (let i = 0; i < b.length; i++) if (reader.push(b.subarray(i, i + 1)) !== 'incomplete') break;
        }),
    ],
    [
      'RPC channel body, byte by byte',
      (b) =>
        quiet(() => {
          // As RpcChannel.nextPdu waits for a PDU: after each packet, read the length, take the PDU when complete.
          const queue = new ByteQueue();
          for (let i = 0; i < b.length; i++) {
            queue.push(b.subarray(i, i + 1));
            if (queue.length < 10) continue;
            const length = Math.max(20, queue.peek(10).readUInt16LE(8));
            if (queue.length >= length) decodeRts(queue.take(length));
          }
        }),
    ],
    ['decodeRts', (b) => quiet(() => decodeRts(b))],
    ['decodeChallenge', (b) => quiet(() => decodeChallenge(b))],
    ['readDerFields', (b) => quiet(() => readDerFields(b))],
  ];
}
