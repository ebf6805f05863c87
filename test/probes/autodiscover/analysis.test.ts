import type { AutodiscoverCandidate, Report } from '../../../src/core/report';
import { analyzeCandidates, analyzeSettings } from '../../../src/probes/autodiscover/analyze-autodiscover';
import { checkAuthPackage, checkCertPrincipal } from '../../../src/probes/autodiscover/cross-check';
import { analyzeMapiHealth, analyzeMapiPing, healthcheckServer } from '../../../src/probes/mapi/analyze-mapi';

const row = (
  method: AutodiscoverCandidate['method'],
  outcome: AutodiscoverCandidate['outcome'],
  url = `https://${method}.contoso.com/autodiscover/autodiscover.xml`,
): AutodiscoverCandidate => ({ url, method, outcome, ms: 1 });
const codes = (findings: { code: string }[]): string[] => findings.map((f) => f.code);

describe('analyzeCandidates', () => {
  it('uses the first answering chain in Outlook order and excuses only the root certificate', () => {
    const verdict = analyzeCandidates([
      [row('root', 'certificate')],
      [row('autodiscover', 'certificate')],
      [
        row('http-redirect', 'redirect', 'http://autodiscover.contoso.com/autodiscover/autodiscover.xml'),
        row('redirect', 'autodiscover'),
      ],
      [row('srv', 'certificate')],
    ]);
    expect(verdict.chosen).toBe(2);
    expect(codes(verdict.findings)).toEqual([
      'autodiscover.root_domain_skipped',
      'autodiscover.certificate_invalid',
      'autodiscover.ok',
      'autodiscover.http_redirect',
    ]);
  });

  it('reports loops and, with no answer, every candidate', () => {
    const verdict = analyzeCandidates([
      [row('root', 'unreachable')],
      [row('autodiscover', 'redirect'), row('redirect', 'loop')],
      [row('srv', 'no_record', '_autodiscover._tcp.contoso.com')],
    ]);
    expect(verdict.chosen).toBeUndefined();
    expect(codes(verdict.findings)).toEqual([
      'autodiscover.root_domain_skipped',
      'autodiscover.redirect_loop',
      'autodiscover.unreachable',
    ]);
  });

  it('an <Error> answer decides the walk without autodiscover.ok', () => {
    const verdict = analyzeCandidates([
      [row('root', 'error_response')],
      [row('autodiscover', 'autodiscover')],
    ]);
    expect(verdict.chosen).toBe(0);
    expect(codes(verdict.findings)).toEqual([]);
  });
});

describe('settings and cross-checks', () => {
  it('flags missing Outlook Anywhere and MAPI', () => {
    expect(codes(analyzeSettings({ exhttp: [] }))).toEqual([
      'autodiscover.no_outlook_anywhere',
      'mapi.not_offered',
    ]);
    expect(
      analyzeSettings({ exhttp: [{ ssl: true }], mapiHttp: { mailStore: {}, addressBook: {} } }),
    ).toEqual([]);
  });

  const nested = (sans: string[], authMethods: string[]): Report =>
    ({
      target: { input: 'mail.contoso.com', host: 'mail.contoso.com', port: 443 },
      certificate: { subject: `CN=${sans[0] ?? 'x'}`, sans },
      rpcProxy: { url: 'https://mail.contoso.com:443/rpc/rpcproxy.dll', status: 401, authMethods },
    }) as unknown as Report;

  it.each([
    ['msstd:mail.contoso.com', ['mail.contoso.com'], []],
    ['msstd:MAIL.contoso.com', ['*.contoso.com'], []],
    ['msstd:*.contoso.com', ['*.contoso.com'], []],
    ['msstd:*.contoso.com', ['mail.contoso.com'], ['autodiscover.cert_principal_mismatch']],
    ['msstd:ex01.contoso.local', ['mail.contoso.com'], ['autodiscover.cert_principal_mismatch']],
  ])('CertPrincipalName %s against %j', (principal, sans, expected) => {
    expect(codes(checkCertPrincipal({ ssl: true, certPrincipalName: principal }, nested(sans, [])))).toEqual(
      expected,
    );
  });

  it.each([
    ['Ntlm', ['Basic'], ['autodiscover.auth_package_mismatch']],
    ['Basic', ['Basic'], []],
    ['Negotiate', ['Negotiate', 'NTLM'], []],
    ['kerbntlm', ['NTLM'], []],
    ['Ntlm', [], []],
    ['certificate', ['Basic'], []],
  ])('AuthPackage %s against %j', (authPackage, offered, expected) => {
    expect(
      codes(checkAuthPackage({ ssl: true, authPackage }, nested(['mail.contoso.com'], offered))),
    ).toEqual(expected);
  });
});

describe('MAPI analysis', () => {
  it('reads the health page by string search', () => {
    expect(healthcheckServer('200 OK<br/>EX01.contoso.local')).toBe('EX01.contoso.local');
    expect(healthcheckServer('<html>nope</html>')).toBeUndefined();
  });

  it('is healthy only with a 200 health page and a 401 MailStore', () => {
    const ok = analyzeMapiHealth({
      host: 'mail.contoso.com',
      health: { status: 200, body: '200 OK<br/>EX01.contoso.local' },
      unauthenticated: { status: 401 },
      authMethods: ['Negotiate', 'NTLM'],
    });
    expect(codes(ok)).toEqual(['mapi.healthy']);
    expect(ok[0]?.evidence?.['server']).toBe('EX01.contoso.local');
    for (const [health, unauthenticated] of [
      [{ status: 503 }, { status: 401 }],
      [{ error: 'ECONNREFUSED' }, { error: 'ECONNREFUSED' }],
      [{ status: 200, body: '200 OK<br/>x' }, { status: 404 }],
    ] as const)
      expect(codes(analyzeMapiHealth({ host: 'h', health, unauthenticated, authMethods: [] }))).toEqual([
        'mapi.healthcheck_failed',
      ]);
  });

  it('names X-ResponseCode values and points at the matching entry', () => {
    const ping = (status: number, code?: string) =>
      analyzeMapiPing('https://m/mapi/emsmdb/', {
        status,
        headers: code !== undefined ? { 'x-responsecode': [code] } : {},
      });
    expect(codes(ping(200, '0'))).toEqual(['mapi.ping_ok']);
    const missing = ping(200, '7')[0];
    expect(missing).toMatchObject({ code: 'mapi.ping_failed', kb: 'mapi-headers-stripped' });
    expect(missing?.title).toContain('7 (Missing Header)');
    expect(ping(200, '16')[0]?.title).toContain('Endpoint Disabled');
    expect(ping(401)[0]?.detail).toContain('credentials were refused');
    expect(ping(503)[0]?.title).toContain('HTTP 503');
  });
});
