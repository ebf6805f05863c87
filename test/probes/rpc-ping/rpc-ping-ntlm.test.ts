import { endpointTableFooter } from '../../../src/core/endpoint-table';
import { type RpcPingOptions, runRpcPing } from '../../../src/probes/rpc-ping';
import { createPki, type Pki } from '../../fixtures/pki';
import {
  LAB,
  type RpchEmulator,
  type RpchEmulatorOptions,
  startLabProxy,
} from '../../fixtures/rpch-emulator';

/** Exchange 2016+'s default on /rpc: Negotiate and NTLM, no Basic. */
const NTLM_ONLY: Partial<RpchEmulatorOptions> = { ntlmChallenge: LAB.ntlm, schemes: ['Negotiate', 'NTLM'] };

let pki: Pki;
let ntlmOnly: RpchEmulator;
let protectedProxy: RpchEmulator;
let negotiateOnly: RpchEmulator;

beforeAll(async () => {
  pki = createPki();
  [ntlmOnly, protectedProxy, negotiateOnly] = await Promise.all([
    startLabProxy(pki, NTLM_ONLY),
    startLabProxy(pki, { ...NTLM_ONLY, extendedProtection: true }),
    startLabProxy(pki, { ntlmChallenge: LAB.ntlm, schemes: ['Negotiate'] }),
  ]);
});
afterAll(() => Promise.all([ntlmOnly.close(), protectedProxy.close(), negotiateOnly.close()]));

const ping = (proxy: RpchEmulator, extra: Partial<RpcPingOptions> = {}) =>
  runRpcPing({
    host: 'mail.contoso.com',
    address: '127.0.0.1',
    port: proxy.port,
    timeoutMs: 3000,
    credentials: { user: LAB.user, password: LAB.password },
    scheme: 'NTLM',
    certificateSha256: proxy.certificateSha256,
    ntlm: { netbiosComputer: 'EX01', dnsComputer: 'EX01.contoso.local' },
    ...extra,
  });

describe.each([
  ['a proxy offering only Negotiate and NTLM', () => ntlmOnly],
  ['the same with Extended Protection on', () => protectedProxy],
])('NTLMv2 sign-in against %s', (_, proxy) => {
  it('NetBIOS form ok on 6001, 6002 and 6004, the FQDN refused with the entries to add, never a Basic header', async () => {
    const before = proxy().channels.length;
    const result = await ping(proxy());
    expect(result.endpoints.map((r) => `${r.name}:${r.port}=${r.outcome}`).sort()).toEqual([
      'EX01.contoso.local:6001=refused',
      'EX01.contoso.local:6002=refused',
      'EX01.contoso.local:6004=refused',
      'EX01:6001=ok',
      'EX01:6002=ok',
      'EX01:6004=ok',
    ]);
    expect(result.findings.map((f) => f.code)).toEqual([
      'rpc.echo_ok',
      'rpc.endpoint_ok',
      'rpc.endpoint_refused',
    ]);
    expect(result.findings.find((f) => f.code === 'rpc.endpoint_refused')?.evidence).toMatchObject({
      add: ['EX01.contoso.local:6001-6002', 'EX01.contoso.local:6004'],
    });
    expect(result.signIn).toEqual({ scheme: 'NTLM', channelBinding: true });
    expect(result.findings[0]?.detail).toContain('Signed in with NTLMv2 with channel binding');
    expect(endpointTableFooter(result)).toMatch(/^signed in with NTLMv2 with channel binding · echo ok/);
    // The emulator verified each channel on its own connection: the echo, the six OUT channels and the IN
    // channels of the pings that worked (an IN channel of a refused name may be closed before it arrives).
    const mine = proxy().channels.slice(before);
    const key = (c: (typeof mine)[number]) => `${c.method} ${c.query}`;
    expect(mine.map(key)).toEqual(
      expect.arrayContaining([
        'RPC_IN_DATA ',
        ...['EX01', 'EX01.contoso.local'].flatMap((n) =>
          [6001, 6002, 6004].map((p) => `RPC_OUT_DATA ${n}:${p}`),
        ),
        ...[6001, 6002, 6004].map((p) => `RPC_IN_DATA EX01:${p}`),
      ]),
    );
    expect(mine.every((c) => c.scheme === 'NTLM' && c.user === LAB.user && c.refused === undefined)).toBe(
      true,
    );
    expect(mine.every((c) => c.channelBinding === true)).toBe(true);
    expect(proxy().schemesSeen.filter((s) => s.toLowerCase() === 'basic')).toEqual([]);
    expect(JSON.stringify(result)).not.toContain(LAB.password);
  });

  it('a wrong password gives rpc.credentials_rejected after one failed logon', async () => {
    const user = 'CONTOSO\\lockme';
    const result = await ping(proxy(), { credentials: { user, password: 'wrong' } });
    expect(result.findings.map((f) => f.code)).toEqual(['rpc.credentials_rejected']);
    expect(result.endpoints).toEqual([]);
    expect(proxy().channels.filter((c) => c.user === user)).toEqual([
      expect.objectContaining({ scheme: 'NTLM', refused: 'unknown account' }),
    ]);
    const wrong = await ping(proxy(), { credentials: { user: LAB.user, password: 'wrong-password' } });
    expect(wrong.findings[0]?.detail).toMatch(
      /wrong or expired password.*DOMAIN\\user form.*Extended Protection/,
    );
    expect(JSON.stringify(wrong)).not.toContain('wrong-password');
  });
});

describe('NTLMv2 edge cases', () => {
  it('signs in under Negotiate with raw NTLMSSP tokens where only Negotiate is offered', async () => {
    const result = await ping(negotiateOnly, { scheme: 'Negotiate', backends: ['EX01'] });
    expect(result.endpoints.map((r) => r.outcome)).toEqual(['ok', 'ok', 'ok']);
    expect(negotiateOnly.channels.every((c) => c.scheme === 'Negotiate')).toBe(true);
  });

  it('with TLS terminated in front of Exchange, Extended Protection refuses and the detail says why', async () => {
    // Exchange holds another certificate than the one the load balancer presents.
    const behind = await startLabProxy(pki, {
      ...NTLM_ONLY,
      extendedProtection: { behind: pki.issueLeaf({ names: ['ex01.contoso.local'] }).certPem },
    });
    try {
      const result = await ping(behind);
      expect(result.findings.map((f) => f.code)).toEqual(['rpc.credentials_rejected']);
      expect(result.findings[0]?.detail).toMatch(
        /Extended Protection with TLS terminated in front of Exchange/,
      );
      expect(behind.channels).toEqual([
        expect.objectContaining({ refused: 'channel binding of another certificate (Extended Protection)' }),
      ]);
    } finally {
      await behind.close();
    }
  });

  it('a UPN signs in with an empty domain, as Windows sends it', async () => {
    const upn = await startLabProxy(pki, { ...NTLM_ONLY, users: { 'probe@contoso.local': LAB.password } });
    try {
      const result = await ping(upn, {
        credentials: { user: 'probe@contoso.local', password: LAB.password },
        backends: ['EX01'],
      });
      expect(result.endpoints.map((r) => r.outcome)).toEqual(['ok', 'ok', 'ok']);
      const refused = await ping(upn, { credentials: { user: 'probe@contoso.local', password: 'x' } });
      expect(refused.findings[0]?.detail).toContain('user@domain form');
    } finally {
      await upn.close();
    }
  });

  it('Basic against an NTLM-only proxy is a 401 (what the gate now avoids)', async () => {
    const result = await ping(ntlmOnly, { scheme: 'Basic' });
    expect(result.findings.map((f) => f.code)).toEqual(['rpc.credentials_rejected']);
    expect(result.findings[0]?.detail).toContain('signing in with Basic');
  });
});
