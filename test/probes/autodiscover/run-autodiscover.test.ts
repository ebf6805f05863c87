import { parseAutodiscoverTarget } from '../../../src/core/mailbox';
import { createTargetPolicy, parseRuleList } from '../../../src/core/target-policy';
import { runAutodiscover } from '../../../src/probes/autodiscover/run-autodiscover';
import { FINDINGS } from '../../../src/findings/catalog';
import { requestBody } from '../../../src/probes/autodiscover/candidates';
import { parseAutodiscoverResponse } from '../../../src/probes/autodiscover/parse-response';
import { pinnedRequest } from '../../../src/probes/http/pinned-request';
import { pingHeaders } from '../../../src/probes/mapi/probe-mapi';
import { signedRequest } from '../../../src/probes/autodiscover/signed-request';
import { startAutodiscoverEmulator } from '../../fixtures/autodiscover-emulator';
import { startIisEmulator } from '../../fixtures/iis-emulator';
import { type HttpEmulator, startMapiEmulator } from '../../fixtures/mapi-emulator';
import { createPki, type Pki } from '../../fixtures/pki';
import { certificateDer } from '../../fixtures/ntlm-server';
import { LAB } from '../../fixtures/rpch-emulator';
import { adOptions, autodiscover, ownCodes, pin } from './harness';

let pki: Pki;
let contoso: { key: string; cert: string };
const servers: { close(): Promise<void> }[] = [];
const produced = new Set<string>();
const users = { [LAB.user]: LAB.password };
const credentials = {
  user: LAB.user,
  password: LAB.password,
  targets: parseRuleList('contoso.com,*.contoso.com', 'RPCCHECK_PROBE_TARGETS'),
};

async function track<T extends { close(): Promise<void> }>(server: Promise<T>): Promise<T> {
  const started = await server;
  servers.push(started);
  return started;
}

const record = (codes: string[]): string[] => {
  for (const code of codes) produced.add(code);
  return codes;
};

const authHeaders = (server: HttpEmulator): unknown[] =>
  server.requests.map((r) => r.headers.authorization).filter((a) => a !== undefined);

beforeAll(() => {
  pki = createPki();
  const leaf = pki.issueLeaf({
    names: ['contoso.com', 'autodiscover.contoso.com', 'mail.contoso.com', 'mapi.contoso.com'],
  });
  contoso = { key: leaf.keyPem, cert: leaf.certPem + pki.intermediate.certPem };
});
afterAll(async () => {
  await Promise.all(servers.map((s) => s.close()));
  // Done when every code of spec §9 is produced against an emulator.
  const section9 = Object.keys(FINDINGS).filter(
    (c) => c.startsWith('autodiscover.') || c.startsWith('mapi.'),
  );
  expect(section9.filter((code) => !produced.has(code))).toEqual([]);
});

describe('the candidate walk without an account', () => {
  it('a healthy front end: root skipped, autodiscover.<domain> answers 401 per method, MAPI checked on that host', async () => {
    const root = await track(startAutodiscoverEmulator(contoso, { answer: 'html' }));
    const ad = await track(
      startAutodiscoverEmulator(contoso, {
        answer: 'exchange',
        mapi: { healthcheck: 'EX01.contoso.local' },
      }),
    );
    const report = await autodiscover(
      'alice@contoso.com',
      adOptions(pki, [pin('contoso.com', root.port), pin('autodiscover.contoso.com', ad.port)]),
    );
    expect(record(ownCodes(report))).toEqual([
      'autodiscover.root_domain_skipped',
      'autodiscover.ok',
      'mapi.healthy',
    ]);
    expect(report.verdict).toBe('ok');
    expect(report.target).toMatchObject({ host: 'contoso.com', email: 'alice@contoso.com' });
    expect(report.autodiscover?.candidates.map((c) => [c.method, c.outcome])).toEqual([
      ['root', 'not_autodiscover'],
      ['autodiscover', 'autodiscover'],
      ['http-redirect', 'unreachable'],
      ['srv', 'no_record'],
    ]);
    expect(report.autodiscover?.endpoint).toEqual({
      url: 'https://autodiscover.contoso.com/autodiscover/autodiscover.xml',
      method: 'autodiscover',
      authMethods: ['Basic', 'Negotiate', 'NTLM'],
      server: 'EX01',
    });
    expect(report.mapi).toMatchObject({
      source: 'autodiscover-host',
      healthcheck: { status: 200, server: 'EX01.contoso.local' },
      unauthenticated: { status: 401, authMethods: ['Negotiate', 'NTLM'] },
    });
    expect(report.notes?.[0]).toMatch(/Without a test account/);
    const post = ad.requests.find((r) => r.method === 'POST' && r.path.startsWith('/autodiscover'));
    expect(post?.headers['x-mapihttpcapability']).toBe('1');
    expect(post?.headers['x-clientcanhandle']).toBeUndefined();
    expect(post?.headers['content-type']).toMatch(/^text\/xml/);
    expect(post?.body).toContain('<EMailAddress>alice@contoso.com</EMailAddress>');
    const ping = ad.requests.find((r) => r.path.startsWith('/mapi/emsmdb/'));
    expect(ping?.headers['x-requesttype']).toBe('PING');
    expect(ping?.path).toMatch(/MailboxId=[0-9a-f-]{36}@contoso\.com$/);
  });

  it('the port-80 redirect is followed to https only, credentials never go over http; NTLM reads the settings', async () => {
    const plain = await track(
      startAutodiscoverEmulator(undefined, {
        answer: 'location',
        location: 'https://mail.contoso.com/autodiscover/autodiscover.xml',
      }),
    );
    // Exchange 2016+ as shipped: Negotiate and NTLM only, Extended Protection on.
    const mail = await track(
      startAutodiscoverEmulator(contoso, {
        answer: 'exchange',
        methods: ['Negotiate', 'NTLM'],
        users,
        ntlm: { names: LAB.ntlm, bindingCertificate: certificateDer(contoso.cert) },
        settings: { mapiHost: 'mail.contoso.com' },
      }),
    );
    const report = await autodiscover(
      'alice@contoso.com',
      adOptions(pki, [pin('autodiscover.contoso.com', plain.port, 80), pin('mail.contoso.com', mail.port)], {
        credentials,
      }),
    );
    expect(record(ownCodes(report))).toEqual(
      expect.arrayContaining(['autodiscover.ok', 'autodiscover.http_redirect']),
    );
    expect(report.autodiscover?.endpoint?.method).toBe('http-redirect');
    expect(report.autodiscover?.signIn).toBe('NTLM');
    expect(report.autodiscover?.settings?.mapiHttp).toBeDefined();
    expect(plain.requests.map((r) => r.method)).toEqual(['GET']);
    expect(authHeaders(plain)).toEqual([]);
    expect(authHeaders(mail).length).toBeGreaterThan(0);
    expect(authHeaders(mail).every((a) => /^NTLM /.test(String(a)))).toBe(true);
  });

  it('a server offering no method rpccheck can use gets no credentials', async () => {
    const ad = await track(
      startAutodiscoverEmulator(contoso, { answer: 'exchange', methods: ['Bearer'], users }),
    );
    const report = await autodiscover(
      'alice@contoso.com',
      adOptions(pki, [pin('autodiscover.contoso.com', ad.port)], { credentials }),
    );
    expect(record(ownCodes(report))).toContain('autodiscover.settings_skipped');
    expect(report.findings.find((f) => f.code === 'autodiscover.settings_skipped')?.detail).toMatch(
      /offers Bearer; rpccheck signs in with Basic, NTLM, Negotiate only/,
    );
    expect(authHeaders(ad)).toEqual([]);
  });

  it('a redirect to plain http is not followed', async () => {
    const ad = await track(
      startAutodiscoverEmulator(contoso, {
        answer: 'location',
        location: 'http://mail.contoso.com/autodiscover/autodiscover.xml',
      }),
    );
    const report = await autodiscover(
      'contoso.com',
      adOptions(pki, [pin('autodiscover.contoso.com', ad.port)]),
    );
    expect(record(ownCodes(report))).toContain('autodiscover.unreachable');
    expect(report.autodiscover?.candidates[1]?.detail).toMatch(/not https/);
  });

  it('SRV: the lowest priority record, through the target policy', async () => {
    const mail = await track(startAutodiscoverEmulator(contoso, { answer: 'exchange' }));
    const report = await autodiscover(
      'contoso.com',
      adOptions(pki, [pin('mail.contoso.com', mail.port)], {
        resolveSrv: () =>
          Promise.resolve([
            { name: 'backup.contoso.com', port: 443, priority: 10, weight: 100 },
            { name: 'mail.contoso.com', port: 443, priority: 0, weight: 0 },
          ]),
      }),
    );
    expect(report.autodiscover?.endpoint).toMatchObject({
      method: 'srv',
      url: 'https://mail.contoso.com/autodiscover/autodiscover.xml',
    });
    expect(report.autodiscover?.candidates.at(-1)).toMatchObject({ method: 'srv', outcome: 'autodiscover' });
  });

  it('an SRV record to a refused address is refused by the target policy', async () => {
    const report = await autodiscover(
      'contoso.com',
      adOptions(pki, [{ host: 'meta.contoso.com', address: '169.254.169.254' }], {
        resolveSrv: () => Promise.resolve([{ name: 'meta.contoso.com', port: 443, priority: 0, weight: 0 }]),
      }),
    );
    expect(report.autodiscover?.candidates.at(-1)).toMatchObject({ outcome: 'refused' });
    expect(record(ownCodes(report))).toContain('autodiscover.unreachable');
  });

  it('a domain the policy refuses everywhere is a refusal, with nothing sent', async () => {
    const ad = await track(startAutodiscoverEmulator(contoso, { answer: 'exchange' }));
    const parsed = parseAutodiscoverTarget('alice@contoso.com');
    if (!parsed.ok) throw new Error(parsed.reason);
    const outcome = await runAutodiscover(
      parsed.target,
      adOptions(pki, [pin('autodiscover.contoso.com', ad.port), pin('contoso.com', ad.port)], {
        policy: createTargetPolicy({
          allowTargets: '127.0.0.0/8',
          allowedPorts: '1-65535',
          denyTargets: 'contoso.com,*.contoso.com',
        }),
      }),
    );
    expect(outcome).toEqual({ kind: 'refused', reason: expect.stringContaining('contoso.com') });
    expect(ad.requests).toEqual([]);
  });

  it('a certificate that does not name autodiscover.<domain> is critical; on the root domain it is excused', async () => {
    const wrong = pki.issueLeaf({ names: ['www.fabrikam.com'] });
    const wrongTls = { key: wrong.keyPem, cert: wrong.certPem + pki.intermediate.certPem };
    const ad = await track(startAutodiscoverEmulator(wrongTls, { answer: 'exchange' }));
    const bad = await autodiscover('contoso.com', adOptions(pki, [pin('autodiscover.contoso.com', ad.port)]));
    expect(record(ownCodes(bad))).toEqual(
      expect.arrayContaining(['autodiscover.certificate_invalid', 'autodiscover.unreachable']),
    );
    expect(bad.verdict).toBe('critical');
    const rootOnly = await autodiscover('contoso.com', adOptions(pki, [pin('contoso.com', ad.port)]));
    expect(ownCodes(rootOnly)).toContain('autodiscover.ok');
    expect(ownCodes(rootOnly)).not.toContain('autodiscover.certificate_invalid');
  });

  it('a redirect loop is detected by the seen set', async () => {
    const ad = await track(
      startAutodiscoverEmulator(contoso, {
        answer: 'location',
        location: 'https://AUTODISCOVER.contoso.com/autodiscover/autodiscover.xml',
      }),
    );
    const report = await autodiscover(
      'contoso.com',
      adOptions(pki, [pin('autodiscover.contoso.com', ad.port)]),
    );
    expect(record(ownCodes(report))).toEqual(
      expect.arrayContaining(['autodiscover.redirect_loop', 'autodiscover.unreachable']),
    );
  });

  it('hostile XML (entity expansion, a huge body, a wrong namespace) becomes a finding, not a crash', async () => {
    const bomb = `<?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY lol "lol"><!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">]><Autodiscover>&lol2;</Autodiscover>`;
    for (const [raw, reason] of [
      [bomb, /DTD/],
      [`<Autodiscover>${'A'.repeat(400 * 1024)}</Autodiscover>`, /larger than 256 KB/],
      ['<Autodiscover xmlns="urn:evil"><Response/></Autodiscover>', /namespace/],
    ] as const) {
      const ad = await track(startAutodiscoverEmulator(contoso, { answer: 'raw', raw }));
      const report = await autodiscover(
        'contoso.com',
        adOptions(pki, [pin('autodiscover.contoso.com', ad.port)]),
      );
      expect(report.autodiscover?.candidates[1]).toMatchObject({ outcome: 'invalid_xml' });
      expect(report.autodiscover?.candidates[1]?.detail).toMatch(reason);
      expect(ownCodes(report)).toContain('autodiscover.unreachable');
    }
  });
});

describe('with the test account', () => {
  it('reads the settings, checks the EXPR server (nested) and cross-checks it; MAPI PING signed in', async () => {
    const ad = await track(
      startAutodiscoverEmulator(contoso, {
        answer: 'exchange',
        users,
        settings: {
          exprServer: 'mail.contoso.com',
          authPackage: 'Ntlm',
          certPrincipalName: 'msstd:outlook.contoso.com',
          mapiHost: 'mapi.contoso.com',
        },
      }),
    );
    const rpc = await track(startIisEmulator({ mode: 'basic', tls: contoso }));
    const mapi = await track(
      startMapiEmulator(contoso, {
        healthcheck: 'EX01.contoso.local',
        methods: ['Basic', 'Negotiate', 'NTLM'],
        users,
      }),
    );
    const report = await autodiscover(
      'alice@contoso.com',
      adOptions(
        pki,
        [
          pin('autodiscover.contoso.com', ad.port),
          pin('mail.contoso.com', rpc.port),
          pin('mapi.contoso.com', mapi.port),
        ],
        { credentials },
      ),
    );
    expect(record(ownCodes(report))).toEqual(
      expect.arrayContaining([
        'autodiscover.cert_principal_mismatch',
        'autodiscover.auth_package_mismatch',
        'autodiscover.ok',
        'mapi.healthy',
        'mapi.ping_ok',
      ]),
    );
    expect(report.autodiscover?.settings?.expr).toEqual({
      server: 'mail.contoso.com',
      ssl: true,
      authPackage: 'Ntlm',
      certPrincipalName: 'msstd:outlook.contoso.com',
    });
    expect(report.outlookAnywhere?.target).toMatchObject({ host: 'mail.contoso.com', address: '127.0.0.1' });
    expect(report.outlookAnywhere?.findings.map((f) => f.code)).toContain('rpc.auth_basic_only');
    expect(report.mapi).toMatchObject({ source: 'settings', ping: { status: 200, responseCode: 0 } });
    expect(report.verdict).toBe('critical');
    const ping = mapi.requests.find((r) => r.headers.authorization !== undefined);
    expect(ping?.headers).toMatchObject({ 'x-requesttype': 'PING', 'content-type': 'application/mapi-http' });
    expect(JSON.stringify(report)).not.toContain(LAB.password);
  });

  it('no Outlook Anywhere and no mapiHttp block', async () => {
    const ad = await track(startAutodiscoverEmulator(contoso, { answer: 'exchange', users, settings: {} }));
    const report = await autodiscover(
      'alice@contoso.com',
      adOptions(pki, [pin('autodiscover.contoso.com', ad.port)], { credentials }),
    );
    expect(record(ownCodes(report))).toEqual(
      expect.arrayContaining(['autodiscover.no_outlook_anywhere', 'mapi.not_offered']),
    );
    expect(report.verdict).toBe('warning');
  });

  it('MAPI: health check down, X-ResponseCode 16, NTLM with channel binding, Extended Protection behind offloading, no usable method', async () => {
    const settings = { mapiHost: 'mapi.contoso.com' };
    const ad = await track(startAutodiscoverEmulator(contoso, { answer: 'exchange', users, settings }));
    const options = (port: number) =>
      adOptions(pki, [pin('autodiscover.contoso.com', ad.port), pin('mapi.contoso.com', port)], {
        credentials,
      });
    const down = await track(startMapiEmulator(contoso, { methods: ['Basic'], users, responseCode: 16 }));
    const report = await autodiscover('alice@contoso.com', options(down.port));
    expect(record(ownCodes(report))).toEqual(expect.arrayContaining(['mapi.healthcheck_failed']));
    const disabled = await track(
      startMapiEmulator(contoso, { healthcheck: 'EX01', methods: ['Basic'], users, responseCode: 16 }),
    );
    const failed = await autodiscover('alice@contoso.com', options(disabled.port));
    expect(record(ownCodes(failed))).toContain('mapi.ping_failed');
    expect(failed.findings.find((f) => f.code === 'mapi.ping_failed')?.title).toContain(
      '16 (Endpoint Disabled)',
    );
    // /mapi as Exchange 2016+ ships it: Negotiate and NTLM, Extended Protection.
    const ntlm = await track(
      startMapiEmulator(contoso, {
        healthcheck: 'EX01',
        users,
        ntlm: { names: LAB.ntlm, bindingCertificate: certificateDer(contoso.cert) },
      }),
    );
    const signedIn = await autodiscover('alice@contoso.com', options(ntlm.port));
    expect(record(ownCodes(signedIn))).toContain('mapi.ping_ok');
    expect(signedIn.mapi?.ping).toMatchObject({ status: 200, responseCode: 0, signIn: 'NTLM' });
    // Behind a device presenting another certificate, Extended Protection refuses the binding: 401, named.
    const other = pki.issueLeaf({ names: ['mapi.contoso.com'] });
    const offload = await track(
      startMapiEmulator(contoso, {
        healthcheck: 'EX01',
        users,
        ntlm: { names: LAB.ntlm, bindingCertificate: certificateDer(other.certPem) },
      }),
    );
    const refused = await autodiscover('alice@contoso.com', options(offload.port));
    expect(ownCodes(refused)).toContain('mapi.ping_failed');
    expect(refused.findings.find((f) => f.code === 'mapi.ping_failed')?.detail).toMatch(
      /credentials were refused/,
    );
    const bearer = await track(startMapiEmulator(contoso, { healthcheck: 'EX01', methods: ['Bearer'] }));
    const skipped = await autodiscover('alice@contoso.com', options(bearer.port));
    expect(record(ownCodes(skipped))).toContain('mapi.ping_skipped');
    expect(skipped.findings.find((f) => f.code === 'mapi.ping_skipped')?.detail).toMatch(/offers Bearer/);
    expect(authHeaders(bearer)).toEqual([]);
  });

  it('an <Error> answer, and wrong credentials', async () => {
    const ad = await track(startAutodiscoverEmulator(contoso, { answer: 'error', users }));
    const report = await autodiscover(
      'nobody@contoso.com',
      adOptions(pki, [pin('autodiscover.contoso.com', ad.port)], { credentials }),
    );
    expect(record(ownCodes(report))).toContain('autodiscover.error_response');
    expect(report.findings[0]?.title).toContain("500: The email address can't be found.");
    const rejected = await autodiscover(
      'alice@contoso.com',
      adOptions(pki, [pin('autodiscover.contoso.com', ad.port)], {
        credentials: { ...credentials, password: 'wrong' },
      }),
    );
    expect(record(ownCodes(rejected))).toContain('autodiscover.credentials_rejected');
  });

  it('redirectAddr: another domain is shown, not followed; the same address again and again is a loop', async () => {
    const wrongTenant = await track(
      startAutodiscoverEmulator(contoso, {
        answer: 'redirect-addr',
        users,
        redirectAddr: 'alice@fabrikam.com',
      }),
    );
    const report = await autodiscover(
      'alice@contoso.com',
      adOptions(pki, [pin('autodiscover.contoso.com', wrongTenant.port)], { credentials }),
    );
    const skipped = report.findings.find((f) => f.code === 'autodiscover.settings_skipped');
    expect(skipped).toMatchObject({
      kb: 'autodiscover-redirect-addr',
      evidence: { redirectAddr: 'alice@fabrikam.com' },
    });
    const hybrid = await track(
      startAutodiscoverEmulator(contoso, {
        answer: 'redirect-addr',
        users,
        redirectAddr: 'alice@contoso.mail.onmicrosoft.com',
      }),
    );
    const cloud = await autodiscover(
      'alice@contoso.com',
      adOptions(pki, [pin('autodiscover.contoso.com', hybrid.port)], { credentials }),
    );
    expect(cloud.findings.find((f) => f.code === 'autodiscover.settings_skipped')?.detail).toContain(
      'Exchange Online, as hybrid expects',
    );
    const self = await track(
      startAutodiscoverEmulator(contoso, {
        answer: 'redirect-addr',
        users,
        redirectAddr: 'alice@contoso.com',
      }),
    );
    const loop = await autodiscover(
      'alice@contoso.com',
      adOptions(pki, [pin('autodiscover.contoso.com', self.port)], { credentials }),
    );
    expect(ownCodes(loop)).toContain('autodiscover.redirect_loop');
    expect(self.requests.filter((r) => r.headers.authorization !== undefined).length).toBeLessThanOrEqual(11);
  });

  it('a signed-in request is not written when the server shows another certificate than the one judged', async () => {
    const ad = await track(startAutodiscoverEmulator(contoso, { answer: 'exchange', users }));
    const result = await signedRequest(
      {
        host: 'autodiscover.contoso.com',
        address: '127.0.0.1',
        port: ad.port,
        method: 'POST',
        path: '/autodiscover/autodiscover.xml',
        headers: {},
        body: '',
        timeoutMs: 3000,
        maxBodyBytes: 1024,
        certificateSha256: 'AA:BB',
      },
      credentials,
      'Basic',
    );
    expect(result).toMatchObject({ ok: false, message: expect.stringContaining('different certificate') });
    expect(ad.requests).toEqual([]);
  });

  it('redirectUrl is followed to a listed host, and the password never goes to a host outside the list', async () => {
    const mail = await track(startAutodiscoverEmulator(contoso, { answer: 'exchange', users, settings: {} }));
    const evil = pki.issueLeaf({ names: ['autodiscover.fabrikam.net'] });
    const outside = await track(
      startAutodiscoverEmulator(
        { key: evil.keyPem, cert: evil.certPem + pki.intermediate.certPem },
        { answer: 'exchange', users },
      ),
    );
    const toMail = await track(
      startAutodiscoverEmulator(contoso, {
        answer: 'redirect-url',
        users,
        redirectUrl: 'https://mail.contoso.com/autodiscover/autodiscover.xml',
      }),
    );
    const followed = await autodiscover(
      'alice@contoso.com',
      adOptions(pki, [pin('autodiscover.contoso.com', toMail.port), pin('mail.contoso.com', mail.port)], {
        credentials,
      }),
    );
    expect(followed.autodiscover?.settings).toBeDefined();
    expect(followed.autodiscover?.candidates.at(-1)).toMatchObject({
      method: 'redirect',
      outcome: 'autodiscover',
    });
    const toEvil = await track(
      startAutodiscoverEmulator(contoso, {
        answer: 'redirect-url',
        users,
        redirectUrl: 'https://autodiscover.fabrikam.net/autodiscover/autodiscover.xml',
      }),
    );
    // --user without RPCCHECK_PROBE_TARGETS: the named domain and its subdomains only.
    const refused = await autodiscover(
      'alice@contoso.com',
      adOptions(
        pki,
        [pin('autodiscover.contoso.com', toEvil.port), pin('autodiscover.fabrikam.net', outside.port)],
        {
          credentials: { user: LAB.user, password: LAB.password },
        },
      ),
    );
    expect(ownCodes(refused)).toContain('autodiscover.settings_skipped');
    expect(refused.findings.find((f) => f.code === 'autodiscover.settings_skipped')?.detail).toContain(
      'RPCCHECK_PROBE_TARGETS',
    );
    expect(authHeaders(outside)).toEqual([]);
  });
});

describe('the emulators check what the client sends', () => {
  const post = (port: number, headers: Record<string, string>, body = '') =>
    pinnedRequest({
      host: 'autodiscover.contoso.com',
      address: '127.0.0.1',
      port,
      secure: true,
      method: 'POST',
      path: '/autodiscover/autodiscover.xml',
      headers: {
        authorization: `Basic ${Buffer.from(`${LAB.user}:${LAB.password}`).toString('base64')}`,
        ...headers,
      },
      body,
      timeoutMs: 3000,
    });

  it('Exchange leaves the mapiHttp block out without X-MapiHttpCapability: 1, and answers 600 to https namespaces', async () => {
    const ad = await track(
      startAutodiscoverEmulator(contoso, {
        answer: 'exchange',
        users,
        settings: { mapiHost: 'mail.contoso.com' },
      }),
    );
    const body = requestBody('alice@contoso.com');
    const without = await post(ad.port, { 'content-type': 'text/xml' }, body);
    const withHeader = await post(ad.port, { 'content-type': 'text/xml', 'x-mapihttpcapability': '1' }, body);
    const https = await post(ad.port, { 'content-type': 'text/xml' }, body.replace(/http:\/\//g, 'https://'));
    expect(without.ok && without.body).not.toContain('mapiHttp');
    expect(withHeader.ok && withHeader.body).toContain('<Protocol Type="mapiHttp" Version="1">');
    expect(https.ok && parseAutodiscoverResponse(https.body)).toEqual({
      kind: 'error',
      code: '600',
      message: 'Invalid Request',
    });
  });

  it('a MAPI PING without its headers gets X-ResponseCode 7, one without ?MailboxId= a 400', async () => {
    const mapi = await track(startMapiEmulator(contoso, { healthcheck: 'EX01', methods: ['Basic'], users }));
    const ping = (path: string, headers: Record<string, string>) =>
      pinnedRequest({
        host: 'mail.contoso.com',
        address: '127.0.0.1',
        port: mapi.port,
        secure: true,
        method: 'POST',
        path,
        headers: {
          authorization: `Basic ${Buffer.from(`${LAB.user}:${LAB.password}`).toString('base64')}`,
          ...headers,
        },
        body: '',
        timeoutMs: 3000,
      });
    const bare = await ping('/mapi/emsmdb/?MailboxId=x@contoso.com', {
      'content-type': 'application/mapi-http',
    });
    expect(bare.ok && bare.headers['x-responsecode']).toEqual(['7']);
    const full = await ping('/mapi/emsmdb/?MailboxId=x@contoso.com', pingHeaders());
    expect(full.ok && full.headers['x-responsecode']).toEqual(['0']);
    const noMailbox = await ping('/mapi/emsmdb/', pingHeaders());
    expect(noMailbox.ok && [noMailbox.status, noMailbox.headers['x-responsecode']]).toEqual([400, undefined]);
  });
});
