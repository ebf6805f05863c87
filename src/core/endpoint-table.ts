import type { Report, RpcEndpointOutcome, RpcPingSummary } from './report';

const LABEL: Record<RpcEndpointOutcome, string> = {
  ok: 'ok',
  refused: 'refused',
  not_found: 'not found',
  timeout: 'timeout',
  unauthorized: '401',
  error: 'error',
};

/**
 * The authenticated ping as a plain-text grid, back-end name form × port, for a terminal or a Slack code
 * block: the shape Remote Connectivity Analyzer users look for. Raw text; adapters escape it.
 */
export function endpointTableLines(ping: RpcPingSummary): string[] {
  const ports = [...new Set(ping.endpoints.map((e) => e.port))].sort((a, b) => a - b);
  const names = [...new Set([...ping.backends, ...ping.endpoints.map((e) => e.name)])];
  const nameWidth = Math.max('back end'.length, ...names.map((n) => n.length));
  const cell = (text: string): string => text.padEnd(10);
  const lines = [`${'back end'.padEnd(nameWidth)}  ${ports.map((p) => cell(String(p))).join('')}`.trimEnd()];
  for (const name of names) {
    const cells = ports.map((port) => {
      const row = ping.endpoints.find((e) => e.name === name && e.port === port);
      return cell(row === undefined ? '-' : LABEL[row.outcome]);
    });
    lines.push(`${name.padEnd(nameWidth)}  ${cells.join('')}`.trimEnd());
  }
  return lines;
}

/** How the account signed in, in a few words: `Basic`, or `NTLMv2 (Negotiate) with channel binding`. */
export function signInLabel(signIn: NonNullable<RpcPingSummary['signIn']>): string {
  if (signIn.scheme === 'Basic') return 'Basic';
  return `NTLMv2${signIn.scheme === 'Negotiate' ? ' (Negotiate)' : ''}${signIn.channelBinding ? ' with channel binding' : ''}`;
}

/** One line under the table: how the account signed in, the echo and how long the whole ping took. */
export function endpointTableFooter(ping: RpcPingSummary): string {
  const signedIn = ping.signIn ? `signed in with ${signInLabel(ping.signIn)} · ` : '';
  return `${signedIn}echo ${ping.echo.ok ? 'ok' : 'failed'} (${ping.echo.detail}) · ${ping.endpoints.length} pings in ${ping.durationMs} ms`;
}

/**
 * What a report shows about the authenticated ping, the same in every adapter: the endpoint table when pings
 * ran; a hint that a test account would add them when none was configured and a proxy answered; otherwise
 * nothing, because a finding (credentials rejected, ping skipped or stopped) already says what happened.
 */
export function rpcPingView(
  report: Report,
): { kind: 'table'; ping: RpcPingSummary } | { kind: 'hint' } | undefined {
  if (report.rpcPing)
    return report.rpcPing.endpoints.length > 0 ? { kind: 'table', ping: report.rpcPing } : undefined;
  if (report.rpcProxy && !report.findings.some((f) => f.code === 'rpc.ping_skipped')) return { kind: 'hint' };
  return undefined;
}
