import { randomUUID } from 'node:crypto';
import type { ProbeCredentials } from '../../config';
import type { Finding, MapiSummary } from '../../core/report';
import { finding } from '../../findings/catalog';
import type { AutodiscoverOptions } from '../autodiscover/autodiscover-types';
import { openEndpoint } from '../autodiscover/endpoint';
import { accountGate, chooseSignIn } from '../autodiscover/sign-in';
import { type HttpObservation, pinnedRequest } from '../http/pinned-request';
import { authMethods } from '../rpc-proxy/auth-methods';
import {
  analyzeMapiHealth,
  analyzeMapiPing,
  healthcheckServer,
  type HttpSeen,
  responseCodeOf,
} from './analyze-mapi';

/**
 * MAPI over HTTP (spec §9): GET /mapi/healthcheck.htm, an unauthenticated PING to the MailStore URL (401
 * expected), and with the account the same PING signed in. Never throws.
 */

/** PING headers of MS-OXCMAPIHTTP 2.2.2.1: one GUID per client, one per session, counters from 1. */
export function pingHeaders(): Record<string, string> {
  const guid = (): string => `{${randomUUID().toUpperCase()}}`;
  return {
    'content-type': 'application/mapi-http',
    accept: 'application/mapi-http',
    'x-requesttype': 'PING',
    'x-requestid': `${guid()}:1`,
    'x-clientinfo': `${guid()}:1`,
    'x-clientapplication': 'Outlook/16.0.17928.20114',
    'user-agent': 'rpccheck (MapiHttpClient compatible)',
  };
}

/** Without settings the PING goes to the host that answered Autodiscover, with any GUID as the mailbox. */
export function fallbackMailStoreUrl(host: string, domain: string): string {
  return `https://${host}/mapi/emsmdb/?MailboxId=${randomUUID()}@${domain}`;
}

const seen = (response: HttpObservation): HttpSeen =>
  response.ok
    ? { status: response.status, headers: response.headers, body: response.body }
    : { error: `${response.code}: ${response.message}` };

const describe = (s: HttpSeen): string => (s.error !== undefined ? s.error : `HTTP ${s.status ?? '?'}`);

export interface MapiProbeResult {
  findings: Finding[];
  summary?: MapiSummary;
  note?: string;
}

export async function probeMapi(input: {
  url: string;
  source: MapiSummary['source'];
  options: AutodiscoverOptions;
  credentials?: ProbeCredentials;
}): Promise<MapiProbeResult> {
  const { options } = input;
  const endpoint = await openEndpoint(input.url, options);
  if (endpoint.kind === 'refused')
    return { findings: [], note: `MAPI over HTTP not checked: ${endpoint.reason}` };
  if (endpoint.kind === 'unreachable' || !endpoint.tlsEstablished) {
    const detail = endpoint.kind === 'unreachable' ? endpoint.detail : (endpoint.tlsDetail ?? 'no TLS');
    return {
      findings: analyzeMapiHealth({
        host: endpoint.kind === 'ready' ? endpoint.host : new URL(input.url).hostname,
        health: { error: detail },
        unauthenticated: { error: detail },
        authMethods: [],
      }),
      summary: {
        url: input.url,
        source: input.source,
        healthcheck: { detail },
        unauthenticated: { authMethods: [], detail },
      },
    };
  }
  const base = {
    host: endpoint.host,
    address: endpoint.address,
    port: endpoint.port,
    secure: true,
    timeoutMs: options.timeoutMs,
    maxBodyBytes: 4096,
  };
  const path = `${endpoint.url.pathname}${endpoint.url.search}`;
  const [health, unauthenticated] = await Promise.all([
    pinnedRequest({ ...base, method: 'GET', path: '/mapi/healthcheck.htm' }),
    pinnedRequest({ ...base, method: 'POST', path, headers: pingHeaders(), body: '' }),
  ]);
  const healthSeen = seen(health);
  const unauthSeen = seen(unauthenticated);
  const offered = unauthenticated.ok ? authMethods(unauthenticated.headers['www-authenticate'] ?? []) : [];
  const findings = analyzeMapiHealth({
    host: endpoint.host,
    health: healthSeen,
    unauthenticated: unauthSeen,
    authMethods: offered,
  });
  const server = healthSeen.body !== undefined ? healthcheckServer(healthSeen.body) : undefined;
  const summary: MapiSummary = {
    url: input.url,
    source: input.source,
    healthcheck: {
      ...(healthSeen.status !== undefined && { status: healthSeen.status }),
      ...(server !== undefined && { server }),
      detail: describe(healthSeen),
    },
    unauthenticated: {
      ...(unauthSeen.status !== undefined && { status: unauthSeen.status }),
      authMethods: offered,
      detail: describe(unauthSeen),
    },
  };
  if (input.credentials === undefined || unauthSeen.status !== 401) return { findings, summary };

  const skipped = (short: string, reason: string): MapiProbeResult => ({
    findings: [
      ...findings,
      finding('mapi.ping_skipped', {
        title: `Authenticated MAPI PING not sent: ${short}`,
        detail: `The test account was not used on ${endpoint.host}: ${reason}.`,
        evidence: { host: endpoint.host, offered },
      }),
    ],
    summary,
  });
  const choice = chooseSignIn(offered);
  if ('short' in choice) return skipped(choice.short, choice.reason);
  const gate = accountGate({
    credentials: input.credentials,
    host: endpoint.host,
    address: endpoint.address,
    tlsEstablished: true,
    ...(endpoint.certificate !== undefined && { certificate: endpoint.certificate }),
    findings: endpoint.certificateFindings,
    method: choice.method,
  });
  if (!gate.send) return skipped(gate.short, gate.reason);
  if (endpoint.certificate === undefined)
    return skipped('no certificate', 'no certificate to pin the signed-in PING to');
  const ping = await choice.method.send(
    {
      host: endpoint.host,
      address: endpoint.address,
      port: endpoint.port,
      method: 'POST',
      path,
      headers: pingHeaders(),
      body: '',
      timeoutMs: options.timeoutMs,
      maxBodyBytes: 4096,
      certificateSha256: endpoint.certificate.fingerprintSha256,
    },
    input.credentials,
  );
  const pingSeen = seen(ping);
  const code = responseCodeOf(pingSeen);
  summary.ping = {
    ...(pingSeen.status !== undefined && { status: pingSeen.status }),
    ...(code !== undefined && { responseCode: code }),
    signIn: choice.method.scheme,
    detail: describe(pingSeen) + (code !== undefined ? `, X-ResponseCode ${code}` : ''),
  };
  return { findings: [...findings, ...analyzeMapiPing(input.url, pingSeen)], summary };
}
