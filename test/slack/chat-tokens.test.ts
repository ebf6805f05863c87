import { type ChatTokenKind, chatTokens } from '../../src/slack/chat-tokens';

/** What each interesting token of a real-looking line is taken for. */
const kinds = (line: string): [string, ChatTokenKind][] =>
  chatTokens(line)
    .filter((t) => t.kind !== 'word')
    .map((t) => [t.text, t.kind]);

describe('the chat tokenizer', () => {
  it.each<[string, [string, ChatTokenKind][]]>([
    [
      'HTTP Error 403.2 - Forbidden: Read access is denied on /rpc',
      [
        ['403.2', 'status'],
        ['/rpc', 'file'],
      ],
    ],
    [
      'is 401.3 on /rpc bad?',
      [
        ['401.3', 'status'],
        ['/rpc', 'file'],
      ],
    ],
    [
      'IIS answered with a 404 for rpcproxy.dll',
      [
        ['404', 'status'],
        ['rpcproxy.dll', 'file'],
      ],
    ],
    [
      'we are still on IIS 7.5 and TLS 1.0',
      [
        ['7.5', 'version'],
        ['1.0', 'version'],
      ],
    ],
    [
      'exchange 2016 CU23 15.1.2507.6',
      [
        ['2016', 'number'],
        ['15.1.2507.6', 'version'],
      ],
    ],
    [
      'Exchange 2010 SP3 RU32 14.3.123.4',
      [
        ['2010', 'number'],
        ['14.3.123.4', 'version'],
      ],
    ],
    [
      'RPC error 1722 (0x6ba)',
      [
        ['1722', 'error-code'],
        ['0x6ba', 'error-code'],
      ],
    ],
    ['error 0x000006BA', [['0x000006BA', 'error-code']]],
    ['Event ID: 2 from RPC Proxy', [['2', 'event-id']]],
    [
      'web.config and autodiscover.xml and healthcheck.htm',
      [
        ['web.config', 'file'],
        ['autodiscover.xml', 'file'],
        ['healthcheck.htm', 'file'],
      ],
    ],
    ['I updated readme.md', [['readme.md', 'file']]],
    [
      'c:\\windows\\system32\\rpcproxy\\rpcproxy.dll',
      [['c:\\windows\\system32\\rpcproxy\\rpcproxy.dll', 'file']],
    ],
    ['what does cert.expired mean', [['cert.expired', 'finding-code']]],
    ['EX01:6001-6002;EX01:6004', [['EX01:6001-6002;EX01:6004', 'config']]],
    ['ncacn_http:6004', [['ncacn_http:6004', 'config']]],
    ['check mail.contoso.com, please', [['mail.contoso.com', 'host']]],
    ['(mail.contoso.com:8443)', [['mail.contoso.com:8443', 'host']]],
    [
      'exch01.contoso.local and rpc.corp and mail.lab.internal',
      [
        ['exch01.contoso.local', 'host'],
        ['rpc.corp', 'host'],
        ['mail.lab.internal', 'host'],
      ],
    ],
    ['mail.company.md', [['mail.company.md', 'host']]],
    ['check localhost', [['localhost', 'host']]],
    ['mail.contoso.cmo is a typo, e.g. this', []],
    [
      'check 10.0.0.5 and [2001:db8::1]:443 and 10.0.0.6:444',
      [
        ['10.0.0.5', 'ip'],
        ['[2001:db8::1]:443', 'ip'],
        ['10.0.0.6:444', 'ip'],
      ],
    ],
    [
      'https://mail.contoso.com/rpc/rpcproxy.dll gives 500',
      [
        ['https://mail.contoso.com/rpc/rpcproxy.dll', 'url'],
        ['500', 'status'],
      ],
    ],
    ['mail.contoso.com/rpc/rpcproxy.dll', [['mail.contoso.com/rpc/rpcproxy.dll', 'url']]],
    [
      '<https://mail.contoso.com/rpc|https://mail.contoso.com/rpc>',
      [['<https://mail.contoso.com/rpc|https://mail.contoso.com/rpc>', 'url']],
    ],
    ['<http://mail.contoso.com|mail.contoso.com>', [['<http://mail.contoso.com|mail.contoso.com>', 'host']]],
    ['<http://readme.md|readme.md>', [['<http://readme.md|readme.md>', 'file']]],
    [
      '<@U0BOT> ask <mailto:bob@contoso.com|bob@contoso.com> or alice@contoso.com',
      [
        ['<@U0BOT>', 'mention'],
        ['<mailto:bob@contoso.com|bob@contoso.com>', 'email'],
        ['alice@contoso.com', 'email'],
      ],
    ],
    [
      'meeting at 12.30, budget 1.5',
      [
        ['12.30', 'version'],
        ['1.5', 'version'],
      ],
    ],
  ])('%s', (line, expected) => {
    expect(kinds(line)).toEqual(expected);
  });

  it('gives each token where it starts in the message', () => {
    const line = '  check (mail.contoso.com) now';
    for (const token of chatTokens(line))
      expect(line.slice(token.start, token.start + token.text.length)).toBe(token.text);
  });
});
