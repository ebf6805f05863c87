import { plainName } from '../core/certificate-name';
import type { Finding, Report, Severity } from '../core/report';
import { expiryInWords } from '../core/expiry';
import { endpointTableFooter, endpointTableLines, rpcPingView } from '../core/endpoint-table';
import { formatHostPort } from '../core/target';
import type { TextStyle } from './style';

export const LABEL: Record<Severity, string> = {
  critical: 'CRITICAL',
  warning: 'WARNING',
  info: 'INFO',
  ok: 'OK',
};

function count(findings: readonly Finding[], severity: Severity): number {
  return findings.filter((f) => f.severity === severity).length;
}

export function formatFinding(f: Finding, style: TextStyle): string[] {
  const lines = [
    `${style.severity(f.severity, LABEL[f.severity].padEnd(8))} ${style.bold(f.title)}  ${style.dim(f.code)}`,
  ];
  if (f.severity === 'ok') return lines;
  lines.push(`         ${f.detail}`);
  f.nextSteps.forEach((step, index) => lines.push(`         ${index + 1}. ${step}`));
  if (f.kb !== undefined) lines.push(style.dim(`         more: rpccheck explain ${f.code}  (${f.kb})`));
  return lines;
}

/** The terminal view of a report: verdict first, then findings by severity, then the certificate. */
export function formatReport(report: Report, style: TextStyle): string {
  const { target } = report;
  const where =
    formatHostPort(target.host, target.port) + (target.address !== undefined ? ` (${target.address})` : '');
  const counts = (['critical', 'warning'] as const)
    .map((s) => `${count(report.findings, s)} ${s}`)
    .join(', ');
  const lines = [
    `${style.severity(report.verdict, LABEL[report.verdict])}  ${style.bold(where)}  ${style.dim(`${counts} · ${report.durationMs} ms`)}`,
    '',
  ];
  for (const f of report.findings) lines.push(...formatFinding(f, style), '');
  const cert = report.certificate;
  if (cert) {
    lines.push(
      style.bold('Certificate'),
      `  subject   ${plainName(cert.subject)}`,
      `  issuer    ${plainName(cert.issuer)}`,
      `  names     ${cert.sans.join(', ') || '(no SAN)'}`,
      `  valid     ${cert.notBefore.slice(0, 10)} → ${cert.notAfter.slice(0, 10)} (${expiryInWords(cert.daysLeft, Date.parse(cert.notAfter) < Date.parse(report.checkedAt))})`,
      `  key       ${cert.keyType.toUpperCase()} ${cert.keyBits} bits, ${cert.signatureAlgorithm}`,
      `  sha-256   ${cert.fingerprintSha256}`,
      `  chain     ${cert.chain.map((c) => c.subject.split(',')[0]).join(' → ')} (as sent)`,
    );
  }
  if (report.tls) lines.push(`  tls       ${report.tls.protocol}, ${report.tls.cipher}`);
  if (report.rpcProxy)
    lines.push(
      `  rpc proxy ${report.rpcProxy.status} · ${report.rpcProxy.authMethods.join(', ') || 'no auth methods'}${report.rpcProxy.server ? ` · ${report.rpcProxy.server}` : ''}`,
    );
  const ping = rpcPingView(report);
  if (ping?.kind === 'table') {
    const [head = '', ...rows] = endpointTableLines(ping.ping);
    lines.push('', style.bold('RPC ping through the proxy'), `  ${style.dim(head)}`);
    for (const row of rows) lines.push(`  ${row}`);
    lines.push(style.dim(`  ${endpointTableFooter(ping.ping)}`));
  } else if (ping?.kind === 'hint') {
    lines.push(
      style.dim(
        '  rpc ping  not run: with a test account (--user DOMAIN\\user) rpccheck also logs in and proves 6001/6002/6004 answer through the proxy',
      ),
    );
  }
  return lines.join('\n').trimEnd();
}

/** Exit code of `check` (spec §2): 0 fine, 1 worst is a warning, 2 worst is critical. */
export function exitCodeFor(report: Report): number {
  return report.verdict === 'critical' ? 2 : report.verdict === 'warning' ? 1 : 0;
}
