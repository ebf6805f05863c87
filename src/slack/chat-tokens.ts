import { domainToASCII } from 'node:url';
import { isIP } from 'node:net';
import { isFindingCode } from '../findings/catalog';
import { TLDS } from './chat-tlds';

/**
 * Chat text → classified tokens, the one place that decides what in a message is a host (pure, linear: each
 * whitespace-separated token is classified by anchored patterns over itself and the word before it).
 */
export type ChatTokenKind =
  | 'host' // a bare name whose last label is a real TLD or an internal suffix, optionally :port
  | 'ip' // an IPv4 or IPv6 literal, optionally [bracketed] with :port
  | 'url' // scheme://… or host/path, or a Slack link the user typed as one
  | 'email' // an address or Slack's <mailto:…>: an Autodiscover request, never a host
  | 'mention' // <@U…>
  | 'status' // an HTTP status, with IIS substatus: 403.2, 401.3; a bare 404 after "error", "http"…
  | 'version' // dotted numbers that are not an address: 7.5, 1.0, 15.1.2507.6
  | 'error-code' // 0x6ba, 0x000006BA, and a number after "error"/"code" (1722)
  | 'event-id' // a number after "event id"/"event"
  | 'file' // web.config, rpcproxy.dll, healthcheck.htm, autodiscover.xml, /rpc/rpcproxy.dll, c:\…
  | 'finding-code' // cert.expired, rpc.auth_integrated
  | 'config' // pasted configuration: EX01:6001-6002;EX01:6004, key=value, ncacn_http:6004
  | 'number'
  | 'word';

export interface ChatToken {
  kind: ChatTokenKind;
  /** As written, without the quotes and punctuation around it. */
  text: string;
  /** Where `text` starts in the message. */
  start: number;
}

/** Suffixes of names that exist only inside networks (RFC 6761/6762/8375 and common practice). */
const INTERNAL_SUFFIXES = new Set([
  'local',
  'lan',
  'corp',
  'internal',
  'intranet',
  'test',
  'localdomain',
  'localhost',
  'home',
  'lab',
  'priv',
  'private',
  'example',
  'invalid',
]);

/**
 * Extensions of files admins paste. A two-label name ending in one is a file even when the extension is also a
 * TLD (readme.md, logs.zip); with three labels or more (mail.contoso.md) it is a host.
 */
const FILE_EXTENSIONS = new Set([
  'dll',
  'exe',
  'htm',
  'html',
  'aspx',
  'asmx',
  'asp',
  'svc',
  'config',
  'xml',
  'txt',
  'log',
  'csv',
  'json',
  'yaml',
  'yml',
  'ini',
  'ps1',
  'psm1',
  'bat',
  'cmd',
  'msi',
  'msp',
  'cab',
  'cer',
  'crt',
  'pem',
  'pfx',
  'p7b',
  'p12',
  'key',
  'csr',
  'evtx',
  'reg',
  'zip',
  'md',
  'js',
  'css',
  'png',
  'jpg',
  'gif',
  'pdf',
  'docx',
  'xlsx',
  'pst',
  'ost',
  'prf',
  'edb',
  'vbs',
]);

/** Words after which a dotted number is a version, not an address (Exchange 2010 SP3 14.3.123.4). */
const VERSION_CONTEXT =
  /^(?:v|ver|version|build|exchange|outlook|iis|tls|ssl|sp\d*|cu\d*|ru\d*|rollup|update|office|windows|kb\d*)$/i;
const STATUS_CONTEXT =
  /^(?:http|https|error|status|got|get|gets|getting|returns?|returned|gives?|giving|answers?|answered|with|an?|http\/1\.[01])$/i;
const ERROR_CONTEXT = /^(?:error|err|code|errorcode|rpc_s_\w+|win32|hresult|status)$/i;
const EVENT_CONTEXT = /^(?:id|eventid|event)$/i;

const LEADING = new Set(['(', '"', "'", '`', '*', '_', '“', '‘', '«']);
const TRAILING = new Set(['?', '!', ',', ';', ')', '"', "'", '`', '*', '_', '.', ':', '”', '’', '»', '…']);

/** Quotes, brackets and sentence punctuation off both ends in one pass (no regex retried per character). */
function trim(raw: string): { text: string; offset: number } {
  let start = 0;
  let end = raw.length;
  while (start < end && LEADING.has(raw[start] ?? '')) start++;
  // `[` and `]` belong to an IPv6 literal ([2001:db8::1]:443); otherwise they are brackets.
  if (raw[start] === '[' && !raw.includes(']', start)) start++;
  while (end > start && TRAILING.has(raw[end - 1] ?? '')) end--;
  if (raw[end - 1] === ']' && !raw.slice(start, end).includes('[')) end--;
  while (end > start && TRAILING.has(raw[end - 1] ?? '')) end--;
  return { text: raw.slice(start, end), offset: start };
}

const NAME = /^[\p{L}\p{N}_-]+(?:\.[\p{L}\p{N}_-]+)+\.?(?::\d{1,5})?$/u;

/** A bare name's verdict: a host when its last label is a TLD or an internal suffix and it is no file name. */
function nameKind(text: string): ChatTokenKind | undefined {
  if (!NAME.test(text)) return undefined;
  const name = text.replace(/:\d+$/, '').replace(/\.$/, '').toLowerCase();
  const labels = name.split('.');
  const last = labels[labels.length - 1] ?? '';
  if (/^\d+$/.test(last)) return undefined;
  const tld = domainToASCII(last) || last;
  const real = TLDS.has(tld) || INTERNAL_SUFFIXES.has(tld);
  if (FILE_EXTENSIONS.has(last) && (!real || labels.length === 2)) return 'file';
  if (real) return 'host';
  return 'word';
}

function ipLiteral(text: string): boolean {
  const bracketed = /^\[([0-9a-f:.]+)\](?::\d{1,5})?$/i.exec(text);
  if (bracketed) return isIP(bracketed[1] ?? '') === 6;
  if (isIP(text) !== 0) return true;
  const withPort = /^(\d{1,3}(?:\.\d{1,3}){3}):\d{1,5}$/.exec(text);
  return withPort !== null && isIP(withPort[1] ?? '') === 4;
}

/** Slack's `<url|label>` (or `<url>`): a link the user typed is a URL; one Slack made of a bare name is that name. */
function slackLinkKind(text: string): ChatTokenKind {
  const inner = text.slice(1, -1);
  if (/^@[A-Z0-9]+(?:\|.*)?$/i.test(inner)) return 'mention';
  if (/^mailto:/i.test(inner)) return 'email';
  if (!/^[a-z][a-z0-9+.-]*:\/\//i.test(inner)) return 'word';
  const bar = inner.indexOf('|');
  const label = bar >= 0 ? inner.slice(bar + 1) : inner;
  if (/^[a-z][a-z0-9+.-]*:\/\//i.test(label) || label.includes('/')) return 'url';
  return nameKind(label) ?? 'word';
}

function classify(text: string, previous: string): ChatTokenKind {
  if (text.startsWith('<') && text.endsWith('>')) return slackLinkKind(text);
  if (/^[^\s@<>:/]+@[^\s@<>:/]+\.[a-z]{2,}$/i.test(text)) return 'email';
  if (/^[a-z][a-z0-9+.-]*:\/\/\S/i.test(text)) return 'url';
  if (isFindingCode(text.toLowerCase())) return 'finding-code';
  if (text.includes(';') || text.includes('=') || /^nca[a-z]+_/i.test(text)) return 'config';
  if (/^localhost(?::\d{1,5})?$/i.test(text)) return 'host';
  if (/^[\p{L}\p{N}_-]+:\d+-\d+$/u.test(text) || /^[a-z][\w-]*:\d{1,5}$/i.test(text)) return 'config';
  if (/^0x[0-9a-f]+$/i.test(text)) return 'error-code';
  if (/^[1-5]\d\d\.\d{1,3}$/.test(text)) return 'status';
  if (ipLiteral(text)) return VERSION_CONTEXT.test(previous) ? 'version' : 'ip';
  if (/^v?\d+(?:\.\d+)+$/i.test(text)) return 'version';
  if (/^\d+$/.test(text)) {
    if (EVENT_CONTEXT.test(previous)) return 'event-id';
    if (ERROR_CONTEXT.test(previous) && text.length >= 3) return 'error-code';
    if (/^[1-5]\d\d$/.test(text) && STATUS_CONTEXT.test(previous)) return 'status';
    return 'number';
  }
  if (text.startsWith('/') || text.includes('\\')) return 'file';
  const slash = text.indexOf('/');
  if (slash > 0) return nameKind(text.slice(0, slash)) === 'host' ? 'url' : 'word';
  return nameKind(text) ?? 'word';
}

export function chatTokens(message: string): ChatToken[] {
  const tokens: ChatToken[] = [];
  let previous = '';
  for (const match of message.matchAll(/\S+/g)) {
    const { text, offset } = trim(match[0]);
    if (text === '') continue;
    tokens.push({ kind: classify(text, previous), text, start: (match.index ?? 0) + offset });
    previous = text;
  }
  return tokens;
}

/** The kinds that name something to check. */
export const TARGET_KINDS: ReadonlySet<ChatTokenKind> = new Set(['host', 'ip', 'url']);
