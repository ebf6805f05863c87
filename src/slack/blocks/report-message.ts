import { plainName } from '../../core/certificate-name';
import { plural } from '../../core/plural';
import type { KnownBlock } from '@slack/types';
import { endpointTableFooter, endpointTableLines, rpcPingView } from '../../core/endpoint-table';
import type { Finding, Report, RpcPingSummary, Severity } from '../../core/report';
import { formatHostPort, type Target } from '../../core/target';
import { escapeMrkdwn as esc, escapeText, truncate } from '../escape';
import { encodeTarget } from '../target-ref';
import { actions, button, context, fencedCode, header, section, type SlackMessage } from './block-builders';
import { MAX_BLOCKS, MAX_FALLBACK_TEXT } from './limits';
import { expiryInWords } from '../../core/expiry';

export const SEVERITY_EMOJI: Record<Severity, string> = {
  critical: ':red_circle:',
  warning: ':large_orange_circle:',
  info: ':large_blue_circle:',
  ok: ':large_green_circle:',
};
const SEVERITY_LABEL: Record<Severity, string> = {
  critical: 'Critical',
  warning: 'Warning',
  info: 'Info',
  ok: 'OK',
};

export const ACTION_RERUN = 'rpccheck_rerun';
export const ACTION_DETAILS = 'rpccheck_details';
export const ACTION_WATCH = 'rpccheck_watch';

/**
 * A finding's title or detail: our sentence around what a server sent (names, realms, errors), so shown as
 * outside text, with certificate names as the certificate has them.
 */
export const findingText = (text: string): string => escapeText(plainName(text));

/**
 * A finding's detail: as findingText, on a line of its own, so a wildcard name in it (`It is valid for
 * *.contoso.com`) copies without hidden characters.
 */
export const detailText = (text: string): string => escapeText(plainName(text), { wildcards: true });

/** A certificate's subject or issuer, as the certificate has it, inert. */
export const nameText = (name: string): string => escapeText(plainName(name));

/** One finding: what was seen and the next steps; the code and kb id in a context line (for /rpccheck explain). */
function findingBlocks(f: Finding): KnownBlock[] {
  const steps = f.nextSteps.map((step, i) => `${i + 1}. ${esc(step)}`).join('\n');
  const text = `${SEVERITY_EMOJI[f.severity]} *${findingText(f.title)}*\n${detailText(f.detail)}${steps ? `\n${steps}` : ''}`;
  return [
    section(text),
    context(`\`${f.code}\`${f.kb !== undefined ? ` · explain: \`/rpccheck explain ${f.code}\`` : ''}`),
  ];
}

function certificateLine(report: Report): string | undefined {
  const cert = report.certificate;
  if (!cert) return undefined;
  const when = expiryInWords(cert.daysLeft, Date.parse(cert.notAfter) < Date.parse(report.checkedAt));
  return `:lock: *Certificate* ${nameText(cert.subject)}\nissued by ${nameText(cert.issuer)} · expires ${cert.notAfter.slice(0, 10)} (${when}) · ${cert.trusted ? 'trusted' : '*not trusted*'}`;
}

/** Leaves room in the 3000-character section for the title and footer around the grid. */
const MAX_TABLE_CHARS = 2600;

/** The endpoint grid in a code block; names came from the NTLM challenge or the user, so they are escaped. */
export function endpointTableSection(ping: RpcPingSummary): KnownBlock {
  return section(
    `:satellite_antenna: *RPC ping through the proxy*\n${fencedCode(endpointTableLines(ping).join('\n'), MAX_TABLE_CHARS)}\n${escapeText(endpointTableFooter(ping))}`,
  );
}

export interface ReportMessageOptions {
  /** Offer the "watch this host" button (when watch lists are available). */
  watchable?: boolean;
}

/**
 * The report as a channel message: header with host and verdict, problems first with what was seen and the
 * next steps, OK findings on one line, the certificate, and buttons. Past Block Kit's 50 blocks the rest is
 * counted and left to the details thread.
 */
export function reportMessage(
  report: Report,
  target: Target,
  options: ReportMessageOptions = {},
): SlackMessage {
  const where = formatHostPort(report.target.host, report.target.port);
  const verdict = report.verdict.toUpperCase();
  const problems = report.findings.filter((f) => f.severity === 'critical' || f.severity === 'warning');
  const notes = report.findings.filter((f) => f.severity === 'info' || f.severity === 'ok');
  const tail: KnownBlock[] = [];
  const cert = certificateLine(report);
  if (notes.length > 0)
    tail.push(
      section(
        notes.map((f) => `${SEVERITY_EMOJI[f.severity]} ${findingText(f.title)} \`${f.code}\``).join('\n'),
      ),
    );
  const ping = rpcPingView(report);
  if (ping?.kind === 'table') tail.push(endpointTableSection(ping.ping));
  else if (ping?.kind === 'hint')
    tail.push(
      context(
        'Authenticated RPC ping not run: with a test account configured (RPCCHECK_PROBE_USER, RPCCHECK_PROBE_TARGETS) checks also prove 6001/6002/6004 answer through the proxy.',
      ),
    );
  if (cert) tail.push(section(cert));
  const value = encodeTarget(target);
  tail.push(
    actions([
      button('Re-run', ACTION_RERUN, value),
      button('Details in thread', ACTION_DETAILS, value),
      ...(options.watchable ? [button('Watch this host', ACTION_WATCH, value)] : []),
    ]),
  );
  const head: KnownBlock[] = [
    header(
      `${report.verdict === 'ok' ? '✅' : report.verdict === 'warning' ? '⚠️' : '🚨'} ${where}: ${verdict}`,
    ),
    context(
      `${report.target.address !== undefined ? `${escapeText(report.target.address)} · ` : ''}${plural(report.findings.length, 'finding')} · ${report.durationMs} ms · ${report.checkedAt.replace('T', ' ').slice(0, 19)} UTC`,
    ),
  ];
  const budget = MAX_BLOCKS - head.length - tail.length - 1;
  const body: KnownBlock[] = [];
  let shown = 0;
  for (const f of problems) {
    const blocks = findingBlocks(f);
    if (body.length + blocks.length > budget) break;
    body.push(...blocks);
    shown++;
  }
  if (shown < problems.length)
    body.push(
      context(
        `…and ${plural(problems.length - shown, 'more finding', 'more findings')}: press *Details in thread* to see them all.`,
      ),
    );
  const counts = (['critical', 'warning'] as const)
    .map(
      (s) => `${report.findings.filter((f) => f.severity === s).length} ${SEVERITY_LABEL[s].toLowerCase()}`,
    )
    .join(', ');
  const text = truncate(
    `rpccheck ${where}: ${verdict} (${counts})${problems.length > 0 ? ` — ${problems.map((f) => f.code).join(', ')}` : ''}`,
    MAX_FALLBACK_TEXT,
  );
  return { text: esc(text), blocks: [...head, ...body, ...tail] };
}
