import { isIP } from 'node:net';
import { normaliseHost } from './target';

/** What `rpccheck autodiscover` walks for: a domain, and the mailbox address when one was given. */
export interface AutodiscoverTarget {
  /** What the user typed, for the report. */
  input: string;
  /** Lower-case ASCII (punycode) domain: the candidates are built from it. */
  domain: string;
  /** The address as given, domain part normalised; absent when only a domain was given. */
  email?: string;
}

/** `port`: the input named one (`alice@contoso.com:8443`), which an adapter can tell how to reach instead. */
export type AutodiscoverParse =
  { ok: true; target: AutodiscoverTarget } | { ok: false; reason: string; port?: number };

const MAX_LOCAL_PART = 64;
const MAX_ADDRESS = 254;
// RFC 5322 dot-atom characters; quoted local parts are legal but nobody has a mailbox with one. Linear: one class.
const ATOM = /^[A-Za-z0-9!#$%&'*+/=?^_`{|}~-]+$/;

const refuse = (reason: string): AutodiscoverParse => ({ ok: false, reason });

/** `contoso.com:8443` (a name, a colon, digits): a port where Autodiscover takes none. */
const WITH_PORT = /^[^:@[\]]+:(\d{1,5})$/;

function refusePort(value: string, port: string): AutodiscoverParse {
  return {
    ok: false,
    reason: `"${value}": an e-mail address or domain takes no port (Outlook asks for Autodiscover on 443)`,
    port: Number(port),
  };
}

/** Slack wraps typed addresses as `<mailto:a@b|a@b>` and domains as `<http://b|b>`. */
function unwrapSlack(text: string): string {
  if (!text.startsWith('<') || !text.endsWith('>')) return text;
  const inner = text.slice(1, -1);
  const bar = inner.indexOf('|');
  const label = bar >= 0 ? inner.slice(bar + 1) : inner;
  return label.replace(/^mailto:/i, '').replace(/^https?:\/\//i, '');
}

function parseDomain(raw: string, input: string): { domain: string } | { reason: string } {
  const host = normaliseHost(raw);
  if ('reason' in host) return host;
  if (isIP(host.host) !== 0)
    return { reason: `"${input}" names an IP address: Autodiscover needs a mail domain` };
  if (!host.host.includes('.'))
    return { reason: `"${raw}" is not a mail domain (expected something like contoso.com)` };
  return { domain: host.host };
}

/**
 * Reads `alice@contoso.com`, `contoso.com` or Slack's wrapped forms. Refusals are one line and come before any
 * packet: spaces, several `@`, an empty or over-long local part, dots at its ends or doubled, a bad domain.
 */
export function parseAutodiscoverTarget(text: string): AutodiscoverParse {
  const input = text.trim();
  const value = unwrapSlack(input).replace(/\/$/, '');
  if (value === '') return refuse('give an e-mail address (alice@contoso.com) or a domain (contoso.com)');
  if (/\s/.test(value)) return refuse('an e-mail address or domain cannot contain spaces');
  if (value.length > MAX_ADDRESS) return refuse(`longer than ${MAX_ADDRESS} characters`);
  const at = value.lastIndexOf('@');
  const withPort = WITH_PORT.exec(value.slice(at + 1));
  if (withPort?.[1] !== undefined) return refusePort(value, withPort[1]);
  if (at < 0) {
    if (/[/:?#]/.test(value)) return refuse(`"${value}" is not a domain: give contoso.com, not a URL`);
    const domain = parseDomain(value, input);
    return 'reason' in domain
      ? refuse(domain.reason)
      : { ok: true, target: { input, domain: domain.domain } };
  }
  const local = value.slice(0, at);
  if (local.includes('@')) return refuse(`"${value}" has more than one @`);
  if (local === '') return refuse(`"${value}" has nothing before the @`);
  if (local.length > MAX_LOCAL_PART)
    return refuse(`the part before the @ is longer than ${MAX_LOCAL_PART} characters`);
  const atoms = local.split('.');
  if (atoms.some((atom) => atom === ''))
    return refuse(`"${local}" has a dot at its start or end, or two in a row`);
  if (!atoms.every((atom) => ATOM.test(atom)))
    return refuse(`"${local}" contains characters an e-mail address cannot have`);
  const domain = parseDomain(value.slice(at + 1), input);
  if ('reason' in domain) return refuse(domain.reason);
  return { ok: true, target: { input, domain: domain.domain, email: `${local}@${domain.domain}` } };
}

/** The part after the @ of an address Autodiscover gave back (redirectAddr). */
export function domainOf(email: string): string {
  return email.slice(email.lastIndexOf('@') + 1);
}
