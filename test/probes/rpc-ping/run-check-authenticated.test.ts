import { endpointTableFooter, endpointTableLines } from '../../../src/core/endpoint-table';
import { parseRuleList } from '../../../src/core/target-policy';
import { checkReport, codesOf, loopbackOptions, pinnedTarget } from '../../fixtures/check-harness';
import { createPki, type Pki } from '../../fixtures/pki';
import { LAB, type RpchEmulator, startLabProxy } from '../../fixtures/rpch-emulator';

const credentials = { user: LAB.user, password: LAB.password };
let pki: Pki;
let proxy: RpchEmulator;

beforeAll(async () => {
  pki = createPki();
  proxy = await startLabProxy(pki, { ntlmChallenge: LAB.ntlm });
});
afterAll(() => proxy.close());

describe('a full check with a test account, against the RPC proxy emulator', () => {
  it('pings the names NTLM gives: NetBIOS ok on 6001, 6002 and 6004, the FQDN refused with the entries to add', async () => {
    const report = await checkReport(pinnedTarget(proxy.port), loopbackOptions(pki, { credentials }));
    expect(codesOf(report)).toEqual(
      expect.arrayContaining([
        'ntlm.server_identity',
        'rpc.echo_ok',
        'rpc.endpoint_ok',
        'rpc.endpoint_refused',
      ]),
    );
    expect(report.verdict).toBe('critical');
    if (report.rpcPing === undefined) throw new Error('no rpcPing in the report');
    expect(report.rpcPing.backends).toEqual(['EX01', 'EX01.contoso.local']);
    expect(report.rpcPing.echo.ok).toBe(true);
    expect(endpointTableLines(report.rpcPing)).toEqual([
      'back end            6001      6002      6004',
      'EX01                ok        ok        ok',
      'EX01.contoso.local  refused   refused   refused',
    ]);
    const refused = report.findings.find((f) => f.code === 'rpc.endpoint_refused');
    expect(refused?.evidence?.['add']).toEqual(['EX01.contoso.local:6001-6002', 'EX01.contoso.local:6004']);
    expect(refused?.kb).toBe('rpcproxy-validports');
    expect(JSON.stringify(report)).not.toContain(LAB.password);
  });

  it('wrong credentials give rpc.credentials_rejected and no endpoint verdicts', async () => {
    const report = await checkReport(
      pinnedTarget(proxy.port),
      loopbackOptions(pki, { credentials: { ...credentials, password: 'wrong' } }),
    );
    const codes = codesOf(report);
    expect(codes).toContain('rpc.credentials_rejected');
    expect(codes.filter((c) => c.startsWith('rpc.endpoint_') || c === 'rpc.echo_ok')).toEqual([]);
  });

  it('back-end names on the target win over the NTLM names', async () => {
    const target = { ...pinnedTarget(proxy.port), backends: ['ex01.contoso.local'] };
    const report = await checkReport(target, loopbackOptions(pki, { credentials }));
    expect(report.rpcPing?.backends).toEqual(['ex01.contoso.local']);
    expect(codesOf(report)).toContain('rpc.endpoint_refused');
    expect(codesOf(report)).not.toContain('rpc.endpoint_ok');
  });

  it.each([
    [
      'a host outside RPCCHECK_PROBE_TARGETS',
      { targets: parseRuleList('*.fabrikam.com', 'X') },
      {},
      /not in RPCCHECK_PROBE_TARGETS/,
    ],
    ['a server whose certificate is not trusted', {}, { extraCaPem: [] }, /is not trusted/],
  ])('never sends the password to %s: one info finding says why', async (_, scope, overrides, reason) => {
    const user = `CONTOSO\\gate${Object.keys(overrides).length}`;
    const report = await checkReport(
      pinnedTarget(proxy.port),
      loopbackOptions(pki, { credentials: { ...credentials, user, ...scope }, ...overrides }),
    );
    const skipped = report.findings.find((f) => f.code === 'rpc.ping_skipped');
    expect(skipped?.severity).toBe('info');
    expect(skipped?.detail).toMatch(reason);
    expect(report.rpcPing).toBeUndefined();
    expect(proxy.channels.filter((c) => c.user === user)).toEqual([]);
  });

  it('without credentials nothing logs in: no ping findings and no rpcPing in the report', async () => {
    // A proxy of its own, so no late channel of another test is counted.
    const quiet = await startLabProxy(pki);
    try {
      const report = await checkReport(pinnedTarget(quiet.port), loopbackOptions(pki));
      expect(report.rpcPing).toBeUndefined();
      expect(codesOf(report).filter((c) => /^rpc\.(echo|endpoint|credentials)/.test(c))).toEqual([]);
      expect(codesOf(report)).toContain('rpc.auth_basic_only');
      expect(quiet.channels.filter((c) => c.query !== '' || c.user !== undefined)).toEqual([]);
    } finally {
      await quiet.close();
    }
  });
});

describe('a full check against Exchange 2016+ defaults: Negotiate and NTLM only, Extended Protection on', () => {
  it('the gate picks NTLM and the ping signs in with the channel binding, never with Basic', async () => {
    const modern = await startLabProxy(pki, {
      ntlmChallenge: LAB.ntlm,
      schemes: ['Negotiate', 'NTLM'],
      extendedProtection: true,
    });
    try {
      const report = await checkReport(pinnedTarget(modern.port), loopbackOptions(pki, { credentials }));
      expect(codesOf(report)).toEqual(
        expect.arrayContaining([
          'ntlm.server_identity',
          'rpc.echo_ok',
          'rpc.endpoint_ok',
          'rpc.endpoint_refused',
        ]),
      );
      expect(codesOf(report)).not.toContain('rpc.ping_skipped');
      if (report.rpcPing === undefined) throw new Error('no rpcPing in the report');
      expect(report.rpcPing.signIn).toEqual({ scheme: 'NTLM', channelBinding: true });
      expect(endpointTableLines(report.rpcPing)).toEqual([
        'back end            6001      6002      6004',
        'EX01                ok        ok        ok',
        'EX01.contoso.local  refused   refused   refused',
      ]);
      expect(endpointTableFooter(report.rpcPing)).toContain('signed in with NTLMv2 with channel binding');
      expect(modern.schemesSeen.map((s) => s.toLowerCase())).not.toContain('basic');
      expect(JSON.stringify(report)).not.toContain(LAB.password);
    } finally {
      await modern.close();
    }
  });
});
