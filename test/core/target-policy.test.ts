import {
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
