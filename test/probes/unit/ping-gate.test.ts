import type { CertificateSummary, Finding } from '../../../src/core/report';
import { parseRuleList } from '../../../src/core/target-policy';
import { type PingGateInput, pingGate } from '../../../src/probes/rpc-ping/ping-gate';

const certificate = { trusted: true } as CertificateSummary;
const mismatch: Finding = {
  code: 'cert.name_mismatch',
  severity: 'critical',
  title: '',
  detail: '',
  nextSteps: [],
};
const base: PingGateInput = {
  credentials: {
    user: 'CONTOSO\\probe',
    password: 'pw',
    targets: parseRuleList('*.contoso.com,10.1.0.0/16', 'X'),
  },
  host: 'mail.contoso.com',
  address: '203.0.113.5',
  tlsEstablished: true,
  certificate,
  findings: [],
  authMethods: ['Negotiate', 'NTLM', 'Basic'],
};

describe('whether the test account may be sent', () => {
  it('to a listed host with a trusted certificate naming it, with Basic where offered, else NTLM', () => {
    expect(pingGate(base)).toEqual({ send: true, scheme: 'Basic' });
    expect(pingGate({ ...base, authMethods: ['basic'] })).toEqual({ send: true, scheme: 'Basic' });
    expect(pingGate({ ...base, authMethods: ['Negotiate', 'NTLM'] })).toEqual({ send: true, scheme: 'NTLM' });
    expect(pingGate({ ...base, authMethods: ['Negotiate'] })).toEqual({ send: true, scheme: 'Negotiate' });
  });

  it('a listed address range counts, as does an operator-named host (no list)', () => {
    const yes = { send: true, scheme: 'Basic' };
    expect(pingGate({ ...base, host: 'owa.fabrikam.com', address: '10.1.2.3' })).toEqual(yes);
    const named = { user: base.credentials.user, password: base.credentials.password };
    expect(pingGate({ ...base, credentials: named, host: 'owa.fabrikam.com' })).toEqual(yes);
  });

  it.each<[string, Partial<PingGateInput>, RegExp]>([
    ['a host not on the list', { host: 'mail.attacker.example' }, /not in RPCCHECK_PROBE_TARGETS/],
    ['a suffix that only looks alike', { host: 'evilcontoso.com' }, /not in RPCCHECK_PROBE_TARGETS/],
    ['no TLS', { tlsEstablished: false }, /no TLS connection/],
    ['an untrusted certificate', { certificate: { trusted: false } as CertificateSummary }, /is not trusted/],
    ['a certificate for another name', { findings: [mismatch] }, /does not name mail\.contoso\.com/],
    [
      'an expired certificate',
      { findings: [{ ...mismatch, code: 'cert.expired' }] },
      /outside its validity dates/,
    ],
    ['Kerberos or Bearer only', { authMethods: ['Kerberos', 'Bearer'] }, /offers Kerberos, Bearer/],
    ['no authentication at all', { authMethods: [] }, /asks for no credentials/],
    [
      'integrated authentication from an unlisted host',
      { authMethods: ['Negotiate', 'NTLM'], host: 'mail.attacker.example' },
      /not in RPCCHECK_PROBE_TARGETS/,
    ],
    [
      'integrated authentication with an untrusted certificate',
      { authMethods: ['NTLM'], certificate: { trusted: false } as CertificateSummary },
      /is not trusted/,
    ],
  ])('not to %s', (_, change, reason) => {
    const gate = pingGate({ ...base, ...change });
    expect(gate.send).toBe(false);
    if (!gate.send) expect(gate.reason).toMatch(reason);
  });
});
