import fc from 'fast-check';
import { knowledgeBase } from '../../src/kb';
import { chatTokens } from '../../src/slack/chat-tokens';
import { decideIntent } from '../../src/slack/conversation';
import { COMMAND_WORDS, parseCommand } from '../../src/slack/parse-command';
import { bounded, params, PROPERTY_TIMEOUT_MS, text } from './fuzz';

/** Pieces of what people type to the bot: commands, hosts, options, mentions, links, pastes, secrets. */
const PIECES = [
  ' ',
  '403.2',
  '15.1.2507.6',
  '0x6ba',
  'web.config',
  'mail.contoso.com',
  '<https://mail.contoso.com/rpc|x>',
  '[::1]:443',
  'a@b.com',
  'EX01:6001-6002;',
  '\n',
  '\t',
  'help',
  'check ',
  'explain ',
  'validate ',
  'validports ',
  'nspi ',
  'rpcdump ',
  'event ',
  'watch ',
  'unwatch ',
  'watches',
  'days=',
  '30,7',
  'mail.contoso.com',
  '10.0.0.5',
  '[::1]',
  ':443',
  ':8443',
  ' via ',
  ' backend ',
  'EX01',
  '<@U123>',
  '<@U1|bot>',
  '<https://mail.contoso.com|mail.contoso.com>',
  '<',
  '>',
  '|',
  '&',
  'password: ',
  'user:pw@host.com',
  '@',
  ':',
  ';',
  ',',
  '.',
  '-',
  '1.1.1.',
  'a.',
  'ValidPorts ',
  'EX01:6001-6002;',
  'ncacn_http:6004',
  'Event ID: 2',
  'Source: RPC Proxy',
  '403.2',
  '0x6ba',
  'cert.expired',
  'outlook keeps asking for a password',
  '&amp;',
  '&lt;',
  '&gt;',
  '```',
  '`',
  '<mailto:a@b.com|a@b.com>',
  '<http://ex01.contoso.com|ex01.contoso.com>',
  ':6001-6002',
  'tls.ok',
  'thanks',
  'expain ',
  'DAYS=',
  'days ',
  '😀',
  'certificate',
  '?',
  '!',
  ')',
];
const INTENTS = [
  'secret',
  'check',
  'refused-target',
  'validate',
  'answer',
  'did-you-mean',
  'help',
  'too-long',
  'autodiscover',
  'explain',
  'command',
  'thanks',
];
/** Every kind parseCommand answers: a command word, or invalid. */
const COMMANDS: string[] = [...COMMAND_WORDS, 'invalid'];

describe('slash-command grammar and conversation intent (fuzz)', () => {
  const kb = knowledgeBase();

  it(
    '/rpccheck text always parses to a known kind; refusals are one line',
    () => {
      fc.assert(
        fc.property(text(PIECES), (input) => {
          const command = bounded(() => parseCommand(input));
          expect(COMMANDS).toContain(command.kind);
          if (command.kind === 'invalid') expect(command.reason).toMatch(/^[^\n]+$/);
          if (command.kind === 'validate') expect(command.value.trim()).not.toBe('');
        }),
        params,
      );
    },
    PROPERTY_TIMEOUT_MS,
  );

  it(
    'a mention or DM always gets a known intent',
    () => {
      fc.assert(
        fc.property(text(PIECES), (input) => {
          const intent = bounded(() => decideIntent(input, kb));
          expect(INTENTS).toContain(intent.kind);
          if (intent.kind === 'answer' || intent.kind === 'did-you-mean')
            expect(intent.matches.length).toBeGreaterThan(0);
          if (intent.kind === 'validate') expect(intent.value.trim()).not.toBe('');
          if (intent.kind === 'command' && intent.command.kind === 'invalid')
            expect(intent.command.reason).toMatch(/^[^\n]+$/);
        }),
        params,
      );
    },
    PROPERTY_TIMEOUT_MS,
  );

  it(
    'the chat tokenizer covers the text in order, each token as written',
    () => {
      fc.assert(
        fc.property(text(PIECES), (input) => {
          const tokens = bounded(() => chatTokens(input));
          let last = -1;
          for (const token of tokens) {
            expect(token.start).toBeGreaterThan(last);
            expect(input.slice(token.start, token.start + token.text.length)).toBe(token.text);
            expect(token.text).not.toMatch(/\s/);
            last = token.start;
          }
        }),
        params,
      );
    },
    PROPERTY_TIMEOUT_MS,
  );
});
