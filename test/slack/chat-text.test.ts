import fc from 'fast-check';
import { readSlackText, typedText, withoutCodeMarks } from '../../src/slack/chat-text';
import { bounded, params, PROPERTY_TIMEOUT_MS, soup } from '../fuzz/fuzz';

describe('Slack message text → what the user typed', () => {
  it.each([
    ['parsed &amp; RPC Proxy &lt;cannot&gt; load', 'parsed & RPC Proxy <cannot> load'],
    // Exactly once: a user who typed "&lt;" gets "&lt;" back.
    ['&amp;lt; &amp;amp;', '&lt; &amp;'],
    ['<http://ex01.contoso.com|ex01.contoso.com>:6001-6002', 'ex01.contoso.com:6001-6002'],
    ['<https://mail.contoso.com/rpc>', 'https://mail.contoso.com/rpc'],
    ['<http://EX01.contoso.com:6001-6002|EX01.contoso.com:6001-6002>', 'EX01.contoso.com:6001-6002'],
    ['<mailto:alice@contoso.com|alice@contoso.com>', 'alice@contoso.com'],
    ['<mailto:alice@contoso.com>', 'alice@contoso.com'],
    ['<https://mail.contoso.com|our server>', 'our server (https://mail.contoso.com)'],
    ['<https://x.example/?a=1&amp;b=2|x.example/?a=1&amp;b=2>', 'x.example/?a=1&b=2'],
    ['<@UBOT> check it <@U999|bob>', ' check it '],
    ['<#C123|general> <!channel> <!here> <!subteam^S1|@admins>', '#general @channel @here @admins'],
    ['a < b', 'a < b'],
  ])('%j → %j', (slack, typed) => {
    expect(typedText(slack)).toBe(typed);
  });

  it('code fences and backticks come off, lines stay', () => {
    expect(withoutCodeMarks('```EX01:6001-6002```')).toBe('\nEX01:6001-6002\n');
    expect(readSlackText('<@UBOT> is this right? `EX01:6004`')).toBe('is this right?  EX01:6004');
    expect(readSlackText('```\nline one\nline two\n```')).toBe('line one\nline two');
  });
});

/**
 * What Slack does to typed text before it reaches the bot: `&`, `<` and `>` as entities, nothing else
 * (api.slack.com/reference/surfaces/formatting#escaping). Not our escapeMrkdwn, which also keeps backticks apart.
 */
const asSlackSends = (typed: string): string =>
  typed.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');

describe('Slack text decoding (fuzz)', () => {
  it(
    'what a user typed, escaped as Slack escapes it, reads back exactly as typed',
    () => {
      fc.assert(
        fc.property(
          soup(['&', '<', '>', 'amp;', 'lt;', 'gt;', '&amp;', '|', '@', 'mailto:', 'x', '``']),
          (typed) => {
            expect(bounded(() => typedText(asSlackSends(typed)))).toBe(typed);
          },
        ),
        params,
      );
    },
    PROPERTY_TIMEOUT_MS,
  );

  it(
    'a name Slack linked reads back as the name; markup never leaves a < it did not hold',
    () => {
      const name = fc.stringMatching(/^[a-z0-9-]{1,12}(?:\.[a-z0-9-]{1,12}){1,3}$/);
      fc.assert(
        fc.property(name, soup(['<', '>', '|', '<@U1>', '<http://', '&lt;', ' ']), (host, noise) => {
          const out = bounded(() => typedText(`<http://${host}|${host}> ${asSlackSends(noise)}`));
          expect(out).toBe(`${host} ${noise}`);
        }),
        params,
      );
    },
    PROPERTY_TIMEOUT_MS,
  );
});
