import type { AutodiscoverCandidate, OutlookAnywhereSettings, Report } from './report';

/**
 * The Autodiscover report as plain text lines, shared by the terminal, the Slack report and its details
 * thread: the candidates in Outlook's order, the settings Outlook would get, and each endpoint's verdict.
 */

const METHOD_LABEL: Record<AutodiscoverCandidate['method'], string> = {
  root: 'root domain',
  autodiscover: 'autodiscover.',
  'http-redirect': 'port 80',
  srv: 'SRV',
  redirect: '→ redirect',
};

const OUTCOME_LABEL: Record<AutodiscoverCandidate['outcome'], string> = {
  autodiscover: 'answers',
  redirect: 'redirects',
  error_response: 'Error',
  not_autodiscover: 'not Autodiscover',
  invalid_xml: 'bad XML',
  certificate: 'certificate',
  unreachable: 'unreachable',
  refused: 'refused',
  loop: 'loop',
  no_record: 'no record',
  not_run: 'not run',
};

export function candidateLine(candidate: AutodiscoverCandidate): string {
  const status = candidate.status !== undefined ? ` ${candidate.status}` : '';
  const detail = candidate.detail !== undefined ? ` · ${candidate.detail}` : '';
  return `${METHOD_LABEL[candidate.method].padEnd(13)} ${OUTCOME_LABEL[candidate.outcome]}${status} · ${candidate.url} · ${candidate.ms} ms${detail}`;
}

export function candidateLines(report: Report): string[] {
  return (report.autodiscover?.candidates ?? []).map(candidateLine);
}

function outlookAnywhereLine(label: string, block: OutlookAnywhereSettings): string {
  return [
    `${label} ${block.server ?? '(no server)'}`,
    `SSL ${block.ssl ? 'on' : 'off'}`,
    ...(block.authPackage !== undefined ? [`AuthPackage ${block.authPackage}`] : []),
    ...(block.certPrincipalName !== undefined ? [block.certPrincipalName] : []),
  ].join(' · ');
}

export function settingsLines(report: Report): string[] {
  const settings = report.autodiscover?.settings;
  if (settings === undefined) return [];
  const lines: string[] = [];
  if (report.autodiscover?.signIn !== undefined)
    lines.push(`read with the test account (${report.autodiscover.signIn})`);
  if (settings.expr !== undefined) lines.push(outlookAnywhereLine('Outlook Anywhere (EXPR)', settings.expr));
  settings.exhttp.forEach((block, index) =>
    lines.push(
      outlookAnywhereLine(`Outlook Anywhere (EXHTTP ${index === 0 ? 'internal' : 'external'})`, block),
    ),
  );
  if (settings.expr === undefined && settings.exhttp.length === 0)
    lines.push('Outlook Anywhere: not published');
  const mailStore = settings.mapiHttp?.mailStore;
  lines.push(
    mailStore !== undefined
      ? `MAPI over HTTP ${mailStore.internalUrl ?? mailStore.externalUrl ?? '(no MailStore URL)'}`
      : 'MAPI over HTTP: not offered',
  );
  return lines;
}

const VERDICT_LABEL = { ok: 'OK', warning: 'WARNING', critical: 'CRITICAL' } as const;

export function endpointLines(report: Report): string[] {
  const lines: string[] = [];
  const endpoint = report.autodiscover?.endpoint;
  lines.push(
    endpoint !== undefined
      ? `Autodiscover: ${endpoint.url} (${METHOD_LABEL[endpoint.method].trim()})${endpoint.authMethods.length > 0 ? ` · ${endpoint.authMethods.join(', ')}` : ''}${endpoint.server !== undefined ? ` · ${endpoint.server}` : ''}`
      : 'Autodiscover: no candidate answered',
  );
  const oa = report.outlookAnywhere;
  if (oa !== undefined) {
    const counts = (['critical', 'warning'] as const)
      .map((s) => `${oa.findings.filter((f) => f.severity === s).length} ${s}`)
      .join(', ');
    lines.push(
      `Outlook Anywhere: ${VERDICT_LABEL[oa.verdict]} ${oa.target.host}:${oa.target.port} (${counts})`,
    );
  }
  const mapi = report.mapi;
  if (mapi !== undefined) {
    const health = `health check ${mapi.healthcheck.status ?? mapi.healthcheck.detail}${mapi.healthcheck.server !== undefined ? ` (${mapi.healthcheck.server})` : ''}`;
    const ping = `PING ${mapi.unauthenticated.status ?? mapi.unauthenticated.detail}${mapi.unauthenticated.authMethods.length > 0 ? ` (${mapi.unauthenticated.authMethods.join(', ')})` : ''}`;
    const signed =
      mapi.ping !== undefined ? ` · signed-in PING (${mapi.ping.signIn}) ${mapi.ping.detail}` : '';
    lines.push(`MAPI over HTTP: ${new URL(mapi.url).host} · ${health} · ${ping}${signed}`);
  }
  return lines;
}
