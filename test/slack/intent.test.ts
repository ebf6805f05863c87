import { knowledgeBase } from '../../src/kb';
import { decideIntent } from '../../src/slack/conversation';
import { parseCommand } from '../../src/slack/parse-command';

const kb = knowledgeBase();
const intent = (text: string) => decideIntent(text, kb);

describe('what a mention or DM is about', () => {
  it.each([
    ['<@UBOT> mail.contoso.com', 'mail.contoso.com', 443, undefined],
    [
      '<@UBOT> check <https://mail.contoso.com/rpc/rpcproxy.dll|mail.contoso.com>',
      'mail.contoso.com',
      443,
      undefined,
    ],
    ['can you check mail.contoso.com:8443 please?', 'mail.contoso.com', 8443, undefined],
    ['is mail.contoso.com via 10.0.0.5 ok?', 'mail.contoso.com', 443, '10.0.0.5'],
    ['check 10.0.0.5', '10.0.0.5', 443, undefined],
  ])('%s → a check', (text, host, port, via) => {
    const decided = intent(text);
    expect(decided.kind).toBe('check');
    if (decided.kind === 'check')
      expect(decided.target).toMatchObject({ host, port, ...(via !== undefined && { connectAddress: via }) });
  });

  it('a mention keeps `via` and `backend` after the host, Slack links unwrapped', () => {
    const decided = intent(
      '<@UBOT> check mail.contoso.com backend EX01 via 10.0.0.5 backend <http://ex01.contoso.com|EX01.contoso.com>, thanks',
    );
    expect(decided).toMatchObject({
      kind: 'check',
      target: {
        host: 'mail.contoso.com',
        connectAddress: '10.0.0.5',
        backends: ['EX01', 'EX01.contoso.com'],
      },
    });
    expect(intent('<@UBOT> mail.contoso.com via')).toMatchObject({ kind: 'refused-target' });
    expect(intent('<@UBOT> mail.contoso.com backend ex01:6001')).toMatchObject({
      kind: 'refused-target',
      reason: expect.stringContaining('not a back-end server name'),
    });
  });

  it('symptoms, pastes, codes and file names are not hosts', () => {
    expect(intent('<@UBOT> Outlook keeps asking for my password').kind).toBe('answer');
    expect(intent('what does cert.expired mean').kind).toBe('answer');
    expect(intent('I get a blank page on rpcproxy.dll').kind).not.toBe('check');
    expect(intent('EX01:6001-6002;EX01:6004;EX01.contoso.com;6001-6002')).toEqual({
      kind: 'validate',
      validator: 'validports',
    });
    expect(
      intent('Event Source: RPC Proxy\nEvent ID: 2\nThe following ValidPorts could not be parsed.'),
    ).toEqual({ kind: 'validate', validator: 'event' });
  });

  it('never takes secrets, answers help, and asks when unsure', () => {
    expect(intent('check mail.contoso.com password=Summer2026!').kind).toBe('secret');
    expect(intent('use admin:Passw0rd@mail.contoso.com').kind).toBe('secret');
    expect(intent('<@UBOT>').kind).toBe('help');
    expect(intent('my printer is jammed').kind).toBe('help');
    expect(intent('outlook prompts').kind).toMatch(/did-you-mean|answer/);
  });
});

describe('/rpccheck subcommands', () => {
  it.each([
    ['', { kind: 'help' }],
    ['help', { kind: 'help' }],
    ['explain cert.expired', { kind: 'explain', text: 'cert.expired' }],
    ['validate nspi ncacn_http:6004', { kind: 'validate', validator: 'nspi', value: 'ncacn_http:6004' }],
    ['watch mail.contoso.com days=30,7', { kind: 'watch', target: 'mail.contoso.com', days: '30,7' }],
    ['unwatch mail.contoso.com', { kind: 'unwatch', target: 'mail.contoso.com' }],
    ['watches', { kind: 'watches' }],
  ])('%j', (text, expected) => {
    expect(parseCommand(text)).toEqual(expected);
  });

  it('a host (with via) is a check; bad input and bad usage are refused with a reason', () => {
    expect(parseCommand('mail.contoso.com via 10.0.0.5:8443')).toMatchObject({
      kind: 'check',
      target: { port: 8443, connectAddress: '10.0.0.5' },
    });
    expect(parseCommand('check mail.contoso.com backend EX01 backend ex01.contoso.local')).toMatchObject({
      kind: 'check',
      target: { host: 'mail.contoso.com', backends: ['EX01', 'ex01.contoso.local'] },
    });
    expect(parseCommand('explain')).toMatchObject({ kind: 'invalid' });
    expect(parseCommand('validate registry x')).toMatchObject({
      kind: 'invalid',
      reason: expect.stringContaining('validports'),
    });
    expect(parseCommand('mail contoso')).toMatchObject({
      kind: 'invalid',
      reason: expect.stringContaining('spaces'),
    });
  });
});
