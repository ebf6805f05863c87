import type { Finding } from '../../core/report';
import { finding } from '../../findings/catalog';

/** Pure judgement of the MAPI over HTTP probes (MS-OXCMAPIHTTP; spec §9). */

/** X-ResponseCode names, MS-OXCMAPIHTTP 2.2.3.3.3 (14-18 second-hand, see autodiscover-mapi.md §2.4). */
export const MAPI_RESPONSE_CODES: Readonly<Record<number, string>> = {
  0: 'Success',
  1: 'Unknown Failure',
  2: 'Invalid Verb',
  3: 'Invalid Path',
  4: 'Invalid Header',
  5: 'Invalid Request Type',
  6: 'Invalid Context Cookie',
  7: 'Missing Header',
  8: 'Anonymous Not Allowed',
  9: 'Too Large',
  10: 'Context Not Found',
  11: 'No Privilege',
  12: 'Invalid Request Body',
  13: 'Missing Cookie',
  14: 'Reserved',
  15: 'Invalid Sequence',
  16: 'Endpoint Disabled',
  17: 'Invalid Response',
  18: 'Endpoint Shutting Down',
};

/** The knowledge-base entry that explains a non-zero code more precisely than the catalogue's default. */
const KB_FOR_CODE: Readonly<Record<number, string>> = {
  4: 'mapi-headers-stripped',
  5: 'mapi-headers-stripped',
  7: 'mapi-headers-stripped',
  10: 'mapi-context-not-found',
};

export interface HttpSeen {
  status?: number;
  /** Network failure, when there was no answer. */
  error?: string;
  headers?: Record<string, string[]>;
  body?: string;
}

const headerOf = (seen: HttpSeen, name: string): string | undefined => seen.headers?.[name]?.[0];

export function responseCodeOf(seen: HttpSeen): number | undefined {
  const value = headerOf(seen, 'x-responsecode');
  return value !== undefined && /^\d{1,3}$/.test(value.trim()) ? Number(value.trim()) : undefined;
}

/** `200 OK<br/>EX01.contoso.com`: the server behind the load balancer, by string search, not a regex on HTML. */
export function healthcheckServer(body: string): string | undefined {
  const marker = body.toLowerCase().indexOf('<br');
  if (!body.trim().startsWith('200 OK') || marker < 0) return undefined;
  const rest = body.slice(body.indexOf('>', marker) + 1).trim();
  return rest === '' ? undefined : rest.slice(0, 255);
}

const seenText = (seen: HttpSeen): string =>
  seen.error !== undefined ? seen.error : `HTTP ${seen.status ?? '?'}`;

export function analyzeMapiHealth(input: {
  host: string;
  health: HttpSeen;
  unauthenticated: HttpSeen;
  authMethods: readonly string[];
}): Finding[] {
  const { health, unauthenticated } = input;
  if (health.status !== 200)
    return [
      finding('mapi.healthcheck_failed', {
        title: `/mapi/healthcheck.htm on ${input.host} answers ${seenText(health)}`,
        detail: `The MAPI over HTTP health check did not answer 200 (${seenText(health)}): the MAPI front end is offline (Managed Availability, maintenance), its app pool is stopped, or the load balancer has no healthy node. Outlook falls back to RPC over HTTP or fails.`,
        evidence: { host: input.host, status: health.status, error: health.error },
      }),
    ];
  const server = healthcheckServer(health.body ?? '');
  if (unauthenticated.status !== 401)
    return [
      finding('mapi.healthcheck_failed', {
        title: `The MailStore endpoint on ${input.host} does not ask for credentials (${seenText(unauthenticated)})`,
        detail: `The health check answers, but an unauthenticated PING got ${seenText(unauthenticated)} instead of 401: ${unauthenticated.status === 404 ? '/mapi is not published' : unauthenticated.status === 400 ? 'the URL lacks a valid ?MailboxId=' : 'something other than Exchange answers /mapi, or anonymous access is on'}.`,
        evidence: { host: input.host, status: unauthenticated.status, error: unauthenticated.error },
      }),
    ];
  return [
    finding('mapi.healthy', {
      title: `MAPI over HTTP answers on ${input.host}${server !== undefined ? ` (${server})` : ''}`,
      detail: `/mapi/healthcheck.htm answers 200 and the MailStore endpoint asks for credentials (${input.authMethods.join(', ') || 'no method named'}).`,
      evidence: { host: input.host, server: server ?? null, authMethods: input.authMethods },
    }),
  ];
}

export function analyzeMapiPing(url: string, seen: HttpSeen): Finding[] {
  const code = responseCodeOf(seen);
  if (seen.status === 200 && code === 0)
    return [
      finding('mapi.ping_ok', {
        title: 'The authenticated MAPI PING succeeded',
        detail: `${url} answered 200 with X-ResponseCode 0${headerOf(seen, 'x-serverapplication') !== undefined ? ` (${headerOf(seen, 'x-serverapplication')})` : ''}.`,
        evidence: { url, serverApplication: headerOf(seen, 'x-serverapplication') ?? null },
      }),
    ];
  const named =
    code !== undefined ? `X-ResponseCode ${code} (${MAPI_RESPONSE_CODES[code] ?? 'unknown'})` : undefined;
  const what =
    seen.status === 401
      ? 'the credentials were refused (401): wrong password, or a proxy in front breaks the sign-in'
      : named !== undefined
        ? named
        : seenText(seen);
  const kb = code !== undefined ? KB_FOR_CODE[code] : undefined;
  return [
    finding('mapi.ping_failed', {
      title: `The authenticated MAPI PING failed: ${named ?? seenText(seen)}`,
      detail: `${url}: ${what}.${headerOf(seen, 'x-failuredescription') !== undefined ? ` Failure: ${headerOf(seen, 'x-failuredescription')}.` : ''}`,
      ...(kb !== undefined && { kb }),
      evidence: { url, status: seen.status, responseCode: code ?? null, error: seen.error },
    }),
  ];
}
