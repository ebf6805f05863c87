import { knowledgeBase } from '../../src/kb';
import { createTargetPolicy } from '../../src/core/target-policy';
import { isRerun } from '../../src/slack/chat-thread';
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
      value: 'EX01:6001-6002;EX01:6004;EX01.contoso.com;6001-6002',
    });
    expect(
      intent('Event Source: RPC Proxy\nEvent ID: 2\nThe following ValidPorts could not be parsed.'),
    ).toMatchObject({ kind: 'validate', validator: 'event' });
  });

  it('never takes secrets, answers help, and asks when unsure', () => {
    expect(intent('check mail.contoso.com password=Summer2026!').kind).toBe('secret');
    expect(intent('use admin:Passw0rd@mail.contoso.com').kind).toBe('secret');
    expect(intent('<@UBOT>').kind).toBe('help');
    expect(intent('my printer is jammed').kind).toBe('help');
    expect(intent('outlook prompts').kind).toMatch(/did-you-mean|answer/);
  });
});

describe('what counts as a host in a mention', () => {
  it.each([
    'HTTP Error 403.2 - Forbidden: Read access is denied on /rpc',
    'we are still on IIS 7.5 and TLS 1.0, outlook anywhere fails',
    'exchange 2016 CU23 15.1.2507.6, users keep getting password prompts',
    'Exchange 2010 SP3 RU32 14.3.123.4 and the rpc vdir auth keeps reverting',
    'web.config got changed and now /rpc gives 500',
    'autodiscover.xml returns ErrorCode 600 Invalid Request',
  ])('%s → an answer, no host', (text) => {
    expect(intent(text).kind).toBe('answer');
  });

  it('a URL inside a sentence is checked; a pasted file name is not', () => {
    expect(intent('try https://owa.tailspintoys.co.uk/rpc/rpcproxy.dll')).toMatchObject({
      kind: 'check',
      target: { host: 'owa.tailspintoys.co.uk' },
    });
    expect(intent('I updated readme.md and config.json').kind).toBe('help');
  });

  it('"check localhost" and blocked addresses get the target policy\'s reason', () => {
    expect(intent('check localhost')).toEqual({
      kind: 'refused-target',
      reason: expect.stringMatching(
        /localhost resolves to 127\.0\.0\.1, a loopback address.*RPCCHECK_ALLOW_TARGETS/,
      ),
    });
    expect(intent('check 169.254.169.254')).toMatchObject({
      kind: 'refused-target',
      reason: expect.stringContaining('link-local'),
    });
    // An address given with `via` was given, not resolved: the reason says so.
    expect(intent('check mail.contoso.com via 127.0.0.1')).toEqual({
      kind: 'refused-target',
      reason: expect.stringMatching(
        /^mail\.contoso\.com at 127\.0\.0\.1 \(given with via\) is a loopback address, which rpccheck does not probe/,
      ),
    });
    // The operator's policy decides: allowed loopback is checked.
    const lab = createTargetPolicy({ allowTargets: '127.0.0.0/8' });
    expect(decideIntent('check localhost', kb, lab)).toMatchObject({
      kind: 'check',
      target: { host: 'localhost' },
    });
  });

  it("a host with a symptom carries the symptom's entries; a bare request carries none", () => {
    const both = intent('outlook anywhere on mail.contoso.com keeps prompting for a password');
    expect(both).toMatchObject({ kind: 'check', target: { host: 'mail.contoso.com' } });
    expect(both.kind === 'check' && both.matches.map((m) => m.id)).toContain('auth-integrated-prompts');
    expect(intent('hey can you check mail.contoso.com for me, thanks')).toMatchObject({
      kind: 'check',
      matches: [],
    });
  });

  it('heavy typos still match; chatter matches nothing; did-you-mean offers only close entries', () => {
    const first = (text: string) => {
      const decided = intent(text);
      return decided.kind === 'answer' || decided.kind === 'did-you-mean'
        ? decided.matches[0]?.id
        : decided.kind;
    };
    expect(first('teh certifcate expierd yesterday outlok wont conect')).toBe('ssl-expired');
    expect(intent('thanks!').kind).toBe('thanks');
    expect(intent("what's for lunch").kind).toBe('help');
    expect(first('should outlook anywhere use NTLM or Basic?')).toBe('auth-integrated-prompts');
    const asked = intent('outlook prompts');
    if (asked.kind === 'did-you-mean') {
      const [best] = asked.matches;
      for (const m of asked.matches) expect(m.score).toBeGreaterThanOrEqual((best?.score ?? 0) * 0.85);
    }
  });

  it.each([
    ['check again', true],
    ['re-run please', true],
    ['can you recheck it', true],
    ['run it again?', true],
    ['check the certificate', false],
    ['I ran out of ideas', false],
  ])('%s is a re-run: %s', (text, rerun) => {
    expect(isRerun(text)).toBe(rerun);
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
      reason: "unknown command 'mail'; to look up a symptom: /rpccheck explain mail contoso",
    });
  });
});

describe('/rpccheck as users type it (review items 11, 12, 14)', () => {
  it.each([
    ['HELP me', { kind: 'help' }],
    ['Explain cert.expired', { kind: 'explain', text: 'cert.expired' }],
    ['validate ValidPorts EX01:6004', { kind: 'validate', validator: 'validports', value: 'EX01:6004' }],
    [
      'validate nspi NSPI interface protocol sequences: ncacn_http:6004',
      { kind: 'validate', validator: 'nspi', value: 'ncacn_http:6004' },
    ],
    [
      'validate validports <http://EX01.contoso.com|EX01.contoso.com>:6001-6002',
      { kind: 'validate', validator: 'validports', value: 'EX01.contoso.com:6001-6002' },
    ],
    ['watch mail.contoso.com DAYS=7', { kind: 'watch', target: 'mail.contoso.com', days: '7' }],
    ['watch mail.contoso.com days 7,3', { kind: 'watch', target: 'mail.contoso.com', days: '7,3' }],
    ['watch mail.contoso.com days: 14', { kind: 'watch', target: 'mail.contoso.com', days: '14' }],
    // A list typed with spaces is the days, not part of the target.
    ['watch mail.contoso.com days=30, 14, 7', { kind: 'watch', target: 'mail.contoso.com', days: '30,14,7' }],
    ['watch days 30 14 mail.contoso.com', { kind: 'watch', target: 'mail.contoso.com', days: '30,14' }],
    // Anything else after days is its value, which parseDays then refuses in words.
    ['watch mail.contoso.com days=abc', { kind: 'watch', target: 'mail.contoso.com', days: 'abc' }],
    ['watch mail.contoso.com via 10.0.0.5', { kind: 'watch', target: 'mail.contoso.com via 10.0.0.5' }],
    ['check exch01', { kind: 'check', target: { host: 'exch01' } }],
    ['`mail.contoso.com`', { kind: 'check', target: { host: 'mail.contoso.com' } }],
    ['<https://mail.contoso.com/rpc/rpcproxy.dll>', { kind: 'check', target: { host: 'mail.contoso.com' } }],
    ['alice@contoso.com', { kind: 'autodiscover', target: { email: 'alice@contoso.com' } }],
    [
      '<mailto:alice@contoso.com|alice@contoso.com>',
      { kind: 'autodiscover', target: { email: 'alice@contoso.com' } },
    ],
    ['check alice@contoso.com', { kind: 'autodiscover', target: { email: 'alice@contoso.com' } }],
  ])('%j', (text, expected) => {
    expect(parseCommand(text)).toMatchObject(expected);
  });

  it.each([
    ['expain cert.expired', "unknown command 'expain' (did you mean explain?)"],
    ['halp', "unknown command 'halp' (did you mean help?)"],
    ['WATHC mail.contoso.com', "unknown command 'WATHC' (did you mean watch?)"],
    ['exch01', "unknown command 'exch01'; a host name without a dot is checked with /rpccheck check exch01"],
    ['😀', "'😀' is neither a command nor a host name; usage: /rpccheck <host>"],
    [
      'outlook keeps prompting',
      "unknown command 'outlook'; to look up a symptom: /rpccheck explain outlook keeps prompting",
    ],
    [
      'mail.contoso.com mail2.contoso.com',
      'one host per command: /rpccheck mail.contoso.com, then /rpccheck mail2.contoso.com',
    ],
    ['check a.contoso.com, b.contoso.com', 'one host per command: /rpccheck check a.contoso.com, then'],
    ['mail.contoso.com 😀', "unexpected '😀' after the host"],
    ['watch mail.contoso.com days=', 'days= needs the days before expiry'],
    [
      'watch a.contoso.com, b.contoso.com',
      'one host per watch command: /rpccheck watch a.contoso.com, then /rpccheck watch b.contoso.com',
    ],
    ['unwatch a.contoso.com b.contoso.com', 'one host per unwatch command'],
    ['watch alice@contoso.com', 'watches take a host name'],
    ['watch <mailto:alice@contoso.com|alice@contoso.com>', '/rpccheck autodiscover alice@contoso.com'],
    ['validate', 'usage: /rpccheck validate <validports|nspi|rpcdump|event> <value>'],
  ])('%j → %j', (text, reason) => {
    const parsed = parseCommand(text);
    expect(parsed.kind).toBe('invalid');
    if (parsed.kind === 'invalid') {
      expect(parsed.reason).toContain(reason);
      expect(parsed.reason).toMatch(/^[^\n]+$/);
    }
  });

  it('reads Slack escapes once: the explain text is what the user typed', () => {
    expect(parseCommand('explain 401 &amp; &lt;prompt&gt;')).toEqual({
      kind: 'explain',
      text: '401 & <prompt>',
    });
  });
});

describe('mentions as users type them (review items 1, 2, 8, 13)', () => {
  it.each([
    [
      '<@UBOT> validate validports EX01:6001-6002;EX01;6004',
      { kind: 'validate', validator: 'validports', value: 'EX01:6001-6002;EX01;6004' },
    ],
    [
      '<@UBOT> VALIDATE NSPI ncacn_http:6004',
      { kind: 'validate', validator: 'nspi', value: 'ncacn_http:6004' },
    ],
    ['<@UBOT> ```ncacn_http:6004```', { kind: 'validate', validator: 'nspi', value: 'ncacn_http:6004' }],
    [
      '<@UBOT> tls.ok',
      { kind: 'explain', code: 'tls.ok', explanation: { matches: [], finding: { code: 'tls.ok' } } },
    ],
    ['<@UBOT> explain cert.expired', { kind: 'explain', code: 'cert.expired' }],
    ['<@UBOT> what does tls.ok mean?', { kind: 'explain', code: 'tls.ok' }],
    [
      '<@UBOT> watch <http://mail.contoso.com|mail.contoso.com>',
      { kind: 'command', command: { kind: 'watch', target: 'mail.contoso.com' } },
    ],
    [
      '<@UBOT> unwatch mail.contoso.com',
      { kind: 'command', command: { kind: 'unwatch', target: 'mail.contoso.com' } },
    ],
    ['<@UBOT> watches', { kind: 'command', command: { kind: 'watches' } }],
    ['<@UBOT> watch', { kind: 'command', command: { kind: 'invalid' } }],
    ['<@UBOT> thanks, that fixed it :tada:', { kind: 'thanks' }],
  ])('%j', (text, expected) => {
    expect(intent(text)).toMatchObject(expected);
  });

  it('"watch out" and "watches" in prose are not the commands', () => {
    expect(intent('<@UBOT> watch out, the certificate on mail.contoso.com expires friday').kind).toBe(
      'check',
    );
    expect(intent('<@UBOT> watches are not reminding us about certificates').kind).not.toBe('command');
  });

  it('checks the first host, names the others, and reads no symptom in their labels', () => {
    const decided = intent(
      '<@UBOT> check mail.contoso.com via 10.0.0.5 and <http://owa.contoso.com|owa.contoso.com> and <http://mail.contoso.com|mail.contoso.com>',
    );
    expect(decided).toMatchObject({
      kind: 'check',
      target: { host: 'mail.contoso.com' },
      matches: [],
      others: ['owa.contoso.com'],
    });
  });

  it('a symptom still counts beside two hosts', () => {
    const decided = intent(
      'outlook on mail.contoso.com and mail2.contoso.com keeps prompting for a password',
    );
    expect(decided.kind === 'check' && decided.matches.map((m) => m.id)).toContain('auth-integrated-prompts');
    expect(decided).toMatchObject({ others: ['mail2.contoso.com'] });
  });
});
