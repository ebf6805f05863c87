import type { KnownBlock } from '@slack/types';
import { plainName } from '../../core/certificate-name';
import { rpcPingView } from '../../core/endpoint-table';
import type { Report } from '../../core/report';
import { formatHostPort } from '../../core/target';
import { escapeMrkdwn as esc, escapeText, nameCode, truncate } from '../escape';
import { context, fencedCode, fitList, section, type SlackMessage } from './block-builders';
import { MAX_BLOCKS, MAX_SECTION_TEXT } from './limits';
import { detailText, endpointTableSection, findingText, nameText, SEVERITY_EMOJI } from './report-message';
import { expiryInWords } from '../../core/expiry';

/** Room in a 3000-character section for a title before a code block and a line after it. */
const CODE_ROOM = MAX_SECTION_TEXT - 200;

/** What the report leaves out, for the thread: every finding, the chain as sent, headers, timings, NTLM. */
export function detailsMessages(report: Report): SlackMessage[] {
  const blocks: KnownBlock[] = [];
  const where = formatHostPort(report.target.host, report.target.port);
  for (const f of report.findings) {
    const steps = f.nextSteps.map((s, i) => `${i + 1}. ${esc(s)}`).join('\n');
    blocks.push(
      section(
        `${SEVERITY_EMOJI[f.severity]} *${findingText(f.title)}* \`${f.code}\`\n${detailText(f.detail)}${steps ? `\n${steps}` : ''}`,
      ),
    );
  }
  const cert = report.certificate;
  if (cert) {
    const chain = cert.chain
      .map(
        (c, i) =>
          `${i}. ${plainName(c.subject)}\n    issued by ${plainName(c.issuer)}, until ${c.notAfter.slice(0, 10)}\n    sha-256 ${c.fingerprintSha256}`,
      )
      .join('\n');
    const head = `*Certificate*\nsubject ${nameText(cert.subject)}\nnames `;
    const tail = `\nvalid ${cert.notBefore.slice(0, 10)} → ${cert.notAfter.slice(0, 10)} (${expiryInWords(cert.daysLeft, Date.parse(cert.notAfter) < Date.parse(report.checkedAt))})\nkey ${escapeText(cert.keyType)} ${cert.keyBits} bits, ${escapeText(cert.signatureAlgorithm)}\nserial ${escapeText(cert.serialNumber)}`;
    // The names list gets what the lines around it leave; past that it says how many more.
    const names =
      cert.sans.length === 0
        ? '(none)'
        : fitList(cert.sans.map(nameCode), MAX_SECTION_TEXT - head.length - Math.min(tail.length, 1500));
    blocks.push(
      section(`${head}${names}${tail}`),
      section(`*Chain as sent by the server*\n${fencedCode(chain, CODE_ROOM)}`),
    );
  }
  if (report.tls)
    blocks.push(
      section(
        `*TLS* ${escapeText(report.tls.protocol)}, ${escapeText(report.tls.cipher)}${report.tls.alpn ? `, ALPN ${escapeText(report.tls.alpn)}` : ''}`,
      ),
    );
  const response = report.findings.map((f) => f.evidence?.['response']).find((r) => r !== undefined) as
    { status: number; statusText: string; headers: Record<string, string[]>; ms: number } | undefined;
  if (report.rpcProxy && response) {
    const headers = Object.entries(response.headers)
      .flatMap(([name, values]) => values.map((v) => `${name}: ${v}`))
      .join('\n');
    blocks.push(
      section(
        `*RPC proxy* ${escapeText(truncate(report.rpcProxy.url, 300))}\n${fencedCode(`${response.status} ${response.statusText}\n${headers}`, CODE_ROOM)}\nanswered in ${response.ms} ms`,
      ),
    );
  }
  const ntlm = report.findings.find((f) => f.code === 'ntlm.server_identity');
  if (ntlm?.evidence)
    blocks.push(
      section(
        `*NTLM identity*\n${fencedCode(
          Object.entries(ntlm.evidence)
            .map(([k, v]) => `${k}: ${typeof v === 'object' ? JSON.stringify(v) : String(v)}`)
            .join('\n'),
          CODE_ROOM,
        )}`,
      ),
    );
  const ping = rpcPingView(report);
  if (ping?.kind === 'table') blocks.push(endpointTableSection(ping.ping));
  blocks.push(context(`checked ${report.checkedAt} in ${report.durationMs} ms`));
  // Threads take as many messages as needed; each stays within the block limit.
  const messages: SlackMessage[] = [];
  for (let i = 0; i < blocks.length; i += MAX_BLOCKS)
    messages.push({
      text: `Details for ${esc(where)} (${i / MAX_BLOCKS + 1})`,
      blocks: blocks.slice(i, i + MAX_BLOCKS),
    });
  return messages;
}
