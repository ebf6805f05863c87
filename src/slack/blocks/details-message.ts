import type { KnownBlock } from '@slack/types';
import { rpcPingView } from '../../core/endpoint-table';
import type { Report } from '../../core/report';
import { formatHostPort } from '../../core/target';
import { escapeMrkdwn as esc } from '../escape';
import { context, section, type SlackMessage } from './block-builders';
import { MAX_BLOCKS } from './limits';
import { endpointTableSection, SEVERITY_EMOJI } from './report-message';
import { expiryInWords } from '../../core/expiry';

/** What the report leaves out, for the thread: every finding, the chain as sent, headers, timings, NTLM. */
export function detailsMessages(report: Report): SlackMessage[] {
  const blocks: KnownBlock[] = [];
  const where = formatHostPort(report.target.host, report.target.port);
  for (const f of report.findings) {
    const steps = f.nextSteps.map((s, i) => `${i + 1}. ${esc(s)}`).join('\n');
    blocks.push(
      section(
        `${SEVERITY_EMOJI[f.severity]} *${esc(f.title)}* \`${f.code}\`\n${esc(f.detail)}${steps ? `\n${steps}` : ''}`,
      ),
    );
  }
  const cert = report.certificate;
  if (cert) {
    const chain = cert.chain
      .map(
        (c, i) =>
          `${i}. ${esc(c.subject)}\n    issued by ${esc(c.issuer)}, until ${c.notAfter.slice(0, 10)}\n    sha-256 ${c.fingerprintSha256}`,
      )
      .join('\n');
    blocks.push(
      section(
        `*Certificate*\nsubject ${esc(cert.subject)}\nnames ${esc(cert.sans.join(', ') || '(none)')}\nvalid ${cert.notBefore.slice(0, 10)} → ${cert.notAfter.slice(0, 10)} (${expiryInWords(cert.daysLeft, Date.parse(cert.notAfter) < Date.parse(report.checkedAt))})\nkey ${esc(cert.keyType)} ${cert.keyBits} bits, ${esc(cert.signatureAlgorithm)}\nserial ${esc(cert.serialNumber)}`,
      ),
      section(`*Chain as sent by the server*\n\`\`\`${chain}\`\`\``),
    );
  }
  if (report.tls)
    blocks.push(
      section(
        `*TLS* ${esc(report.tls.protocol)}, ${esc(report.tls.cipher)}${report.tls.alpn ? `, ALPN ${esc(report.tls.alpn)}` : ''}`,
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
        `*RPC proxy* ${esc(report.rpcProxy.url)}\n\`\`\`${esc(`${response.status} ${response.statusText}\n${headers}`)}\`\`\`\nanswered in ${response.ms} ms`,
      ),
    );
  }
  const ntlm = report.findings.find((f) => f.code === 'ntlm.server_identity');
  if (ntlm?.evidence)
    blocks.push(
      section(
        `*NTLM identity*\n\`\`\`${esc(
          Object.entries(ntlm.evidence)
            .map(([k, v]) => `${k}: ${typeof v === 'object' ? JSON.stringify(v) : String(v)}`)
            .join('\n'),
        )}\`\`\``,
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
