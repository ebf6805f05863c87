import { analyzeHealthcheck, analyzePlaintext } from '../../../src/probes/analyze-companions';
import { matchesHostname } from '../../../src/probes/certificate/match-hostname';
import type { HttpObservation } from '../../../src/probes/http/pinned-request';
import { analyzeNtlm } from '../../../src/probes/ntlm/analyze-ntlm';
import {
  challengeFromHeaders,
  decodeChallenge,
  NTLM_NEGOTIATE,
  windowsName,
} from '../../../src/probes/ntlm/ntlm-challenge';
import { analyzeRpcProxy } from '../../../src/probes/rpc-proxy/analyze-rpc-proxy';
import { authMethods } from '../../../src/probes/rpc-proxy/auth-methods';
import { parseRpcError } from '../../../src/probes/rpc-proxy/rpc-status';
import { analyzeTls } from '../../../src/probes/tls/analyze-tls';
import { parseCertificateList, ServerHandshakeReader } from '../../../src/probes/tls/tls-records';
import { buildChallenge } from '../../fixtures/ntlm-challenge';

const response = (
  status: number,
  statusText: string,
  headers: Record<string, string[]> = {},
  body = '',
): HttpObservation => ({
  ok: true,
  status,
  statusText,
  headers,
  body,
  truncated: false,
  legacyTls: false,
  ms: 5,
});
const codes = (r: HttpObservation): string[] =>
  analyzeRpcProxy('https://x/rpc/rpcproxy.dll', r).findings.map((f) => f.code);

describe('host name matching (RFC 6125)', () => {
  const names = (dnsNames: string[], commonName?: string, ipAddresses: string[] = []) => ({
    dnsNames,
    ipAddresses,
    ...(commonName !== undefined && { commonName }),
  });
  it.each([
    ['mail.contoso.com', names(['mail.contoso.com']), true],
    ['MAIL.contoso.com.', names(['mail.contoso.com']), true],
    ['mail.contoso.com', names(['*.contoso.com']), true],
    ['a.mail.contoso.com', names(['*.contoso.com']), false],
    ['contoso.com', names(['*.contoso.com']), false],
    ['mail.com', names(['*.com']), false],
    ['mail.contoso.com', names(['m*.contoso.com']), false],
    ['mail.contoso.com', names([], 'mail.contoso.com'), true],
    ['mail.contoso.com', names(['owa.contoso.com'], 'mail.contoso.com'), false],
    ['10.0.0.5', names([], undefined, ['10.0.0.5']), true],
    ['10.0.0.5', names(['10.0.0.5']), false],
    ['2001:db8::1', names([], undefined, ['2001:db8:0:0:0:0:0:1']), true],
    ['mail.contoso.com', names([]), false],
  ])('%s against %j → %s', (host, certNames, expected) => {
    expect(matchesHostname(host, certNames)).toBe(expected);
  });
});

describe('WWW-Authenticate parsing', () => {
  it('one header per method, or folded, deduplicated, canonical names', () => {
    expect(authMethods(['Negotiate', 'NTLM', 'Basic realm="mail.contoso.com"'])).toEqual([
      'Negotiate',
      'NTLM',
      'Basic',
    ]);
    expect(authMethods(['negotiate, ntlm, Basic realm="a, b"'])).toEqual(['Negotiate', 'NTLM', 'Basic']);
    expect(authMethods(['Basic realm="x", Basic realm="y"'])).toEqual(['Basic']);
    expect(authMethods(['Digest realm="x", qop="auth", nonce="abc"'])).toEqual(['Digest']);
    expect(authMethods([])).toEqual([]);
  });
});

describe('RPC proxy responses → findings', () => {
  it.each([
    [
      response(401, 'Unauthorized', { 'www-authenticate': ['Basic realm="x"'] }),
      ['rpc.proxy_reachable', 'rpc.auth_basic_only'],
    ],
    [
      response(401, 'Unauthorized', { 'www-authenticate': ['Negotiate', 'NTLM'] }),
      ['rpc.proxy_reachable', 'rpc.auth_integrated'],
    ],
    [response(401, 'Unauthorized', { 'www-authenticate': ['Digest realm="x"'] }), ['rpc.auth_none']],
    [response(401, 'Unauthorized'), ['rpc.auth_none']],
    [response(401, 'Anonymous requests or requests on unsecure channel are not allowed'), ['rpc.auth_none']],
    [response(401, 'Unauthorized', {}, 'HTTP Error 401.3 - Unauthorized: ACL'), ['rpc.proxy_reachable']],
    [
      response(403, 'Forbidden', {}, 'HTTP Error 403.2 - Forbidden: Read access is denied.'),
      ['rpc.proxy_reachable'],
    ],
    [response(403, 'Forbidden', {}, 'Request blocked by WAF'), ['rpc.unexpected_response']],
    [response(200, 'OK', { 'content-type': ['application/rpc'] }, 'x'.repeat(20)), ['rpc.anonymous_access']],
    [response(200, 'OK', {}, ''), ['rpc.anonymous_access']],
    [
      response(200, 'OK', { 'content-type': ['text/html'] }, '<html>welcome</html>'),
      ['rpc.unexpected_response'],
    ],
    [response(404, 'Not Found'), ['rpc.proxy_missing']],
    [response(405, 'Method Not Allowed', { allow: ['GET'] }), ['rpc.methods_blocked']],
    [response(503, 'RPC Error: 6ba'), ['rpc.proxy_error']],
    [response(500, 'Internal Server Error'), ['rpc.proxy_error']],
    [response(301, 'Moved', { location: ['https://x/owa'] }), ['rpc.unexpected_response']],
    [response(418, "I'm a teapot"), ['rpc.unexpected_response']],
    [
      { ok: false, code: 'ECONNRESET', message: 'socket hang up', ms: 3 } as HttpObservation,
      ['rpc.unexpected_response'],
    ],
  ])('%#: %j', (observation, expected) => {
    expect(codes(observation)).toEqual(expected);
  });

  it('points SSL-offloading 401s at the fix', () => {
    const [finding] = analyzeRpcProxy(
      'u',
      response(401, 'Anonymous requests or requests on unsecure channel are not allowed'),
    ).findings;
    expect(finding?.nextSteps[0]).toMatch(/SSLOffloading/);
  });

  it('decodes RPC status codes', () => {
    expect(parseRpcError('RPC Error: 6ba')).toMatchObject({
      code: 1722,
      meaning: expect.stringContaining('RPC_S_SERVER_UNAVAILABLE'),
    });
    expect(parseRpcError('RPC Error: 6D9, EEInfo: AAAA')).toMatchObject({ code: 1753 });
    expect(parseRpcError('RPC Error: 1')).toMatchObject({ code: 1, meaning: 'RPC status 1' });
    expect(parseRpcError('Service Unavailable')).toBeUndefined();
  });
});

describe('NTLM challenge', () => {
  const names = {
    netbiosComputer: 'EX01',
    netbiosDomain: 'CONTOSO',
    dnsComputer: 'ex01.contoso.local',
    dnsDomain: 'contoso.local',
    version: [6, 3, 9600] as [number, number, number],
  };

  it('decodes target info and version from a CHALLENGE', () => {
    const identity = decodeChallenge(buildChallenge(names));
    expect(identity).toMatchObject({
      targetName: 'CONTOSO',
      netbiosComputer: 'EX01',
      netbiosDomain: 'CONTOSO',
      dnsComputer: 'ex01.contoso.local',
      dnsDomain: 'contoso.local',
      dnsForest: 'contoso.local',
      version: { major: 6, minor: 3, build: 9600, name: 'Windows Server 2012 R2' },
    });
    expect(identity?.serverTime).toMatch(/^\d{4}-/);
  });

  it('finds the challenge under NTLM or Negotiate, and ignores junk', () => {
    const b64 = buildChallenge(names).toString('base64');
    expect(challengeFromHeaders(['Negotiate', `NTLM ${b64}`])).toBeDefined();
    expect(challengeFromHeaders([`Negotiate ${b64}`])).toBeDefined();
    expect(challengeFromHeaders(['NTLM', 'Basic realm="x"'])).toBeUndefined();
    expect(decodeChallenge(Buffer.from(NTLM_NEGOTIATE, 'base64'))).toBeUndefined();
    expect(decodeChallenge(Buffer.from('NTLMSSP\0garbage'))).toBeUndefined();
    const truncated = buildChallenge(names).subarray(0, 60);
    expect(decodeChallenge(truncated)).toMatchObject({ version: { major: 6 } });
  });

  it('names Windows versions', () => {
    expect(windowsName(5, 2, 3790)).toBe('Windows Server 2003');
    expect(windowsName(10, 0, 20348)).toBe('Windows Server 2022');
    expect(windowsName(10, 0, 19045)).toBe('Windows 10.0 build 19045');
  });

  it('becomes one info finding', () => {
    const [finding] = analyzeNtlm(decodeChallenge(buildChallenge(names)));
    expect(finding).toMatchObject({
      code: 'ntlm.server_identity',
      severity: 'info',
      title: 'NTLM answered by ex01.contoso.local',
    });
    expect(analyzeNtlm(undefined)).toEqual([]);
  });
});

describe('companion probes', () => {
  it('Basic on port 80', () => {
    expect(
      analyzePlaintext(response(401, 'Unauthorized', { 'www-authenticate': ['Basic realm="x"'] }), 80),
    ).toHaveLength(1);
    expect(analyzePlaintext(response(401, 'Unauthorized', { 'www-authenticate': ['NTLM'] }), 80)).toEqual([]);
    expect(analyzePlaintext(response(403, 'Forbidden', {}, '403.4 SSL required'), 80)).toEqual([]);
    expect(analyzePlaintext(undefined, 80)).toEqual([]);
  });

  it('Exchange health check', () => {
    expect(analyzeHealthcheck(response(200, 'OK', {}, '200 OK<br/>EX01.contoso.local'))[0]?.evidence).toEqual(
      { backend: 'EX01.contoso.local' },
    );
    expect(analyzeHealthcheck(response(200, 'OK', {}, '<html>OWA</html>'))).toEqual([]);
    expect(analyzeHealthcheck(response(404, 'Not Found'))).toEqual([]);
  });
});

describe('TLS attempts → findings', () => {
  const success = {
    ok: true as const,
    protocol: 'TLSv1.2',
    cipher: 'TLS_ECDHE_RSA_WITH_AES_256_GCM_SHA384',
    peerChain: () => [],
    ms: 4,
  };
  const fail = (
    stage: 'tcp' | 'tls',
    reason: 'refused' | 'timeout' | 'no_common_protocol' | 'closed' | 'alert',
  ) => ({
    ok: false as const,
    stage,
    reason,
    message: `m-${reason}`,
    code: 'E',
    ms: 1,
  });
  it.each([
    [{ modern: success }, ['tls.ok']],
    [{ modern: fail('tcp', 'refused') }, ['tcp.unreachable']],
    [{ modern: fail('tcp', 'timeout') }, ['tcp.unreachable']],
    [
      { modern: fail('tls', 'no_common_protocol'), legacy: { ...success, protocol: 'TLSv1' } },
      ['tls.legacy_protocol'],
    ],
    [{ modern: fail('tls', 'alert'), legacy: { ...success, protocol: 'TLSv1.1' } }, ['tls.legacy_protocol']],
    [
      { modern: fail('tls', 'no_common_protocol'), legacy: fail('tls', 'no_common_protocol') },
      ['tls.handshake_failed'],
    ],
    [{ modern: fail('tls', 'timeout') }, ['tls.handshake_failed']],
  ])('%#', (attempts, expected) => {
    expect(analyzeTls(attempts).findings.map((f) => f.code)).toEqual(expected);
  });

  it('prefers the legacy attempt’s reason when the first only saw a closed connection', () => {
    const [finding] = analyzeTls({
      modern: fail('tls', 'closed'),
      legacy: fail('tls', 'no_common_protocol'),
    }).findings;
    expect(finding?.evidence).toMatchObject({ reason: 'no_common_protocol' });
  });
});

describe('reading the certificate list from the server’s handshake bytes', () => {
  const record = (type: number, body: Buffer): Buffer =>
    Buffer.concat([Buffer.from([type, 3, 3, body.length >> 8, body.length & 255]), body]);
  const handshake = (type: number, body: Buffer): Buffer =>
    Buffer.concat([
      Buffer.from([type, body.length >> 16, (body.length >> 8) & 255, body.length & 255]),
      body,
    ]);
  const u24 = (n: number): Buffer => Buffer.from([n >> 16, (n >> 8) & 255, n & 255]);
  const certList = (certs: Buffer[]): Buffer => {
    const entries = Buffer.concat(certs.map((c) => Buffer.concat([u24(c.length), c])));
    return Buffer.concat([u24(entries.length), entries]);
  };

  it('finds the list across record and chunk boundaries', () => {
    const certs = [Buffer.from('leaf-der'), Buffer.from('intermediate-der')];
    const messages = Buffer.concat([
      handshake(2, Buffer.alloc(40)),
      handshake(11, certList(certs)),
      handshake(14, Buffer.alloc(0)),
    ]);
    const bytes = Buffer.concat([record(22, messages.subarray(0, 50)), record(22, messages.subarray(50))]);
    const reader = new ServerHandshakeReader();
    for (let i = 0; i < bytes.length; i += 7) reader.push(bytes.subarray(i, i + 7));
    expect(reader.capture).toEqual({ state: 'found', certificates: certs });
  });

  it('gives up once encryption starts (TLS 1.3) or on non-TLS bytes', () => {
    const tls13 = new ServerHandshakeReader();
    tls13.push(
      Buffer.concat([
        record(22, handshake(2, Buffer.alloc(40))),
        record(20, Buffer.from([1])),
        record(23, Buffer.alloc(30)),
      ]),
    );
    expect(tls13.capture).toEqual({ state: 'unavailable' });
    const http = new ServerHandshakeReader();
    http.push(Buffer.from('HTTP/1.1 400 Bad Request\r\n\r\n'));
    expect(http.capture).toEqual({ state: 'unavailable' });
    expect(http.firstBytes.toString('latin1', 0, 5)).toBe('HTTP/');
  });

  it('tolerates a truncated list', () => {
    expect(parseCertificateList(Buffer.from([0, 0, 10, 0, 0, 20, 1, 2]))).toEqual([]);
    expect(parseCertificateList(Buffer.alloc(1))).toEqual([]);
  });
});
