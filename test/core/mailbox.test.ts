import { parseAutodiscoverTarget } from '../../src/core/mailbox';
import { applyConnectTo, connectToFor, parseConnectTo } from '../../src/core/connect-to';

describe('parseAutodiscoverTarget', () => {
  it.each([
    ['alice@contoso.com', 'contoso.com', 'alice@contoso.com'],
    ['  Alice.Smith@Contoso.COM ', 'contoso.com', 'Alice.Smith@contoso.com'],
    ['<mailto:alice@contoso.com|alice@contoso.com>', 'contoso.com', 'alice@contoso.com'],
    ['contoso.com', 'contoso.com', undefined],
    ['<http://contoso.com|contoso.com>', 'contoso.com', undefined],
    ['bob@bücher.example', 'xn--bcher-kva.example', 'bob@xn--bcher-kva.example'],
  ])('reads %s', (input, domain, email) => {
    const parsed = parseAutodiscoverTarget(input);
    expect(parsed).toEqual({
      ok: true,
      target: { input: input.trim(), domain, ...(email !== undefined && { email }) },
    });
  });

  it.each([
    ['', /give an e-mail address/],
    ['alice @contoso.com', /spaces/],
    ['a@b@contoso.com', /more than one @/],
    ['@contoso.com', /nothing before/],
    ['.alice@contoso.com', /dot/],
    ['al..ice@contoso.com', /dot/],
    ['al(ice@contoso.com', /characters/],
    [`${'a'.repeat(65)}@contoso.com`, /longer than 64/],
    ['alice@10.0.0.5', /IP address/],
    ['localhost', /not a mail domain/],
    ['https://contoso.com/x', /not a domain/],
    ['alice@contoso..com', /empty label/],
    [`x@${'a'.repeat(250)}.com`, /longer than/],
    ['alice@contoso.com:8443', /^"alice@contoso\.com:8443": an e-mail address or domain takes no port/],
    ['contoso.com:443', /^"contoso\.com:443": an e-mail address or domain takes no port/],
    ['<mailto:alice@contoso.com|alice@contoso.com:8443>', /takes no port/],
  ])('refuses %j in one line', (input, reason) => {
    const parsed = parseAutodiscoverTarget(input);
    expect(parsed.ok).toBe(false);
    if (!parsed.ok) {
      expect(parsed.reason).toMatch(reason);
      expect(parsed.reason).not.toContain('\n');
    }
  });

  it('says which port was given, so an adapter can say how to reach it', () => {
    expect(parseAutodiscoverTarget('alice@contoso.com:8443')).toMatchObject({ ok: false, port: 8443 });
    expect(parseAutodiscoverTarget('alice@contoso..com')).not.toHaveProperty('port');
  });
});

describe('--connect-to', () => {
  it('parses curl forms, IPv6 in brackets and wildcards', () => {
    expect(parseConnectTo('autodiscover.contoso.com:443:127.0.0.1:8443')).toEqual({
      host: 'autodiscover.contoso.com',
      port: 443,
      address: '127.0.0.1',
      port2: 8443,
    });
    expect(parseConnectTo('::[fd00::5]:')).toEqual({ address: 'fd00::5' });
    expect(parseConnectTo('Mail.Contoso.com::10.0.0.5:')).toEqual({
      host: 'mail.contoso.com',
      address: '10.0.0.5',
    });
  });

  it.each([
    ['a:b', /expected HOST:PORT:ADDRESS:PORT2/],
    ['mail.contoso.com:443:mail2.contoso.com:443', /must be an IP/],
    ['mail.contoso.com:0:10.0.0.1:443', /PORT "0"/],
    ['mail.contoso.com:443:10.0.0.1:70000', /PORT2 "70000"/],
    ['bad host:443:10.0.0.1:443', /not a valid host name/],
  ])('refuses %j', (text, reason) => {
    const parsed = parseConnectTo(text);
    expect('reason' in parsed && parsed.reason).toMatch(reason);
  });

  it('applies the first matching rule and leaves --ip alone', () => {
    const rules = [
      { host: 'mail.contoso.com', port: 443, address: '127.0.0.1', port2: 9000 },
      { address: '127.0.0.2' },
    ];
    expect(connectToFor(rules, 'mail.contoso.com', 443)).toEqual({ address: '127.0.0.1', port: 9000 });
    expect(connectToFor(rules, 'mail.contoso.com', 444)).toEqual({ address: '127.0.0.2', port: 444 });
    expect(connectToFor([rules[0]!], 'other.contoso.com', 443)).toBeUndefined();
    const target = { input: 'mail.contoso.com', host: 'mail.contoso.com', port: 443 };
    expect(applyConnectTo(target, rules)).toEqual({
      ...target,
      connectAddress: '127.0.0.1',
      connectSource: '--connect-to',
      port: 9000,
    });
    expect(applyConnectTo({ ...target, connectAddress: '10.0.0.9' }, rules).connectAddress).toBe('10.0.0.9');
  });
});
