import type { Finding } from '../../core/report';
import { editDistance } from '../edit-distance';
import { collectFindings, issue, positionsIn } from './validator-findings';

/**
 * HKLM\System\CurrentControlSet\Services\NTDS\Parameters, multi-string "NSPI interface protocol sequences":
 * on a single server that is also the Global Catalog it must hold `ncacn_http:6004` (then a restart).
 */
const KB = 'nspi-gc-port';
const EXPECTED = 'ncacn_http:6004';
const PROTSEQS = ['ncacn_http', 'ncacn_ip_tcp', 'ncacn_np', 'ncalrpc', 'ncadg_ip_udp'];

/** Lines of a REG_MULTI_SZ as pasted: one per line, `\0` separated, or after REG_MULTI_SZ in `reg query`. */
function values(pasted: string): { text: string; offset: number }[] {
  const reg = /REG_MULTI_SZ\s+(.*)$/im.exec(pasted);
  const source = reg?.[1] ?? pasted;
  const base = reg?.[1] !== undefined ? (reg.index ?? 0) + reg[0].length - reg[1].length : 0;
  const out: { text: string; offset: number }[] = [];
  let offset = 0;
  for (const piece of source.split(/\r?\n|\\0/)) {
    if (
      piece.trim() !== '' &&
      !/NSPI interface protocol sequences/i.test(piece) &&
      !/^HKEY_/i.test(piece.trim())
    )
      out.push({ text: piece, offset: base + offset });
    offset += piece.length + 1;
  }
  return out;
}

/**
 * `name`, optional white space, an optional separator, white space, digits: what
 * /^([A-Za-z_]+)\s*([:;., ]?)\s*(\d*)$/ matched, read in one pass (the three optional runs of white space
 * made that regex cubic on a long run of spaces). The separator is never a space: the white space before it
 * takes every space.
 */
function protocolSequence(value: string): { protseq: string; separator: string; port: string } | undefined {
  const protseq = /^[A-Za-z_]+/.exec(value)?.[0];
  if (protseq === undefined) return undefined;
  let at = protseq.length;
  const skipSpace = (): void => {
    while (at < value.length && /\s/.test(value[at] ?? '')) at++;
  };
  skipSpace();
  const separator = ':;.,'.includes(value[at] ?? 'x') ? (value[at] ?? '') : '';
  at += separator.length;
  skipSpace();
  const port = value.slice(at);
  return /^\d*$/.test(port) ? { protseq, separator, port } : undefined;
}

export function validateNspi(pasted: string): Finding[] {
  const lines = values(pasted);
  const positionOf = positionsIn(pasted);
  const { findings, report, close } = collectFindings('nspi');
  let found = false;
  for (const { text, offset } of lines) {
    const at = positionOf(offset + (text.length - text.trimStart().length));
    const value = text.trim();
    if (value.toLowerCase() === EXPECTED) {
      found = true;
      continue;
    }
    if (/\s/.test(value) && value.replace(/\s+/g, '').toLowerCase() === EXPECTED) {
      found = true;
      report(() =>
        issue('nspi.stray_space', 'warning', {
          title: 'Stray space in the value',
          detail: `"${value}" must be written without spaces.`,
          position: at,
          text: value,
          corrected: EXPECTED,
          kb: KB,
        }),
      );
      continue;
    }
    if (value.includes(',')) {
      report(() =>
        issue('nspi.one_per_line', 'critical', {
          title: 'Several sequences on one line',
          detail: `"${value}": a multi-string holds one protocol sequence per line.`,
          position: at,
          text: value,
          corrected: value
            .split(',')
            .map((v) => v.trim())
            .join('\n'),
          kb: KB,
        }),
      );
      continue;
    }
    const match = protocolSequence(value);
    if (!match) {
      report(() =>
        issue('nspi.malformed', 'critical', {
          title: `Cannot read "${value}"`,
          detail: `Expected ${EXPECTED}.`,
          position: at,
          text: value,
          corrected: EXPECTED,
          kb: KB,
        }),
      );
      continue;
    }
    const { protseq, separator, port } = match;
    const lowerSeq = protseq.toLowerCase();
    if (lowerSeq !== 'ncacn_http') {
      const closest =
        PROTSEQS.find((p) => p === lowerSeq) ??
        (editDistance(lowerSeq, 'ncacn_http', 2) <= 2 ? undefined : lowerSeq);
      report(() =>
        closest === undefined
          ? issue('nspi.misspelled', 'critical', {
              title: `"${protseq}" is misspelled`,
              detail: `The protocol sequence is ncacn_http.`,
              position: at,
              text: value,
              corrected: EXPECTED,
              kb: KB,
            })
          : issue('nspi.wrong_protocol', 'critical', {
              title: `Wrong protocol sequence "${protseq}"`,
              detail: `RPC over HTTP needs ncacn_http (${protseq} is another transport).`,
              position: at,
              text: value,
              corrected: EXPECTED,
              kb: KB,
            }),
      );
      continue;
    }
    if (separator !== ':') {
      report(() =>
        issue('nspi.missing_colon', 'critical', {
          title: separator === ';' ? 'Semicolon typed where a colon belongs' : 'Missing colon',
          detail: `"${value}" must be "${EXPECTED}".`,
          position: positionOf(at.offset + protseq.length),
          text: value,
          corrected: EXPECTED,
          kb: KB,
        }),
      );
      continue;
    }
    report(() =>
      issue('nspi.wrong_port', 'critical', {
        title: `Wrong port ${port || '(none)'}`,
        detail: `The directory proxy (NSPI) port for RPC over HTTP is 6004; Outlook asks for 6004.`,
        position: positionOf(at.offset + protseq.length + 1),
        text: value,
        corrected: EXPECTED,
        kb: KB,
      }),
    );
  }
  if (lines.length === 0)
    report(() =>
      issue('nspi.empty', 'critical', {
        title: 'No value pasted',
        detail: `Expected ${EXPECTED}.`,
        corrected: EXPECTED,
        kb: KB,
      }),
    );
  else if (findings.length === 0 && found)
    report(() =>
      issue('nspi.ok', 'ok', {
        title: `NSPI listens on ${EXPECTED}`,
        detail: 'Restart the server after setting it, then check with rpcdump /v.',
        kb: KB,
      }),
    );
  return close();
}
