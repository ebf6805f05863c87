import { plural } from '../../core/plural';
import type { Finding } from '../../core/report';
import { collectFindings, issue, positionsIn } from './validator-findings';

/**
 * HKLM\Software\Microsoft\Rpc\RpcProxy\ValidPorts: `name:port` or `name:low-high` entries separated by `;`,
 * a trailing `*` on a name as a prefix wildcard. One typo and RPCProxy.dll does not load (Event ID 2); a
 * missing name form or port and the proxy refuses that back end with 503 RPC Error 6ba.
 */
const KB = 'rpcproxy-validports';
const REQUIRED_PORTS = [6001, 6002, 6004];
const PORTS = /^\d{1,5}(?:-\d{1,5})?$/;
const NAME = /^[A-Za-z0-9_][A-Za-z0-9_.-]*\*?$|^\*$/;

interface Entry {
  name: string;
  ports: string;
  offset: number;
}

interface Segment {
  text: string;
  offset: number;
}

/** The text between separators, with offsets (indexOf: a regex match object per `;` costs more). */
function segments(value: string, separator: string): Segment[] {
  const out: Segment[] = [];
  let start = 0;
  for (let at = value.indexOf(separator); at >= 0; at = value.indexOf(separator, start)) {
    out.push({ text: value.slice(start, at), offset: start });
    start = at + separator.length;
  }
  out.push({ text: value.slice(start), offset: start });
  return out;
}

function range(ports: string): [number, number] {
  const [low = '0', high] = ports.split('-');
  return [Number(low), Number(high ?? low)];
}

/** Pulls the value out of a `reg query` line or a quoted paste. */
export function extractValidPorts(pasted: string): { value: string; offset: number } {
  const reg = /ValidPorts\s+REG_SZ\s+(.*)$/im.exec(pasted);
  if (reg?.[1] !== undefined)
    return { value: reg[1].trimEnd(), offset: (reg.index ?? 0) + reg[0].length - reg[1].length };
  const trimmed = pasted.replace(/^\s*["']?/, '');
  const offset = pasted.length - trimmed.length;
  // Trailing white space, then one closing quote: what /["']?\s*$/ removed, without its quadratic backtracking.
  const end = trimmed.trimEnd();
  return { value: /["']$/.test(end) ? end.slice(0, -1) : end, offset };
}

export function validateValidPorts(pasted: string): Finding[] {
  const { value, offset: base } = extractValidPorts(pasted);
  const { findings, report, close } = collectFindings('validports');
  const position = positionsIn(pasted);
  const at = (offset: number) => position(base + offset);
  if (value.trim() === '')
    return [
      issue('validports.empty', 'critical', {
        title: 'ValidPorts is empty',
        detail: 'The proxy forwards to nothing.',
        kb: KB,
      }),
    ];

  // Pass 1: repair separators, remembering each mistake where it was made.
  const repaired: Entry[] = [];
  // A stack, next segment last: splitting a segment at commas pushes its pieces in O(pieces), where splicing
  // them into an array was O(segments) each time.
  const pending = segments(value, ';').reverse();
  let consumed = 0;
  while (pending.length > 0) {
    const segment = pending.pop() as Segment;
    const next = pending[pending.length - 1];
    // `given` is what the user typed, quoted in every finding; `text` is what is read once a stray space is gone.
    const given = segment.text;
    let text = given;
    if (text.trim() === '') {
      consumed++;
      // Empty between two separators, or the whole value; a trailing ";" is allowed.
      if (next !== undefined || consumed === 1)
        report(() =>
          issue('validports.empty_entry', 'warning', {
            title: 'Empty entry (two separators in a row)',
            detail: `An empty entry at column ${at(segment.offset).column}.`,
            position: at(segment.offset),
            kb: KB,
          }),
        );
      continue;
    }
    if (/\s/.test(text)) {
      const space = text.search(/\s/);
      report(() =>
        issue('validports.stray_space', 'warning', {
          title: 'Stray space in an entry',
          detail: `"${given}" contains white space; ValidPorts entries have none.`,
          position: at(segment.offset + space),
          text: given,
          kb: KB,
        }),
      );
      text = text.replace(/\s+/g, '');
    }
    if (text.includes(',')) {
      const comma = segment.offset + segment.text.indexOf(',');
      const pieces = text.split(',');
      const [head = ''] = pieces;
      if (pieces.slice(1).every((p) => PORTS.test(p)) && head.includes(':')) {
        const name = head.split(':')[0] ?? '';
        report(() =>
          issue('validports.comma_in_ports', 'critical', {
            title: 'Comma between ports',
            detail: `"${given}": list ports as a range (6001-6002) or as separate name:port entries.`,
            position: at(comma),
            text: given,
            kb: KB,
          }),
        );
        for (const p of [head.split(':')[1] ?? '', ...pieces.slice(1)])
          repaired.push({ name, ports: p, offset: segment.offset });
      } else {
        report(() =>
          issue('validports.comma_for_semicolon', 'critical', {
            title: 'Comma used between entries',
            detail: `"${given}": entries are separated by a semicolon, not a comma.`,
            position: at(comma),
            text: given,
            kb: KB,
          }),
        );
        let pieceOffset = segment.offset + text.length + 1;
        for (let k = pieces.length - 1; k >= 0; k--) {
          const piece = pieces[k] ?? '';
          pieceOffset -= piece.length + 1;
          pending.push({ text: piece, offset: pieceOffset });
        }
        continue;
      }
      consumed++;
      continue;
    }
    consumed++;
    const parts = text.split(':');
    if (parts.length === 1) {
      if (PORTS.test(text)) {
        report(() =>
          issue('validports.orphan_ports', 'critical', {
            title: `Ports without a server name: "${given}"`,
            detail: 'Each entry needs a name: name:ports.',
            position: at(segment.offset),
            text: given,
            kb: KB,
          }),
        );
        continue;
      }
      if (next && PORTS.test(next.text.trim())) {
        const semicolon = segment.offset + segment.text.length;
        report(() =>
          issue('validports.semicolon_for_colon', 'critical', {
            title: `Semicolon typed where a colon belongs, after "${given}"`,
            detail: `At column ${at(semicolon).column}: "${given};${next.text}" must be "${text}:${next.text.trim()}". This is the classic cause of RPC Proxy Event ID 2.`,
            position: at(semicolon),
            text: `${given};${next.text}`,
            kb: KB,
          }),
        );
        repaired.push({ name: text, ports: next.text.trim(), offset: segment.offset });
        pending.pop();
        consumed++;
        continue;
      }
      report(() =>
        issue('validports.missing_ports', 'critical', {
          title: `No ports for "${given}"`,
          detail: 'Each entry is name:port or name:low-high.',
          position: at(segment.offset),
          text: given,
          kb: KB,
        }),
      );
      continue;
    }
    if (parts.length > 2) {
      if (parts.length % 2 === 0 && parts.every((p, k) => (k % 2 === 1 ? PORTS.test(p) : !PORTS.test(p)))) {
        const colon = segment.offset + (parts[0]?.length ?? 0) + 1 + (parts[1]?.length ?? 0);
        report(() =>
          issue('validports.colon_for_semicolon', 'critical', {
            title: 'Colon typed where a semicolon belongs',
            detail: `"${given}" runs two entries together; separate them with ";".`,
            position: at(colon),
            text: given,
            kb: KB,
          }),
        );
        for (let k = 0; k < parts.length; k += 2)
          repaired.push({ name: parts[k] ?? '', ports: parts[k + 1] ?? '', offset: segment.offset });
      } else if (parts.length > 2 && text.includes('::')) {
        report(() =>
          issue('validports.ipv6_unsupported', 'critical', {
            title: 'IPv6 addresses are not supported in ValidPorts',
            detail: `"${given}": use the server's names instead.`,
            position: at(segment.offset),
            text: given,
            kb: KB,
          }),
        );
      } else {
        report(() =>
          issue('validports.malformed', 'critical', {
            title: `Cannot read "${given}"`,
            detail: 'Expected name:port or name:low-high.',
            position: at(segment.offset),
            text: given,
            kb: KB,
          }),
        );
      }
      continue;
    }
    repaired.push({ name: parts[0] ?? '', ports: parts[1] ?? '', offset: segment.offset });
  }

  // Pass 2: each entry on its own.
  const entries: Entry[] = [];
  const seen = new Set<string>();
  for (const entry of repaired) {
    if (!NAME.test(entry.name)) {
      report(() =>
        issue('validports.bad_name', 'critical', {
          title: `"${entry.name}" is not a server name`,
          detail: 'Names are NetBIOS names, FQDNs or IPv4 addresses, optionally ending in *.',
          position: at(entry.offset),
          text: entry.name,
          kb: KB,
        }),
      );
      continue;
    }
    const [low, high] = range(entry.ports);
    if (!PORTS.test(entry.ports) || low < 1 || high > 65535 || low > high) {
      report(() =>
        issue('validports.bad_port', 'critical', {
          title: `Invalid port "${entry.ports}" for ${entry.name}`,
          detail: 'Ports are 1-65535; a range is low-high.',
          position: at(entry.offset + entry.name.length + 1),
          text: `${entry.name}:${entry.ports}`,
          kb: KB,
        }),
      );
      continue;
    }
    const key = `${entry.name.toLowerCase()}:${entry.ports}`;
    if (seen.has(key)) {
      report(() =>
        issue('validports.duplicate', 'warning', {
          title: `Duplicate entry ${entry.name}:${entry.ports}`,
          detail: 'Harmless, but a sign the value was edited by hand.',
          position: at(entry.offset),
          text: `${entry.name}:${entry.ports}`,
          kb: KB,
        }),
      );
      continue;
    }
    seen.add(key);
    entries.push(entry);
  }
  const corrected = entries.map((e) => `${e.name}:${e.ports}`).join(';');
  // Every syntax finding carries the whole value as it should read once the separators are repaired.
  for (const f of findings)
    if (f.evidence && 'position' in f.evidence && entries.length > 0) f.evidence['corrected'] = corrected;
  if (entries.length === 0 && !findings.some((f) => f.severity === 'critical'))
    report(() =>
      issue('validports.empty', 'critical', {
        title: 'ValidPorts has no usable entry',
        detail: 'The proxy forwards to nothing.',
        kb: KB,
      }),
    );

  // Pass 3: what Outlook needs: both name forms, each with 6001, 6002 and 6004.
  const additions: string[] = [];
  const named = entries.filter((e) => !e.name.includes('*') && !/^\d+\.\d+\.\d+\.\d+$/.test(e.name));
  const byName = new Map<string, { name: string; ports: Set<number> }>();
  for (const e of named) {
    const record = byName.get(e.name.toLowerCase()) ?? { name: e.name, ports: new Set<number>() };
    const [low, high] = range(e.ports);
    for (const port of REQUIRED_PORTS) if (port >= low && port <= high) record.ports.add(port);
    byName.set(e.name.toLowerCase(), record);
  }
  const domains = [...byName.values()].map((r) => r.name.split('.').slice(1).join('.')).filter(Boolean);
  const domain = domains[0];
  const short = (name: string): string => name.split('.')[0] ?? name;
  // The first label of every listed FQDN, so "is EX01 also listed as EX01.<domain>" is one lookup per name.
  const fqdnShortNames = new Set([...byName.keys()].filter((k) => k.includes('.')).map((k) => short(k)));
  const rangeText = (ports: number[]): string[] => {
    const hasPair = ports.includes(6001) && ports.includes(6002);
    return [
      ...(hasPair ? ['6001-6002'] : ports.filter((p) => p !== 6004).map(String)),
      ...(ports.includes(6004) ? ['6004'] : []),
    ];
  };
  for (const record of byName.values()) {
    const missing = REQUIRED_PORTS.filter((p) => !record.ports.has(p));
    if (missing.length > 0 && record.ports.size > 0) {
      const add = rangeText(missing).map((p) => `${record.name}:${p}`);
      additions.push(...add);
      report(() =>
        issue('validports.missing_port', 'warning', {
          title: `${record.name} lacks port${missing.length > 1 ? 's' : ''} ${missing.join(', ')}`,
          detail: `Outlook needs 6001 (store), 6002 (referral) and 6004 (address book) for every name form; add ${add.join(';')}.`,
          text: record.name,
          kb: KB,
          evidence: { add },
        }),
      );
    }
    const isFqdn = record.name.includes('.');
    const counterpart = isFqdn
      ? short(record.name)
      : domain !== undefined
        ? `${record.name}.${domain}`
        : undefined;
    const present = isFqdn
      ? byName.has(short(record.name).toLowerCase())
      : fqdnShortNames.has(record.name.toLowerCase());
    if (!present) {
      const add =
        counterpart !== undefined ? rangeText(REQUIRED_PORTS).map((p) => `${counterpart}:${p}`) : [];
      additions.push(...add);
      report(() =>
        issue(isFqdn ? 'validports.missing_netbios' : 'validports.missing_fqdn', 'warning', {
          title: `${record.name} is listed ${isFqdn ? 'only by FQDN' : 'only by NetBIOS name'}`,
          detail: `ValidPorts matches the exact name clients ask for; list the ${isFqdn ? 'NetBIOS name' : 'FQDN'} too${add.length > 0 ? `: ${add.join(';')}` : ' (e.g. EX01.contoso.local:6001-6002;EX01.contoso.local:6004)'}.`,
          text: record.name,
          kb: KB,
          evidence: { add },
        }),
      );
    }
  }
  if (additions.length > 0) {
    const withAdditions = [corrected, ...new Set(additions)].filter(Boolean).join(';');
    for (const f of findings)
      if (f.severity === 'warning' && f.evidence && 'add' in f.evidence)
        f.evidence['corrected'] = withAdditions;
  }
  if (findings.length === 0)
    report(() =>
      issue('validports.ok', 'ok', {
        title: 'ValidPorts is well formed',
        detail: `${plural(entries.length, 'entry', 'entries')}; every name is listed as NetBIOS and FQDN with 6001-6002 and 6004.`,
        kb: KB,
      }),
    );
  return close();
}
