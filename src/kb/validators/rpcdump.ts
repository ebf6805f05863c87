import { plural } from '../../core/plural';
import type { Finding } from '../../core/report';
import { issue } from './validator-findings';

/**
 * `rpcdump /v` (Windows Server 2003 Resource Kit) or impacket's rpcdump.py output: the Exchange interfaces must
 * be registered on ncacn_http with Store on 6001, referral on 6002 and the directory proxy (NSPI) on 6004.
 */
const KB = 'exchange-ports';

const INTERFACES = [
  {
    name: 'Information Store (EMSMDB)',
    uuid: 'a4f1db00-ca47-1067-b31f-00dd010662da',
    port: 6001,
    hint: /emsmdb|store/i,
  },
  {
    name: 'Directory referral (RFR)',
    uuid: '1544f5e0-613c-11d1-93df-00c04fd7bd09',
    port: 6002,
    hint: /referral|\brfr\b/i,
  },
  {
    name: 'Directory proxy / address book (NSPI)',
    uuid: 'f5cc5a18-4264-101a-8c59-08002b2f8426',
    port: 6004,
    hint: /nspi|name service provider|directory proxy|dsproxy/i,
  },
];

interface Endpoint {
  protseq: string;
  host: string;
  port: number;
  uuid?: string;
  annotation: string;
}

const UUID = /[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/i;

/**
 * `ncacn_http:EX01[6001]` bindings in a line, as /\b(nca[a-z]+_[a-z_]+):([^\s[\]]*)\[(\d+)\]/gi found them.
 * A start that fails fails for every later start in the same run of host characters (they share its end), so
 * the search resumes after the run: the regex alone rescanned the run from each `nca…:` in it.
 */
const BINDING_START = /\b(nca[a-z]+_[a-z_]+):/gi;
const BINDING_HOST = /[^\s[\]]*/y;
const BINDING_PORT = /\[(\d+)\]/y;

function bindings(line: string): { protseq: string; host: string; port: number }[] {
  const found: { protseq: string; host: string; port: number }[] = [];
  const start = BINDING_START;
  const host = BINDING_HOST;
  const port = BINDING_PORT;
  start.lastIndex = 0;
  for (let match = start.exec(line); match; match = start.exec(line)) {
    host.lastIndex = start.lastIndex;
    const name = host.exec(line)?.[0] ?? '';
    port.lastIndex = host.lastIndex;
    const number = port.exec(line);
    if (number) {
      found.push({ protseq: (match[1] ?? '').toLowerCase(), host: name, port: Number(number[1]) });
      start.lastIndex = port.lastIndex;
    } else start.lastIndex = Math.max(host.lastIndex, match.index + 1);
  }
  return found;
}

export function parseRpcdump(text: string): Endpoint[] {
  const endpoints: Endpoint[] = [];
  let section = '';
  let uuid: string | undefined;
  let annotation = '';
  for (const line of text.split(/\r?\n/)) {
    // Nothing below matches a blank line; thousands of them cost a dozen regex runs each.
    if (line.trim() === '') continue;
    // impacket: "Protocol: …", "UUID    : A4F1DB00-… v0.81", "Bindings:" then "ncacn_http:EX01[6001]".
    const protocol = /^\s*(?:Protocol|Annotation)\s*:\s*(.*)$/i.exec(line);
    if (protocol?.[1] !== undefined) annotation = protocol[1];
    const uuidLine = /^\s*UUID\s*:\s*(\S+)/i.exec(line);
    if (uuidLine?.[1]) uuid = uuidLine[1].toLowerCase().replace(/\s.*$/, '');
    for (const binding of bindings(line))
      endpoints.push({ ...binding, ...(uuid !== undefined && { uuid }), annotation });
    // Windows: a section header "ncacn_http(Connection-oriented TCP/IP using … HTTP proxy.)" then
    // "  EX01[6001] [a4f1db00-…] Exchange Server STORE EMSMDB Interface".
    const header = /^\s*(nca[a-z]+_[a-z_]+)\s*\(/i.exec(line);
    if (header?.[1]) section = header[1].toLowerCase();
    const windows = /^\s*([^\s[\]:]+)\[(\d+)\]\s*\[([0-9a-f-]{36})\]\s*(.*)$/i.exec(line);
    if (windows && section !== '')
      endpoints.push({
        protseq: section,
        host: windows[1] ?? '',
        port: Number(windows[2]),
        uuid: (windows[3] ?? '').toLowerCase(),
        annotation: windows[4] ?? '',
      });
  }
  return endpoints;
}

export function looksLikeRpcdump(text: string): boolean {
  return /\bnca[a-z]+_[a-z_]+/i.test(text) && (/\[\d+\]/.test(text) || UUID.test(text));
}

export function validateRpcdump(text: string): Finding[] {
  const endpoints = parseRpcdump(text);
  if (endpoints.length === 0)
    return [
      issue('rpcdump.unrecognized', 'critical', {
        title: 'No RPC endpoints found in the paste',
        detail:
          'Paste the output of `rpcdump /v` (Resource Kit) or impacket rpcdump.py, run against the Exchange back end.',
        kb: KB,
      }),
    ];
  const http = endpoints.filter((e) => e.protseq === 'ncacn_http');
  if (http.length === 0)
    return [
      issue('rpcdump.no_ncacn_http', 'critical', {
        title: 'Nothing is registered on ncacn_http',
        detail: `${plural(endpoints.length, 'endpoint was', 'endpoints were')} found, none on ncacn_http: Exchange does not listen for RPC over HTTP at all.`,
        nextSteps: [
          'Set the RPC/HTTP port registry values (MSExchangeIS Rpc/HTTP Port 6001, MSExchangeSA HTTP Port 6002 and Rpc/HTTP NSPI Port 6004) and restart the services.',
        ],
        kb: KB,
      }),
    ];
  const findings: Finding[] = [];
  for (const wanted of INTERFACES) {
    // By UUID; by annotation only for endpoints whose UUID is not one of the three (or is missing).
    const registered = http.filter(
      (e) =>
        e.uuid === wanted.uuid ||
        (!INTERFACES.some((known) => known.uuid === e.uuid) && wanted.hint.test(e.annotation)),
    );
    if (registered.some((e) => e.port === wanted.port)) continue;
    if (registered.length > 0)
      findings.push(
        issue('rpcdump.wrong_port', 'critical', {
          title: `${wanted.name} listens on ${registered.map((e) => e.port).join(', ')}, not ${wanted.port}`,
          detail: `Outlook and ValidPorts expect ncacn_http:${wanted.port}.`,
          text: registered.map((e) => `${e.host}[${e.port}]`).join(', '),
          kb: wanted.port === 6004 ? 'nspi-gc-port' : KB,
        }),
      );
    else
      findings.push(
        issue('rpcdump.port_missing', 'critical', {
          title: `${wanted.name} is not listening on ncacn_http:${wanted.port}`,
          detail: `No ncacn_http endpoint for ${wanted.name} (${wanted.uuid}).`,
          nextSteps:
            wanted.port === 6004
              ? [
                  'On a single server that is also the Global Catalog, set "NSPI interface protocol sequences" = ncacn_http:6004 and restart.',
                ]
              : [],
          kb: wanted.port === 6004 ? 'nspi-gc-port' : KB,
        }),
      );
  }
  if (findings.length === 0)
    findings.push(
      issue('rpcdump.ok', 'ok', {
        title: 'Store 6001, referral 6002 and NSPI 6004 listen on ncacn_http',
        detail: `${http.length} ncacn_http endpoints found.`,
        kb: KB,
      }),
    );
  return findings;
}
