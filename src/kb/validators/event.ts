import type { Finding } from '../../core/report';
import { issue } from './validator-findings';

/** A pasted Event Viewer entry: source and ID mapped to the entry that explains it. */
interface KnownEvent {
  source: RegExp;
  id: number;
  code: string;
  severity: 'critical' | 'warning';
  kb: string;
  title: string;
}

const KNOWN: KnownEvent[] = [
  {
    source: /rpc\s*proxy/i,
    id: 2,
    code: 'event.rpcproxy_validports',
    severity: 'critical',
    kb: 'rpcproxy-validports',
    title: 'RPC Proxy Event ID 2: ValidPorts could not be parsed, RPCProxy.dll did not load',
  },
  {
    source: /MSExchangeRPCHTTPAutoconfig/i,
    id: 2003,
    code: 'event.rpcproxy_not_installed',
    severity: 'critical',
    kb: 'rpcproxy-not-installed',
    title: 'The RPC over HTTP proxy component is not installed or not configured',
  },
  {
    source: /MSExchangeRPCHTTPAutoconfig/i,
    id: 2008,
    code: 'event.rpcproxy_disabled',
    severity: 'critical',
    kb: 'rpcproxy-disabled',
    title: 'The RPC over HTTP proxy component is disabled (Enabled ≠ 1)',
  },
  {
    source: /MSExchangeRPCHTTPAutoconfig/i,
    id: 3002,
    code: 'event.nspi_reboot',
    severity: 'warning',
    kb: 'nspi-gc-port',
    title: 'ncacn_http:6004 was added to the NSPI protocol sequences: restart the server',
  },
  {
    source: /schannel/i,
    id: 36888,
    code: 'event.schannel_alert',
    severity: 'warning',
    kb: 'tls-handshake-failure',
    title: 'Schannel generated a fatal TLS alert',
  },
  {
    source: /schannel/i,
    id: 36874,
    code: 'event.schannel_no_cipher',
    severity: 'warning',
    kb: 'tls-legacy-protocols',
    title: 'Schannel: no cipher suite in common with a client',
  },
  {
    source: /schannel/i,
    id: 36886,
    code: 'event.schannel_no_certificate',
    severity: 'critical',
    kb: 'iis-no-certificate',
    title: 'Schannel: no suitable default server credential (no certificate)',
  },
  {
    source: /service control manager/i,
    id: 7031,
    code: 'event.service_stopped',
    severity: 'critical',
    kb: 'w3svc-stopped',
    title: 'A service terminated unexpectedly',
  },
  {
    source: /service control manager/i,
    id: 7034,
    code: 'event.service_stopped',
    severity: 'critical',
    kb: 'w3svc-stopped',
    title: 'A service terminated unexpectedly',
  },
];

export interface ParsedEvent {
  source?: string;
  id?: number;
  description?: string;
}

/**
 * White space at the start of a line, not crossing into the next: `^\s*` under the `m` flag restarts at every
 * line of a run of empty lines and scans the rest of the run each time, quadratic on thousands of newlines.
 * A match that crossed lines also matches from the start of its last line, so nothing is lost.
 */
const INDENT = '[^\\S\\n\\r\\u2028\\u2029]*';

const EVENT_ID_LINE = new RegExp(`^${INDENT}(?:Event ID|EventID)\\s*:`, 'im');
const SOURCE_LINE = new RegExp(`^${INDENT}(?:Event )?Source\\s*:`, 'im');

/** `Name: value` lines: white space before the colon, then at least one white space after it. */
function isFieldLine(line: string): boolean {
  // What /^\s*[\w ]+:\s/ accepted, in one pass (a line of spaces made that regex quadratic).
  const colon = line.indexOf(':');
  if (colon < 1 || !/\s/.test(line[colon + 1] ?? '')) return false;
  const head = line.slice(0, colon);
  const rest = head.trimStart();
  return rest === '' ? head.endsWith(' ') : /^[\w ]+$/.test(rest);
}

export function parseEvent(text: string): ParsedEvent {
  const field = (names: string): string | undefined =>
    new RegExp(`^${INDENT}(?:${names})\\s*:\\s*(.+)$`, 'im').exec(text)?.[1]?.trim();
  const source = field('Event Source|Source');
  const idText = field('Event ID|EventID|ID');
  const id = idText !== undefined && /^\d+/.test(idText) ? parseInt(idText, 10) : undefined;
  const description =
    field('Description|Message') ??
    text
      .split(/\r?\n/)
      .filter((l) => !isFieldLine(l))
      .join(' ')
      .trim();
  return {
    ...(source !== undefined && { source }),
    ...(id !== undefined && { id }),
    ...(description !== '' && { description }),
  };
}

export function looksLikeEvent(text: string): boolean {
  return EVENT_ID_LINE.test(text) || (SOURCE_LINE.test(text) && /\bID\s*:\s*\d+/i.test(text));
}

export function validateEvent(text: string): Finding[] {
  const event = parseEvent(text);
  if (event.source === undefined && event.id === undefined)
    return [
      issue('event.unrecognized', 'warning', {
        title: 'Not an Event Viewer entry',
        detail: 'Paste the whole event: Source (or Event Source), Event ID and the description.',
      }),
    ];
  const known = KNOWN.find(
    (k) => event.id === k.id && event.source !== undefined && k.source.test(event.source),
  );
  // The description alone identifies Event 2 even when the source line was not copied.
  const byText = /ValidPorts could not be parsed/i.test(text)
    ? KNOWN[0]
    : /World Wide Web Publishing/i.test(text) && event.id !== undefined && [7031, 7034].includes(event.id)
      ? KNOWN[7]
      : undefined;
  const match = known ?? byText;
  if (match && (match.code !== 'event.service_stopped' || /World Wide Web Publishing|W3SVC/i.test(text)))
    return [
      issue(match.code, match.severity, {
        title: match.title,
        detail:
          `${event.source ?? 'Event'} ${event.id ?? ''}: ${(event.description ?? '').slice(0, 300)}`.trim(),
        kb: match.kb,
        evidence: { source: event.source ?? null, id: event.id ?? null },
      }),
    ];
  return [
    issue('event.unknown', 'info', {
      title: `No known meaning for ${event.source ?? 'this source'} event ${event.id ?? ''}`.trim(),
      detail:
        'rpccheck knows the RPC Proxy, MSExchangeRPCHTTPAutoconfig, Schannel and W3SVC events; the description is matched against the knowledge base.',
      evidence: { source: event.source ?? null, id: event.id ?? null },
    }),
  ];
}
