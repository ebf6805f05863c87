import { X509Certificate } from 'node:crypto';
import type { AddressInfo } from 'node:net';
import tls from 'node:tls';
import { backendNames, type RpcPingOptions, runRpcPing } from '../../../src/probes/rpc-ping';
import { pingEndpoint } from '../../../src/probes/rpc-ping/ping-endpoint';
import { createPki } from '../../fixtures/pki';
import { LAB, type RpchEmulator, startLabProxy } from '../../fixtures/rpch-emulator';

const PASSWORD: string = LAB.password;
let emulator: RpchEmulator;
let exchange2013: RpchEmulator;
let silent: RpchEmulator;

beforeAll(async () => {
  const pki = createPki();
  emulator = await startLabProxy(pki);
  exchange2013 = await startLabProxy(pki, { mode: 'exchange2013' });
  silent = await startLabProxy(pki, { silentBackends: ['EX01'] });
});
afterAll(async () => {
  await Promise.all([emulator.close(), exchange2013.close(), silent.close()]);
});

/** The lab's ping of `proxy` as a check that verified its certificate would run it; `extra` adjusts. */
const ping = (proxy: RpchEmulator, extra: Partial<RpcPingOptions> = {}) =>
  runRpcPing({
    host: 'mail.contoso.com',
    address: '127.0.0.1',
    port: proxy.port,
    timeoutMs: 3000,
    credentials: { user: LAB.user, password: PASSWORD },
    certificateSha256: proxy.certificateSha256,
    ntlm: { netbiosComputer: 'EX01', dnsComputer: 'EX01.contoso.local' },
    ...extra,
  });

describe('authenticated RPC ping against the proxy emulator', () => {
  it('NetBIOS form ok on 6001, 6002 and 6004; the FQDN form refused with the entries to add', async () => {
    const result = await ping(emulator);
    const table = result.endpoints.map((r) => `${r.name}:${r.port}=${r.outcome}`);
    expect(table.sort()).toEqual([
      'EX01.contoso.local:6001=refused',
      'EX01.contoso.local:6002=refused',
      'EX01.contoso.local:6004=refused',
      'EX01:6001=ok',
      'EX01:6002=ok',
      'EX01:6004=ok',
    ]);
    const codes = result.findings.map((f) => f.code);
    expect(codes).toEqual(['rpc.echo_ok', 'rpc.endpoint_ok', 'rpc.endpoint_refused']);
    const refused = result.findings.find((f) => f.code === 'rpc.endpoint_refused');
    expect(refused?.kb).toBe('rpcproxy-validports');
    expect(refused?.evidence).toMatchObject({
      name: 'EX01.contoso.local',
      add: ['EX01.contoso.local:6001-6002', 'EX01.contoso.local:6004'],
    });
    expect(refused?.detail).toContain('1722');
    // The emulator checked what the client sent: verbs, queries, credentials and the A1/B1 layouts.
    const out = emulator.channels.filter((c) => c.method === 'RPC_OUT_DATA' && c.query === 'EX01:6001');
    expect(out[0]).toMatchObject({ user: 'CONTOSO\\probe', contentLength: 76 });
    expect(out[0]?.pdu?.commands.map((c) => c.type)).toEqual([
      'Version',
      'Cookie',
      'Cookie',
      'ReceiveWindowSize',
    ]);
    const inbound = emulator.channels.find((c) => c.method === 'RPC_IN_DATA' && c.query === 'EX01:6004');
    expect(inbound?.pdu?.commands.map((c) => c.type)).toEqual([
      'Version',
      'Cookie',
      'Cookie',
      'ChannelLifetime',
      'ClientKeepalive',
      'AssociationGroupId',
    ]);
  });

  it('a wrong password costs one failed logon: the echo goes alone and the pings are not sent', async () => {
    const result = await ping(emulator, { credentials: { user: 'CONTOSO\\lockme', password: 'wrong' } });
    expect(result.findings.map((f) => f.code)).toEqual(['rpc.credentials_rejected']);
    expect(result.endpoints).toEqual([]);
    expect(emulator.channels.filter((c) => c.user === 'CONTOSO\\lockme')).toHaveLength(1);
  });

  it('sends nothing to a server showing another certificate than the checked one, and stops after the echo', async () => {
    const user = 'CONTOSO\\pinned';
    const result = await ping(emulator, {
      credentials: { user, password: PASSWORD },
      certificateSha256: exchange2013.certificateSha256,
    });
    expect(result.endpoints).toEqual([]);
    expect(result.findings).toEqual([
      expect.objectContaining({
        code: 'rpc.ping_skipped',
        detail: expect.stringContaining('different certificate'),
      }),
    ]);
    expect(emulator.channels.filter((c) => c.user === user)).toEqual([]);
  });

  it('ignores NTLM names that are not host names: they would reach a request line and the advice', () => {
    const names = (netbiosComputer: string, dnsComputer: string) =>
      backendNames({ host: 'mail.contoso.com', ntlm: { netbiosComputer, dnsComputer } });
    expect(names('EX01\r\nX-Evil: 1', 'ex01.contoso.local')).toEqual(['ex01.contoso.local']);
    expect(names('*', 'ex01 contoso')).toEqual(['mail.contoso.com']);
  });

  it('wrong credentials give one rpc.credentials_rejected, and the password appears nowhere', async () => {
    const result = await ping(emulator, { credentials: { user: LAB.user, password: 'wrong-password' } });
    expect(result.findings.map((f) => f.code)).toEqual(['rpc.credentials_rejected']);
    expect(JSON.stringify(result)).not.toContain('wrong-password');
    expect(JSON.stringify(await ping(emulator))).not.toContain(PASSWORD);
  });

  it('Exchange 2013 mode answers 404 Invalid RPC Port', async () => {
    const result = await ping(exchange2013);
    expect(result.findings.map((f) => f.code)).toContain('rpc.endpoint_not_found');
    expect(result.findings.find((f) => f.code === 'rpc.endpoint_not_found')?.title).toContain(
      'EX01.contoso.local',
    );
  });

  it('a back end that never answers after CONN/A3 times out', async () => {
    const result = await ping(silent, { timeoutMs: 800 });
    const timeout = result.findings.find((f) => f.code === 'rpc.endpoint_timeout');
    expect(timeout?.title).toContain('EX01');
    expect(timeout?.detail).toContain('CONN/A3 arrived but not CONN/C2');
  });

  it('uses the given back-end names, else the NTLM names, else the host', async () => {
    const given = await ping(emulator, { backends: ['ex01'] });
    expect(new Set(given.endpoints.map((r) => r.name))).toEqual(new Set(['ex01']));
    expect(given.endpoints.every((r) => r.outcome === 'ok')).toBe(true);
  });
});

describe('an OUT channel answered with a chunked body', () => {
  it('still finds CONN/A3 and CONN/C2 split across chunks', async () => {
    const chunked = await startLabProxy(createPki(), { chunked: true });
    try {
      const result = await ping(chunked, { backends: ['EX01'] });
      expect(result.endpoints.map((r) => `${r.port}=${r.outcome}`)).toEqual([
        '6001=ok',
        '6002=ok',
        '6004=ok',
      ]);
    } finally {
      await chunked.close();
    }
  });
});

describe('a proxy that answers garbage', () => {
  it.each([
    [
      'a broken chunked body',
      'HTTP/1.1 200 Success\r\nTransfer-Encoding: chunked\r\n\r\nzz\r\n',
      /bad chunked body/,
    ],
    [
      'a PDU with an impossible length',
      `HTTP/1.1 200 Success\r\nContent-Length: 100\r\n\r\n${'\u0005'.repeat(8)}\u0002\u0000xxxxxxxxxx`,
      /malformed PDU length/,
    ],
    ['something that is not HTTP', 'SSH-2.0-OpenSSH_9.6\r\n\r\n', /did not answer with HTTP/],
  ])('%s is an error row, not a crash', async (_, answer, pattern) => {
    const leaf = createPki().issueLeaf({});
    const server = tls.createServer({ key: leaf.keyPem, cert: leaf.certPem }, (socket) => {
      socket.on('error', () => undefined);
      socket.once('data', () => socket.write(answer));
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    try {
      const row = await pingEndpoint(
        {
          host: 'mail.contoso.com',
          address: '127.0.0.1',
          port: (server.address() as AddressInfo).port,
          timeoutMs: 2000,
          signIn: { scheme: 'Basic', authorization: 'Basic eDp5' },
          certificateSha256: new X509Certificate(leaf.certPem).fingerprint256,
        },
        'EX01',
        6001,
      );
      expect(row).toMatchObject({ outcome: 'error', detail: expect.stringMatching(pattern) });
    } finally {
      await new Promise<void>((resolve) => server.close(() => resolve()));
    }
  });
});
