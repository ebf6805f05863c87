import { randomUUID } from 'node:crypto';

/** Outlook's Autodiscover request and candidate list (MS-OXDSCLI, KB 3211279; autodiscover-mapi.md §1). Pure. */

export const AUTODISCOVER_PATH = '/autodiscover/autodiscover.xml';
/** Outlook stops redirecting after 10 hops (RedirectUrl element page). */
export const MAX_REDIRECTS = 10;

const REQUEST_NS = 'http://schemas.microsoft.com/exchange/autodiscover/outlook/requestschema/2006';
const RESPONSE_SCHEMA = 'http://schemas.microsoft.com/exchange/autodiscover/outlook/responseschema/2006a';

function xmlEscape(text: string): string {
  return text
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;')
    .replace(/'/g, '&apos;');
}

/** The body Outlook sends, with the http:// namespaces real clients use (Learn prints https://, wrongly). */
export function requestBody(email: string): string {
  return (
    `<?xml version="1.0" encoding="utf-8"?><Autodiscover xmlns="${REQUEST_NS}"><Request>` +
    `<EMailAddress>${xmlEscape(email)}</EMailAddress>` +
    `<AcceptableResponseSchema>${RESPONSE_SCHEMA}</AcceptableResponseSchema></Request></Autodiscover>`
  );
}

/**
 * Outlook's headers: X-MapiHttpCapability asks for the mapiHttp block; no X-ClientCanHandle, so the answer
 * is the one Outlook gets rather than the EXHTTP form other clients ask for.
 */
export const REQUEST_HEADERS: Readonly<Record<string, string>> = {
  'content-type': 'text/xml; charset=utf-8',
  'x-mapihttpcapability': '1',
  'user-agent': 'rpccheck (Microsoft Outlook 16.0 compatible)',
};

/** A domain-only probe still needs an address in the body; Exchange answers 401 before reading it. */
export function probeAddress(domain: string): string {
  return `rpccheck-probe-${randomUUID().slice(0, 8)}@${domain}`;
}

export function rootCandidate(domain: string): string {
  return `https://${domain}${AUTODISCOVER_PATH}`;
}

export function autodiscoverCandidate(domain: string): string {
  return `https://autodiscover.${domain}${AUTODISCOVER_PATH}`;
}

export function httpRedirectCandidate(domain: string): string {
  return `http://autodiscover.${domain}${AUTODISCOVER_PATH}`;
}

export const srvName = (domain: string): string => `_autodiscover._tcp.${domain}`;

export interface SrvRecord {
  name: string;
  port: number;
  priority: number;
  weight: number;
}

/**
 * RFC 2782: the lowest priority first, then the highest weight (exchangelib takes the highest priority,
 * which is wrong). Outlook uses only records that lead to https, so port 80 records are skipped.
 */
export function chooseSrv(records: readonly SrvRecord[]): SrvRecord | undefined {
  return [...records]
    .filter((record) => record.port !== 80 && record.name !== '' && record.name !== '.')
    .sort((a, b) => a.priority - b.priority || b.weight - a.weight)[0];
}

/** Where a redirect points, if Outlook would follow it: https only, resolved against the current URL. */
export function redirectTarget(location: string, base: string): { url: string } | { reason: string } {
  let url: URL;
  try {
    url = new URL(location, base);
  } catch {
    return { reason: `the redirect target "${location.slice(0, 200)}" is not a URL` };
  }
  if (url.protocol !== 'https:')
    return {
      reason: `redirects to ${url.protocol}//${url.host}, which is not https: Outlook does not follow it`,
    };
  if (url.username !== '' || url.password !== '') return { reason: 'the redirect target carries user info' };
  return { url: url.href };
}

/** URLs are not case-sensitive for Autodiscover (MS-OXDISCO ABNF), so a loop is spotted in any case. */
export const seenKey = (url: string): string => url.toLowerCase();
