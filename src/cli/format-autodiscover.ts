import { candidateLines, endpointLines, settingsLines } from '../core/autodiscover-view';
import type { Report } from '../core/report';
import { formatFinding, formatReport, LABEL } from './format-report';
import type { TextStyle } from './style';

/** The terminal view of `rpccheck autodiscover`: verdict, candidates in order, settings, endpoints, findings. */
export function formatAutodiscoverReport(report: Report, style: TextStyle): string {
  const who = report.target.email ?? report.target.host;
  const counts = (['critical', 'warning'] as const)
    .map((s) => `${report.findings.filter((f) => f.severity === s).length} ${s}`)
    .join(', ');
  const lines = [
    `${style.severity(report.verdict, LABEL[report.verdict])}  ${style.bold(`Autodiscover for ${who}`)}  ${style.dim(`${counts} · ${report.durationMs} ms`)}`,
    '',
    style.bold("Candidates, in Outlook's order"),
    ...candidateLines(report).map((line, index) => `  ${index + 1}. ${line}`),
    '',
  ];
  const settings = settingsLines(report);
  if (settings.length > 0)
    lines.push(style.bold('Settings Outlook would get'), ...settings.map((l) => `  ${l}`), '');
  lines.push(style.bold('Endpoints'), ...endpointLines(report).map((l) => `  ${l}`), '');
  for (const f of report.findings) lines.push(...formatFinding(f, style), '');
  for (const note of report.notes ?? []) lines.push(style.dim(note), '');
  if (report.outlookAnywhere !== undefined)
    lines.push(
      style.bold(`Outlook Anywhere server (the check of ${report.outlookAnywhere.target.host})`),
      ...formatReport(report.outlookAnywhere, style)
        .split('\n')
        .map((l) => `  ${l}`),
    );
  return lines.join('\n').trimEnd();
}
