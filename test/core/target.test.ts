import {
  formatHostPort,
  parseBackendName,
  parseChatTarget,
  parseTarget,
  withConnectAddress,
} from '../../src/core/target';

const ok = (input: string) => {
  const parsed = parseTarget(input);
  if (!parsed.ok) throw new Error(`refused ${input}: ${parsed.reason}`);
  return parsed.target;
};
const reason = (input: string): string => {
  const parsed = parseTarget(input);
  if (parsed.ok) throw new Error(`accepted ${input}`);
  return parsed.reason;
};

describe('parseTarget: every accepted form of spec §1', () => {
  it.each([
    ['mail.contoso.com', 'mail.contoso.com', 443],
    ['MAIL.Contoso.COM.', 'mail.contoso.com', 443],
    ['mail.contoso.com:8443', 'mail.contoso.com', 8443],
    ['https://mail.contoso.com/rpc/rpcproxy.dll', 'mail.contoso.com', 443],
    ['https://mail.contoso.com:444/rpc/rpcproxy.dll?EX01:6001', 'mail.contoso.com', 444],
    ['http://mail.contoso.com', 'mail.contoso.com', 443],
    ['[2001:db8::1]:443', '2001:db8::1', 443],
    ['[2001:DB8::1]', '2001:db8::1', 443],
    ['2001:db8::1', '2001:db8::1', 443],
    ['10.0.0.5', '10.0.0.5', 443],
    ['10.0.0.5:8443', '10.0.0.5', 8443],
    ['mail.bücher.example', 'mail.xn--bcher-kva.example', 443],
    ['<https://mail.contoso.com|mail.contoso.com>', 'mail.contoso.com', 443],
    ['<http://mail.contoso.com>', 'mail.contoso.com', 443],
    ['<http://mail.contoso.com:8443|mail.contoso.com:8443>', 'mail.contoso.com', 8443],
    ['  mail.contoso.com  ', 'mail.contoso.com', 443],
    ['exchange', 'exchange', 443],
  ])('%s → %s:%d', (input, host, port) => {
    const target = ok(input);
    expect(target.host).toBe(host);
    expect(target.port).toBe(port);
    expect(target.input).toBe(input.trim());
  });
});

describe('parseTarget: refusals with a one-line reason', () => {
  it.each([
    ['', /empty/],
    ['   ', /empty/],
    ['mail contoso.com', /spaces/],
    ['user:pass@mail.contoso.com', /user names and passwords/],
    ['https://user:pass@mail.contoso.com/', /user names and passwords/],
    ['ftp://mail.contoso.com', /scheme "ftp"/],
    ['javascript://x', /scheme "javascript"/],
    ['mail.contoso.com:0', /outside 1-65535/],
    ['mail.contoso.com:65536', /outside 1-65535/],
    ['mail.contoso.com:http', /not a port/],
    [`${'a'.repeat(64)}.contoso.com`, /longer than 63/],
    [`${'abcdefghi.'.repeat(26)}com`, /longer than 253/],
    ['mail..contoso.com', /empty label/],
    ['-mail.contoso.com', /not a valid host name/],
    ['mail_$.contoso.com', /not a valid host name/],
    ['2130706433', /neither a dotted IPv4/],
    ['[2001:db8::1', /unclosed/],
    ['[::1]x', /unexpected/],
    ['1:2:3:4:5:6:7:8:9', /not a valid IPv6/],
  ])('%j is refused', (input, pattern) => {
    const text = reason(input);
    expect(text).toMatch(pattern);
    expect(text).not.toContain('\n');
  });
});

describe('connect address', () => {
  it('chat `via` pins the IP and keeps the name', () => {
    const parsed = parseChatTarget('mail.contoso.com via 10.0.0.5');
    expect(parsed).toEqual({
      ok: true,
      target: {
        input: 'mail.contoso.com',
        host: 'mail.contoso.com',
        port: 443,
        connectAddress: '10.0.0.5',
        connectSource: 'via',
      },
    });
  });

  it('`via ip:port` sets the port too', () => {
    const parsed = parseChatTarget('<https://mail.contoso.com|mail.contoso.com> VIA 10.0.0.5:8443');
    expect(parsed.ok && parsed.target).toMatchObject({
      host: 'mail.contoso.com',
      port: 8443,
      connectAddress: '10.0.0.5',
    });
  });

  it('an IPv6 connect address', () => {
    const parsed = parseChatTarget('mail.contoso.com via [fd00::5]:444');
    expect(parsed.ok && parsed.target).toMatchObject({ port: 444, connectAddress: 'fd00::5' });
  });

  it('refuses a name as connect address', () => {
    const base = parseTarget('mail.contoso.com');
    if (!base.ok) throw new Error('unexpected');
    expect(withConnectAddress(base.target, 'lb.contoso.com')).toEqual({
      ok: false,
      reason: expect.stringContaining('not an IP'),
    });
    expect(withConnectAddress(base.target, '10.0.0.5:99999')).toEqual({
      ok: false,
      reason: expect.stringContaining('outside'),
    });
  });

  it('formats IPv6 with brackets', () => {
    expect(formatHostPort('2001:db8::1', 443)).toBe('[2001:db8::1]:443');
    expect(formatHostPort('mail.contoso.com', 443)).toBe('mail.contoso.com:443');
  });
});

describe('back-end names for the RPC ping', () => {
  it('chat `backend` names, repeatable and mixed with `via`', () => {
    const parsed = parseChatTarget('mail.contoso.com backend EX01 via 10.0.0.5 BACKEND ex01.contoso.local.');
    expect(parsed).toEqual({
      ok: true,
      target: {
        input: 'mail.contoso.com',
        host: 'mail.contoso.com',
        port: 443,
        connectAddress: '10.0.0.5',
        connectSource: 'via',
        backends: ['EX01', 'ex01.contoso.local'],
      },
    });
  });

  it('keeps the exact form given, since ValidPorts matches it literally, and drops repeats', () => {
    const parsed = parseChatTarget('mail.contoso.com backend EX01 backend EX01');
    expect(parsed.ok && parsed.target.backends).toEqual(['EX01']);
  });

  it.each([
    ['mail.contoso.com backend', /after the host/],
    ['mail.contoso.com via 10.0.0.5 please', /could not read "please"/],
    ['mail.contoso.com backend ex01:6001', /not a back-end server name/],
    ['mail.contoso.com backend ex01?x=1', /not a back-end server name/],
    ['mail.contoso.com backend -ex01', /not a back-end server name/],
    ['mail.contoso.com via 10.0.0.5 via 10.0.0.6', /two connect addresses/],
    [
      `mail.contoso.com${[...'abc'].map((c) => ` backend ${[c, 'd', 'e', 'f'].map((l) => l.repeat(60)).join('.')}`).join('')}`,
      /too long together/,
    ],
    [`mail.contoso.com${[...Array(9).keys()].map((i) => ` backend ex0${i}`).join('')}`, /at most 8/],
  ])('%j is refused', (input, pattern) => {
    const parsed = parseChatTarget(input);
    expect(parsed.ok).toBe(false);
    if (!parsed.ok) expect(parsed.reason).toMatch(pattern);
  });

  it.each(['EX01', 'ex-01', 'ex01.contoso.local', 'a'.repeat(63)])('accepts %s', (name) => {
    expect(parseBackendName(name)).toEqual({ name });
  });

  it.each(['', 'ex 01', 'ex01..contoso', 'a'.repeat(64), '*', 'ex01/rpc', 'ex_01'])('refuses %j', (name) => {
    expect(parseBackendName(name)).toHaveProperty('reason');
  });
});
