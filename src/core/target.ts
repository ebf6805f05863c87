import { isIP } from 'node:net';
import { domainToASCII } from 'node:url';

/** A host to check, as parsed from any accepted form of spec §1. */
export interface Target {
  /** What the user typed, for the report. */
  input: string;
  /** Lower-case ASCII host name (punycode) or IP literal without brackets: SNI, Host header and name checks. */
  host: string;
  port: number;
  /** The IP to connect to instead of resolving `host` (CLI --ip, chat `via`). */
  connectAddress?: string;
  /** What gave `connectAddress`, so a refusal names it rather than claiming the name resolved there. */
  connectSource?: ConnectSource;
  /** Back-end names for the authenticated RPC ping (CLI --backend, chat `backend EX01`); else from NTLM. */
  backends?: string[];
}

/** The option or chat word that pinned a target's address. */
export type ConnectSource = '--ip' | 'via' | '--connect-to';

export type TargetParse = { ok: true; target: Target } | { ok: false; reason: string };

export const DEFAULT_PORT = 443;
const MAX_NAME_LENGTH = 253;
const MAX_LABEL_LENGTH = 63;

const refuse = (reason: string): TargetParse => ({ ok: false, reason });

/** Slack turns typed URLs and domains into `<url|label>` or `<url>` before we see them. */
function slackLink(text: string): { url: string; label?: string } | undefined {
  const link = /^<([^|>]+)(?:\|([^>]*))?>$/.exec(text);
  if (!link) return undefined;
  return { url: link[1] ?? '', ...(link[2] !== undefined && { label: link[2] }) };
}

/** The link's URL: for a target, the scheme and path it carries are part of what was meant. */
function unwrapSlackLink(text: string): string {
  return slackLink(text)?.url ?? text;
}

/** What the user typed inside the link (`<http://ex01.contoso.com|EX01.contoso.com>` → the label). */
function slackLinkText(text: string): string {
  const link = slackLink(text);
  if (!link) return text;
  return link.label ?? link.url.replace(/^[a-z]+:\/\//i, '');
}

function parsePort(text: string): number | string {
  if (!/^\d{1,5}$/.test(text)) return `"${text}" is not a port number`;
  const port = Number(text);
  if (port < 1 || port > 65535) return `port ${port} is outside 1-65535`;
  return port;
}

/** Splits `host`, `host:port`, `[v6]`, `[v6]:port` and a bare IPv6 literal. */
function splitHostPort(authority: string): { host: string; port?: string } | string {
  if (authority.startsWith('[')) {
    const close = authority.indexOf(']');
    if (close < 0) return 'unclosed "[" in an IPv6 address';
    const host = authority.slice(1, close);
    const rest = authority.slice(close + 1);
    if (rest === '') return { host };
    if (!rest.startsWith(':')) return `unexpected "${rest}" after the IPv6 address`;
    return { host, port: rest.slice(1) };
  }
  const colons = authority.split(':').length - 1;
  if (colons > 1) return { host: authority };
  if (colons === 1) {
    const [host = '', port = ''] = authority.split(':');
    return { host, port };
  }
  return { host: authority };
}

/** Checks and normalises a host name or IP literal; returns the reason when it is not one. */
export function normaliseHost(raw: string): { host: string } | { reason: string } {
  const trimmed = raw.replace(/\.$/, '');
  if (trimmed === '') return { reason: 'no host name given' };
  if (isIP(trimmed) === 4) return { host: trimmed };
  if (isIP(trimmed) === 6) return { host: trimmed.toLowerCase() };
  if (trimmed.includes(':')) return { reason: `"${raw}" is not a valid IPv6 address` };
  if (trimmed.length > MAX_NAME_LENGTH)
    return { reason: `host name is longer than ${MAX_NAME_LENGTH} characters` };
  const ascii = domainToASCII(trimmed.toLowerCase());
  if (ascii === '') return { reason: `"${raw}" is not a valid host name` };
  if (ascii.length > MAX_NAME_LENGTH)
    return { reason: `host name is longer than ${MAX_NAME_LENGTH} characters` };
  for (const label of ascii.split('.')) {
    if (label === '') return { reason: `"${raw}" has an empty label` };
    if (label.length > MAX_LABEL_LENGTH)
      return { reason: `label "${label.slice(0, 20)}…" is longer than ${MAX_LABEL_LENGTH} characters` };
    if (!/^[a-z0-9_](?:[a-z0-9_-]*[a-z0-9_])?$/.test(label))
      return { reason: `"${raw}" is not a valid host name (label "${label}")` };
  }
  // All-numeric names are IPv4 shorthands to some resolvers (2130706433 = 127.0.0.1); refuse the ambiguity.
  if (/^[0-9.]+$/.test(ascii)) return { reason: `"${raw}" is neither a dotted IPv4 address nor a host name` };
  return { host: ascii };
}

/**
 * Parses a target in any form of spec §1: `host`, `host:port`, an http(s) URL, `[v6]:port`,
 * an internationalised name, or Slack's `<url|label>`. Refusals carry a one-line reason.
 */
export function parseTarget(input: string): TargetParse {
  const text = unwrapSlackLink(input.trim());
  if (text === '') return refuse('empty target: give a host name such as mail.contoso.com');
  if (/\s/.test(text)) return refuse('a host name cannot contain spaces');

  let authority = text;
  const scheme = /^([a-z][a-z0-9+.-]*):\/\//i.exec(text);
  if (scheme) {
    const name = (scheme[1] ?? '').toLowerCase();
    if (name !== 'http' && name !== 'https')
      return refuse(`scheme "${name}" is not supported: use a host name or an https:// URL`);
    authority = text.slice(scheme[0].length).split(/[/?#]/, 1)[0] ?? '';
  } else {
    authority = text.split(/[/?#]/, 1)[0] ?? '';
  }
  if (authority.includes('@'))
    return refuse('user names and passwords do not belong in the target (user@host)');

  const split = splitHostPort(authority);
  if (typeof split === 'string') return refuse(split);
  let port = DEFAULT_PORT;
  if (split.port !== undefined) {
    const parsed = parsePort(split.port);
    if (typeof parsed === 'string') return refuse(parsed);
    port = parsed;
  }
  const host = normaliseHost(split.host);
  if ('reason' in host) return refuse(host.reason);
  return { ok: true, target: { input: input.trim(), host: host.host, port } };
}

/** Parses a connect address: an IP literal, optionally with a port (`10.0.0.5:8443`, `[fd00::5]:444`). */
export function parseConnectAddress(text: string): { address: string; port?: number } | { reason: string } {
  const split = splitHostPort(text.trim());
  if (typeof split === 'string') return { reason: split };
  if (isIP(split.host) === 0)
    return { reason: `"${text}" is not an IP address (the connect address must be an IP)` };
  if (split.port === undefined) return { address: split.host.toLowerCase() };
  const port = parsePort(split.port);
  if (typeof port === 'string') return { reason: port };
  return { address: split.host.toLowerCase(), port };
}

/** Applies a connect address to a parsed target; a port given with the address overrides the target's. */
export function withConnectAddress(target: Target, connect: string, source?: ConnectSource): TargetParse {
  const parsed = parseConnectAddress(connect);
  if ('reason' in parsed) return refuse(parsed.reason);
  return {
    ok: true,
    target: {
      ...target,
      connectAddress: parsed.address,
      ...(source !== undefined && { connectSource: source }),
      port: parsed.port ?? target.port,
    },
  };
}

const MAX_BACKEND_CHARS = 600;

/** The words that may follow a host in chat, each with one value: `via <IP>`, `backend <server>`. */
export const TARGET_OPTION = /^(?:via|backend)$/i;

/** More names than this is a paste gone wrong, not a server farm anyone pings from chat. */
export const MAX_BACKENDS = 8;

/**
 * Chat form: `mail.contoso.com`, optionally followed by `via 10.0.0.5[:port]` and any number of
 * `backend EX01` (up to MAX_BACKENDS), in any order.
 */
export function parseChatTarget(text: string): TargetParse {
  const [host = '', ...words] = text.trim().split(/\s+/);
  // "mail contoso" is a mistyped host, not a host with options: let the target parser say so.
  if (words.length > 0 && !TARGET_OPTION.test(words[0] ?? '')) return parseTarget(text);
  let parsed = parseTarget(host);
  let via: string | undefined;
  const backends = new Set<string>();
  for (let i = 0; parsed.ok && i < words.length; i += 2) {
    const keyword = words[i]?.toLowerCase();
    const value = words[i + 1];
    if ((keyword !== 'via' && keyword !== 'backend') || value === undefined)
      return refuse(
        `could not read "${words.slice(i).join(' ')}": after the host, use \`via <IP>\` or \`backend <server>\``,
      );
    if (keyword === 'via') {
      if (via !== undefined) return refuse(`two connect addresses (via ${via} and via ${value}): give one`);
      via = value;
      parsed = withConnectAddress(parsed.target, value, 'via');
      continue;
    }
    const backend = parseBackendName(slackLinkText(value));
    if ('reason' in backend) return refuse(backend.reason);
    backends.add(backend.name);
  }
  if (!parsed.ok || backends.size === 0) return parsed;
  const names = [...backends];
  if (names.length > MAX_BACKENDS) return refuse(`at most ${MAX_BACKENDS} back-end names per check`);
  // They travel in the report's buttons, whose values Slack caps at 2000 characters.
  if (names.join('').length > MAX_BACKEND_CHARS)
    return refuse(`the back-end names are too long together (at most ${MAX_BACKEND_CHARS} characters)`);
  return { ok: true, target: { ...parsed.target, backends: names } };
}

/** `host:port` with IPv6 hosts bracketed, for messages. */
export function formatHostPort(host: string, port: number): string {
  return isIP(host) === 6 ? `[${host}]:${port}` : `${host}:${port}`;
}

/**
 * A back-end name for the RPC ping (`--backend`, chat `backend EX01`): a NetBIOS name or an FQDN, exactly as
 * Outlook would ask the proxy for it, since ValidPorts matches the literal form. It goes into the proxy URL's
 * query, so nothing beyond host-name characters is accepted.
 */
export function parseBackendName(text: string): { name: string } | { reason: string } {
  const name = text.trim().replace(/\.$/, '');
  const labels = name.split('.');
  if (
    name.length > MAX_NAME_LENGTH ||
    labels.some((label) => label.length > MAX_LABEL_LENGTH || !/^[A-Za-z0-9][A-Za-z0-9-]*$/.test(label))
  )
    return { reason: `"${text}" is not a back-end server name (use EX01 or ex01.contoso.local)` };
  return { name };
}
