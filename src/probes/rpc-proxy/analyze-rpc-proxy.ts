import type { Finding, Report } from '../../core/report';
import { finding } from '../../findings/catalog';
import type { HttpObservation } from '../http/pinned-request';
import { header } from '../http/pinned-request';
import { authMethods, isIntegrated, isUsable } from './auth-methods';
import { parseRpcError } from './rpc-status';

export const RPC_PROXY_PATH = '/rpc/rpcproxy.dll';

type Observed = Extract<HttpObservation, { ok: true }>;

function summary(url: string, response: Observed, methods: string[]): NonNullable<Report['rpcProxy']> {
  const server = header(response, 'server');
  return { url, status: response.status, authMethods: methods, ...(server !== undefined && { server }) };
}

const statusLine = (response: Observed): string => `${response.status} ${response.statusText}`.trim();

const SHOWN_HEADERS = ['server', 'www-authenticate', 'content-type', 'location', 'allow', 'x-powered-by'];

function exchangeEvidence(response: Observed): Record<string, unknown> {
  const headers: Record<string, string[]> = {};
  for (const name of SHOWN_HEADERS) {
    const values = response.headers[name];
    if (values !== undefined) headers[name] = values;
  }
  return { status: response.status, statusText: response.statusText, headers, ms: response.ms };
}

function reachable(detail: string, kb?: string): Finding {
  return finding('rpc.proxy_reachable', {
    title: 'The RPC proxy answers on /rpc/rpcproxy.dll',
    detail,
    ...(kb !== undefined && { kb }),
  });
}

function unexpected(response: Observed, what: string): Finding {
  const server = header(response, 'server');
  const location = header(response, 'location');
  return finding('rpc.unexpected_response', {
    title: `Unexpected answer from /rpc/rpcproxy.dll: ${statusLine(response)}`,
    detail: `${what}${server !== undefined ? ` Server: ${server}.` : ''}${location !== undefined ? ` Location: ${location}.` : ''}`,
    evidence: {
      status: response.status,
      statusText: response.statusText,
      server: server ?? null,
      location: location ?? null,
    },
  });
}

function fromUnauthorized(response: Observed, methods: string[]): Finding[] {
  const usable = methods.filter(isUsable);
  if (usable.length === 0) {
    if (/401\.3/.test(response.body))
      return [
        reachable(
          '401.3 (access denied by an ACL): IIS, the certificate and the /rpc virtual directory work.',
          'iis-401-3-is-healthy',
        ),
      ];
    const offloading = /Anonymous requests or requests on unsecure channel are not allowed/i.test(
      `${response.statusText} ${response.body}`,
    );
    return [
      finding('rpc.auth_none', {
        title: '401 without a usable authentication method',
        detail: offloading
          ? `The proxy says "Anonymous requests or requests on unsecure channel are not allowed": SSL is terminated in front of it without AllowAnonymous / SSL offloading configured.`
          : `The proxy answered ${statusLine(response)} but offered ${methods.length > 0 ? methods.join(', ') : 'no WWW-Authenticate method'}: Outlook cannot log on.`,
        ...(offloading && {
          nextSteps: [
            'Bridge SSL to the front end, or configure SSL offloading (`Set-OutlookAnywhere -SSLOffloading $true`).',
          ],
        }),
        evidence: { methods },
      }),
    ];
  }
  const found: Finding[] = [reachable(`401 challenge offering ${methods.join(', ')}.`)];
  if (usable.some(isIntegrated)) {
    found.push(
      finding('rpc.auth_integrated', {
        title: `Integrated authentication offered: ${methods.join(', ')}`,
        detail: `IIS offers ${methods.join(', ')} on /rpc. Clients pick Negotiate/NTLM first, which breaks through HTTP proxies and firewalls: users are asked for their password again and again.`,
        evidence: { methods },
      }),
    );
  } else {
    found.push(
      finding('rpc.auth_basic_only', {
        title: 'Basic authentication only',
        detail: `IIS offers only Basic on /rpc over TLS, which works through any HTTP proxy.`,
        evidence: { methods },
      }),
    );
  }
  return found;
}

/** The unauthenticated RPC_IN_DATA echo to /rpc/rpcproxy.dll → findings (spec §4 rpc.*). Pure. */
export function analyzeRpcProxy(
  url: string,
  response: HttpObservation,
): { findings: Finding[]; rpcProxy?: NonNullable<Report['rpcProxy']> } {
  if (!response.ok) {
    return {
      findings: [
        finding('rpc.unexpected_response', {
          title: 'No HTTP answer from /rpc/rpcproxy.dll',
          detail: `The TLS connection worked but the HTTP request failed: ${response.message}.`,
          evidence: { code: response.code },
        }),
      ],
    };
  }
  const methods = authMethods(response.headers['www-authenticate'] ?? []);
  const result = (
    findings: Finding[],
  ): { findings: Finding[]; rpcProxy: NonNullable<Report['rpcProxy']> } => ({
    // What was seen travels with each finding, so a details view can show the exchange without re-running it.
    findings: findings.map((f) => ({
      ...f,
      evidence: { ...f.evidence, response: exchangeEvidence(response) },
    })),
    rpcProxy: summary(url, response, methods),
  });
  const contentType = header(response, 'content-type') ?? '';
  const status = response.status;

  if (status === 401) return result(fromUnauthorized(response, methods));
  if (status === 403 && /403\.2/.test(response.body))
    return result([
      reachable(
        '403.2 (read access denied): on Windows 2003 before SP1 this means IIS, the certificate and /rpc work.',
        'iis-403-2-is-healthy',
      ),
    ]);
  if (status === 200 && (/application\/rpc/i.test(contentType) || response.body.trim() === ''))
    return result([
      finding('rpc.anonymous_access', {
        title: 'The RPC proxy answers without asking for credentials',
        detail: `An unauthenticated RPC_IN_DATA request was answered ${statusLine(response)}${contentType ? ` (${contentType})` : ''}: anonymous access is enabled on /rpc, or AllowAnonymous is set.`,
        evidence: { contentType },
      }),
    ]);
  if (status === 404)
    return result([
      finding('rpc.proxy_missing', {
        title: '/rpc/rpcproxy.dll not found (404)',
        detail:
          'The RPC over HTTP proxy component is not installed, or the /rpc virtual directory does not exist on this web site.',
      }),
    ]);
  if (status === 405)
    return result([
      finding('rpc.methods_blocked', {
        title: 'The RPC verbs are refused (405 Method Not Allowed)',
        detail: `Something in front of Exchange rejects RPC_IN_DATA${header(response, 'allow') !== undefined ? ` (Allow: ${header(response, 'allow')})` : ''}${header(response, 'server') !== undefined ? `; it calls itself ${header(response, 'server')}` : ''}.`,
        evidence: { allow: header(response, 'allow') ?? null, server: header(response, 'server') ?? null },
      }),
    ]);
  if (status >= 500) {
    const rpcError = parseRpcError(response.statusText);
    return result([
      finding('rpc.proxy_error', {
        title: `The RPC proxy fails: ${statusLine(response)}`,
        detail: rpcError
          ? `rpcproxy answered RPC error 0x${rpcError.hex} (${rpcError.code}) — ${rpcError.meaning}.`
          : `The server answered ${statusLine(response)}: RPCProxy.dll failed to load (Event ID 2, ValidPorts) or the back end is unreachable.`,
        evidence: { status, statusText: response.statusText, ...(rpcError && { rpcError }) },
      }),
    ]);
  }
  if (status >= 300 && status < 400)
    return result([
      unexpected(
        response,
        'The server redirects instead of answering as the RPC proxy; redirects are not followed.',
      ),
    ]);
  return result([
    unexpected(
      response,
      `This is not how the RPC proxy answers${/text\/html/i.test(contentType) ? ' (an HTML page from something else)' : ''}.`,
    ),
  ]);
}

/** The request rpccheck sends: an unauthenticated echo, with the headers Outlook's RPC client sends. */
export const RPC_ECHO_HEADERS: Record<string, string> = {
  accept: 'application/rpc',
  'user-agent': 'MSRPC',
  'cache-control': 'no-cache',
  pragma: 'No-cache',
};
