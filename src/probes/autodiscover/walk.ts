import { resolveSrv as dnsResolveSrv } from 'node:dns/promises';
import type { AutodiscoverCandidate, CandidateOutcome } from '../../core/report';
import { header, type HttpObservation, pinnedRequest } from '../http/pinned-request';
import { authMethods } from '../rpc-proxy/auth-methods';
import type { AutodiscoverOptions, SrvLookup } from './autodiscover-types';
import {
  autodiscoverCandidate,
  chooseSrv,
  httpRedirectCandidate,
  MAX_REDIRECTS,
  redirectTarget,
  REQUEST_HEADERS,
  requestBody,
  rootCandidate,
  seenKey,
  srvName,
  type SrvRecord,
} from './candidates';
import { certificateProblem, type Endpoint, openEndpoint } from './endpoint';
import { type AutodiscoverAnswer, MAX_XML_BYTES, parseAutodiscoverResponse } from './parse-response';

/**
 * The unauthenticated candidate walk (spec §9): every candidate starts at once, each follows its own
 * redirects (https only, a seen set, at most 10), and the rows come back in Outlook's order. Never throws.
 */

/** A row plus what the later stages need from the hop that produced it. */
export interface WalkRow extends AutodiscoverCandidate {
  endpoint?: Extract<Endpoint, { kind: 'ready' }>;
  authMethods?: string[];
  server?: string;
  answer?: AutodiscoverAnswer;
}

export type WalkChain = WalkRow[];

type Method = AutodiscoverCandidate['method'];

const elapsed = (started: number): number => Math.round(performance.now() - started);

function row(
  url: string,
  method: Method,
  outcome: CandidateOutcome,
  started: number,
  extra: Partial<WalkRow> = {},
): WalkRow {
  return { url, method, outcome, ms: elapsed(started), ...extra };
}

/** Reads the answer as text: pinnedRequest keeps bytes as latin1, Autodiscover sends UTF-8. */
export function xmlOf(response: Extract<HttpObservation, { ok: true }>): AutodiscoverAnswer {
  if (response.truncated) return { kind: 'invalid', reason: `larger than ${MAX_XML_BYTES / 1024} KB` };
  return parseAutodiscoverResponse(Buffer.from(response.body, 'latin1').toString('utf8'));
}

const isRedirect = (status: number): boolean => [301, 302, 303, 307, 308].includes(status);

export interface HopContext {
  options: AutodiscoverOptions;
  email: string;
  seen: Set<string>;
  hops: number;
}

/** One https hop: the POST Outlook sends without credentials, and where it leads. */
export async function postHop(url: string, method: Method, context: HopContext): Promise<WalkChain> {
  const started = performance.now();
  if (context.seen.has(seenKey(url)))
    return [row(url, method, 'loop', started, { detail: 'this URL was already visited: a redirect loop' })];
  if (context.hops > MAX_REDIRECTS)
    return [row(url, method, 'loop', started, { detail: `more than ${MAX_REDIRECTS} redirects` })];
  context.seen.add(seenKey(url));
  const endpoint = await openEndpoint(url, context.options);
  if (endpoint.kind === 'refused') return [row(url, method, 'refused', started, { detail: endpoint.reason })];
  if (endpoint.kind === 'unreachable')
    return [row(url, method, 'unreachable', started, { detail: endpoint.detail })];
  if (!endpoint.tlsEstablished)
    return [row(url, method, 'unreachable', started, { endpoint, detail: endpoint.tlsDetail ?? 'no TLS' })];
  const problem = certificateProblem(endpoint);
  // Outlook suppresses certificate errors on the root domain only; elsewhere it warns and stops.
  if (problem !== undefined && method !== 'root')
    return [row(url, method, 'certificate', started, { endpoint, detail: problem })];
  const response = await pinnedRequest({
    host: endpoint.host,
    address: endpoint.address,
    port: endpoint.port,
    secure: true,
    method: 'POST',
    path: `${endpoint.url.pathname}${endpoint.url.search}`,
    headers: { ...REQUEST_HEADERS },
    body: requestBody(context.email),
    timeoutMs: context.options.timeoutMs,
    maxBodyBytes: MAX_XML_BYTES,
  });
  if (!response.ok)
    return [
      row(url, method, 'unreachable', started, { endpoint, detail: `${response.code}: ${response.message}` }),
    ];
  const base = { endpoint, status: response.status };
  const server = header(response, 'x-feserver');
  if (response.status === 401) {
    const methods = authMethods(response.headers['www-authenticate'] ?? []);
    if (methods.length === 0)
      return [
        row(url, method, 'not_autodiscover', started, {
          ...base,
          detail: '401 without any WWW-Authenticate challenge: a device in front answers, not Exchange',
        }),
      ];
    return [
      row(url, method, 'autodiscover', started, {
        ...base,
        authMethods: methods,
        ...(server !== undefined && { server }),
        detail: `asks for credentials (${methods.join(', ')})${server !== undefined ? `, X-FEServer ${server}` : ''}`,
      }),
    ];
  }
  if (isRedirect(response.status))
    return follow(url, method, header(response, 'location') ?? '', base, started, context);
  const type = header(response, 'content-type') ?? '';
  if (response.status !== 200 || !/xml/i.test(type))
    return [
      row(url, method, 'not_autodiscover', started, {
        ...base,
        detail: `HTTP ${response.status}${type !== '' ? ` ${type.split(';')[0]}` : ''}: not an Autodiscover answer`,
      }),
    ];
  const answer = xmlOf(response);
  switch (answer.kind) {
    case 'invalid':
      return [
        row(url, method, 'invalid_xml', started, {
          ...base,
          detail: `the XML was refused: ${answer.reason}`,
        }),
      ];
    case 'error':
      return [
        row(url, method, 'error_response', started, {
          ...base,
          answer,
          detail: `Error ${answer.code}: ${answer.message}`,
        }),
      ];
    case 'redirectUrl':
      return follow(url, method, answer.url, base, started, context, 'redirectUrl');
    default:
      return [
        row(url, method, 'autodiscover', started, {
          ...base,
          answer,
          authMethods: [],
          detail:
            'answered with XML without asking for credentials (a hoster or a third-party Autodiscover, not Exchange)',
        }),
      ];
  }
}

async function follow(
  url: string,
  method: Method,
  location: string,
  base: Partial<WalkRow>,
  started: number,
  context: HopContext,
  how = `${base.status ?? ''} redirect`,
): Promise<WalkChain> {
  const next = redirectTarget(location, url);
  if ('reason' in next)
    return [row(url, method, 'not_autodiscover', started, { ...base, detail: next.reason })];
  const here = row(url, method, 'redirect', started, { ...base, detail: `${how} to ${next.url}` });
  const rest = await postHop(next.url, 'redirect', { ...context, hops: context.hops + 1 });
  return [here, ...rest];
}

/** The port-80 candidate: a GET whose 301/302 to https is then POSTed; XML over http is ignored. */
async function httpRedirect(url: string, context: HopContext): Promise<WalkChain> {
  const started = performance.now();
  const endpoint = await openEndpoint(url, context.options, context.options.httpPort ?? 80);
  if (endpoint.kind === 'refused')
    return [row(url, 'http-redirect', 'refused', started, { detail: endpoint.reason })];
  if (endpoint.kind === 'unreachable')
    return [row(url, 'http-redirect', 'unreachable', started, { detail: endpoint.detail })];
  const response = await pinnedRequest({
    host: endpoint.host,
    address: endpoint.address,
    port: endpoint.port,
    secure: false,
    method: 'GET',
    path: endpoint.url.pathname,
    timeoutMs: context.options.timeoutMs,
    maxBodyBytes: 4096,
  });
  if (!response.ok)
    return [
      row(url, 'http-redirect', 'unreachable', started, { detail: `${response.code}: ${response.message}` }),
    ];
  if (response.status !== 301 && response.status !== 302)
    return [
      row(url, 'http-redirect', 'not_autodiscover', started, {
        status: response.status,
        detail: `HTTP ${response.status}, no redirect (Outlook ignores anything but a 301/302 here)`,
      }),
    ];
  return follow(
    url,
    'http-redirect',
    header(response, 'location') ?? '',
    { status: response.status },
    started,
    context,
  );
}

const systemSrv: SrvLookup = (name) => dnsResolveSrv(name);

async function srvCandidate(domain: string, context: HopContext, lookup: SrvLookup): Promise<WalkChain> {
  const started = performance.now();
  const name = srvName(domain);
  let records: SrvRecord[];
  let timer: NodeJS.Timeout | undefined;
  try {
    records = await Promise.race([
      lookup(name),
      new Promise<never>((_, reject) => {
        timer = setTimeout(
          () => reject(Object.assign(new Error('SRV lookup timed out'), { code: 'ETIMEOUT' })),
          context.options.timeoutMs,
        );
      }),
    ]);
  } catch (error) {
    const code = (error as { code?: unknown }).code;
    return [
      row(name, 'srv', 'no_record', started, {
        detail: `no SRV record (${typeof code === 'string' ? code : error instanceof Error ? error.message : 'lookup failed'})`,
      }),
    ];
  } finally {
    clearTimeout(timer);
  }
  const record = chooseSrv(records);
  if (record === undefined)
    return [row(name, 'srv', 'no_record', started, { detail: 'no SRV record leading to https' })];
  const host = record.name.replace(/\.$/, '');
  const url = `https://${host}${record.port === 443 ? '' : `:${record.port}`}/autodiscover/autodiscover.xml`;
  return postHop(url, 'srv', context);
}

/** All four candidates at once; chains come back in Outlook's order (root, autodiscover., port 80, SRV). */
export async function walkCandidates(
  domain: string,
  email: string,
  options: AutodiscoverOptions,
): Promise<WalkChain[]> {
  const context = (): HopContext => ({ options, email, seen: new Set(), hops: 0 });
  return Promise.all([
    postHop(rootCandidate(domain), 'root', context()),
    postHop(autodiscoverCandidate(domain), 'autodiscover', context()),
    httpRedirect(httpRedirectCandidate(domain), context()),
    srvCandidate(domain, context(), options.resolveSrv ?? systemSrv),
  ]);
}
