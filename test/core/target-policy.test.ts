import { applyConnectTo, parseConnectTo, type ConnectToRule } from '../../src/core/connect-to';
import { parseChatTarget, parseTarget, type Target, withConnectAddress } from '../../src/core/target';
import {
  addressOrigin,
  type AddressOrigin,
  checkAddress,
  checkName,
  checkPort,
  createTargetPolicy,
  parsePorts,
} from '../../src/core/target-policy';

const defaults = createTargetPolicy({});
const allowed = (address: string, policy = defaults): boolean =>
  checkAddress(policy, 'mail.contoso.com', address).allowed;

describe('target policy (SSRF guard)', () => {
  it.each([
    '127.0.0.1',
    '127.255.255.254',
    '::1',
    '0.0.0.0',
    '0.1.2.3',
    '::',
    '169.254.169.254',
    '169.254.1.1',
    'fe80::1',
    '224.0.0.1',
    'ff02::1',
    '255.255.255.255',
    '240.0.0.1',
    '::ffff:127.0.0.1',
    '::ffff:169.254.169.254',
    '64:ff9b::7f00:1',
    '2002:7f00:1::1',
  ])('refuses %s by default', (address) => {
    const decision = checkAddress(defaults, 'mail.contoso.com', address);
    expect(decision.allowed).toBe(false);
    if (!decision.allowed) expect(decision.reason).toMatch(/RPCCHECK_ALLOW_TARGETS/);
  });

  it.each(['10.0.0.5', '172.16.3.4', '192.168.1.10', 'fd00::5', '8.8.8.8', '2a00:1450::1', '100.64.0.1'])(
    'allows %s by default (private ranges included)',
    (address) => expect(allowed(address)).toBe(true),
  );

  it('names the cloud metadata range in the reason', () => {
    const decision = checkAddress(defaults, 'evil.example', '169.254.169.254');
    expect(!decision.allowed && decision.reason).toMatch(
      /evil\.example resolves to 169\.254\.169\.254.*link-local/,
    );
  });

  it('RPCCHECK_ALLOW_TARGETS allows loopback by CIDR or by name', () => {
    expect(allowed('127.0.0.1', createTargetPolicy({ allowTargets: '127.0.0.0/8' }))).toBe(true);
    expect(allowed('::ffff:127.0.0.1', createTargetPolicy({ allowTargets: '127.0.0.0/8' }))).toBe(true);
    expect(allowed('::1', createTargetPolicy({ allowTargets: '127.0.0.0/8' }))).toBe(false);
    expect(allowed('127.0.0.1', createTargetPolicy({ allowTargets: 'mail.contoso.com' }))).toBe(true);
  });

  it('RPCCHECK_DENY_TARGETS blocks more, by CIDR, name or wildcard', () => {
    const policy = createTargetPolicy({
      denyTargets: '10.0.0.0/8, secret.contoso.com, *.internal.contoso.com',
    });
    expect(allowed('10.1.2.3', policy)).toBe(false);
    expect(allowed('192.168.1.1', policy)).toBe(true);
    expect(checkName(policy, 'secret.contoso.com').allowed).toBe(false);
    expect(checkName(policy, 'db.internal.contoso.com').allowed).toBe(false);
    expect(checkName(policy, 'mail.contoso.com').allowed).toBe(true);
  });

  it('allows 443 and RPCCHECK_ALLOWED_PORTS only', () => {
    expect(checkPort(defaults, 443).allowed).toBe(true);
    expect(checkPort(defaults, 444).allowed).toBe(true);
    expect(checkPort(defaults, 8443).allowed).toBe(true);
    expect(checkPort(defaults, 22).allowed).toBe(false);
    const custom = createTargetPolicy({ allowedPorts: '9443' });
    expect(checkPort(custom, 443).allowed).toBe(true);
    expect(checkPort(custom, 8443).allowed).toBe(false);
    expect([...parsePorts('8000-8002, 9000')]).toEqual([8000, 8001, 8002, 9000]);
  });

  it('rejects malformed lists naming the variable', () => {
    expect(() => createTargetPolicy({ allowTargets: '10.0.0.0/33' })).toThrow(/RPCCHECK_ALLOW_TARGETS/);
    expect(() => createTargetPolicy({ denyTargets: 'not a name!' })).toThrow(/RPCCHECK_DENY_TARGETS/);
    expect(() => createTargetPolicy({ allowedPorts: '70000' })).toThrow(/RPCCHECK_ALLOWED_PORTS/);
  });
});

describe('refusal wording', () => {
  const loopback = ', which rpccheck does not probe (an operator can allow it with RPCCHECK_ALLOW_TARGETS)';
  const reason = (host: string, address: string, origin?: AddressOrigin, policy = defaults): string => {
    const decision = checkAddress(policy, host, address, origin);
    return decision.allowed ? 'allowed' : decision.reason;
  };

  it.each<[string, string, AddressOrigin | undefined, string]>([
    ['127.0.0.1', '127.0.0.1', undefined, `127.0.0.1 is a loopback address${loopback}`],
    ['0.0.0.0', '0.0.0.0', undefined, `0.0.0.0 is an unspecified address${loopback}`],
    ['::', '::', undefined, `:: is an unspecified address${loopback}`],
    [
      'fe80::1',
      'fe80::1',
      undefined,
      `fe80::1 is a link-local address (where cloud metadata services live)${loopback}`,
    ],
    ['224.0.0.1', '224.0.0.1', undefined, `224.0.0.1 is a multicast address${loopback}`],
    ['localhost', '127.0.0.1', 'dns', `localhost resolves to 127.0.0.1, a loopback address${loopback}`],
    [
      'mail.contoso.com',
      '127.0.0.1',
      '--ip',
      `mail.contoso.com at 127.0.0.1 (given by --ip) is a loopback address${loopback}`,
    ],
    ['::1', '127.0.0.1', '--ip', `::1 at 127.0.0.1 (given by --ip) is a loopback address${loopback}`],
    [
      'autodiscover.contoso.com',
      '::1',
      '--connect-to',
      `autodiscover.contoso.com at ::1 (given by --connect-to) is a loopback address${loopback}`,
    ],
    [
      'mail.contoso.com',
      '169.254.169.254',
      'via',
      `mail.contoso.com at 169.254.169.254 (given with via) is a link-local address (where cloud metadata services live)${loopback}`,
    ],
    [
      'mail.contoso.com',
      '127.0.0.1',
      'given',
      `mail.contoso.com at 127.0.0.1 (the address given to connect to) is a loopback address${loopback}`,
    ],
    [
      '2002:7f00:1::',
      '2002:7f00:1::',
      undefined,
      `2002:7f00:1:: stands for 127.0.0.1, a loopback address${loopback}`,
    ],
    [
      'mail.contoso.com',
      '::ffff:127.0.0.1',
      'dns',
      `mail.contoso.com resolves to ::ffff:127.0.0.1, which stands for 127.0.0.1, a loopback address${loopback}`,
    ],
  ])('%s at %s (%s)', (host, address, origin, expected) => {
    expect(reason(host, address, origin)).toBe(expected);
  });

  it('words the deny list the same way', () => {
    const policy = createTargetPolicy({ denyTargets: '10.0.0.0/8' });
    expect(reason('10.1.2.3', '10.1.2.3', 'dns', policy)).toBe(
      '10.1.2.3 is an address on the deny list (RPCCHECK_DENY_TARGETS)',
    );
    expect(reason('mail.contoso.com', '10.1.2.3', 'dns', policy)).toBe(
      'mail.contoso.com resolves to 10.1.2.3, an address on the deny list (RPCCHECK_DENY_TARGETS)',
    );
    expect(reason('mail.contoso.com', '10.1.2.3', '--ip', policy)).toBe(
      'mail.contoso.com at 10.1.2.3 (given by --ip) is an address on the deny list (RPCCHECK_DENY_TARGETS)',
    );
  });

  it('knows which option gave the address: --ip, via, --connect-to', () => {
    const target = (parsed: ReturnType<typeof parseTarget>): Target => {
      if (!parsed.ok) throw new Error(parsed.reason);
      return parsed.target;
    };
    const plain = target(parseTarget('mail.contoso.com'));
    const byIp = target(withConnectAddress(plain, '127.0.0.1', '--ip'));
    expect(addressOrigin(byIp, '127.0.0.1')).toBe('--ip');
    const byVia = target(parseChatTarget('mail.contoso.com via 127.0.0.1'));
    expect(addressOrigin(byVia, '127.0.0.1')).toBe('via');
    const rule = parseConnectTo('mail.contoso.com:443:[::1]:443') as ConnectToRule;
    expect(addressOrigin(applyConnectTo(plain, [rule]), '::1')).toBe('--connect-to');
    expect(addressOrigin(plain, '127.0.0.1')).toBe('dns');
    expect(addressOrigin({ ...plain, connectAddress: '127.0.0.1' }, '127.0.0.1')).toBe('given');
  });
});
