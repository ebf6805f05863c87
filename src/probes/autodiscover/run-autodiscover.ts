import type { ProbeCredentials } from '../../config';
import { applyConnectTo } from '../../core/connect-to';
import type { AutodiscoverTarget } from '../../core/mailbox';
import type {
  AutodiscoverCandidate,
  AutodiscoverSection,
  AutodiscoverSettings,
  Finding,
  MapiSummary,
  OutlookAnywhereSettings,
  Report,
  Verdict,
} from '../../core/report';
import { sortFindings, verdictOf } from '../../core/report';
import { parseTarget } from '../../core/target';
import { finding } from '../../findings/catalog';
import type { CheckOptions, CheckOutcome } from '../check-types';
import { fallbackMailStoreUrl, probeMapi } from '../mapi/probe-mapi';
import { runCheck } from '../run-check';
import { analyzeCandidates, analyzeSettings, errorResponseFinding } from './analyze-autodiscover';
import type { AutodiscoverOptions } from './autodiscover-types';
import { probeAddress } from './candidates';
import { checkAuthPackage, checkCertPrincipal } from './cross-check';
import { requestSettings, type SettingsOutcome } from './settings-request';
import { accountTargets } from './sign-in';
import { type WalkChain, type WalkRow, walkCandidates } from './walk';

/**
 * `rpccheck autodiscover` (spec §9): the candidate walk, the settings with the test account, then the
 * endpoints they name: the EXPR server gets the full check (nested in the report) and MAPI over HTTP its
 * health check and PINGs. Never throws for anything the network does.
 */

const ACCOUNT_NOTE =
  'Without a test account (--user, or RPCCHECK_PROBE_USER with RPCCHECK_PROBE_TARGETS) rpccheck cannot read the settings Outlook gets: with one it also checks the Outlook Anywhere server they name, compares CertPrincipalName and AuthPackage with what that server does, and sends a signed-in MAPI PING.';

const row = (r: WalkRow): AutodiscoverCandidate => ({
  url: r.url,
  method: r.method,
  outcome: r.outcome,
  ...(r.status !== undefined && { status: r.status }),
  ms: r.ms,
  ...(r.detail !== undefined && { detail: r.detail }),
});

const WORST: Verdict[] = ['critical', 'warning', 'ok'];
const worst = (...verdicts: Verdict[]): Verdict => WORST.find((v) => verdicts.includes(v)) ?? 'ok';

function settingsFindings(outcome: SettingsOutcome): Finding[] {
  switch (outcome.kind) {
    case 'settings':
      return [];
    case 'skipped':
      return [
        finding('autodiscover.settings_skipped', {
          title: `Autodiscover settings not requested with the test account: ${outcome.short}`,
          detail: `The account was not sent to ${outcome.url}: ${outcome.reason}.`,
        }),
      ];
    case 'rejected':
      return [
        finding('autodiscover.credentials_rejected', {
          title: `Autodiscover refused the test account (${outcome.scheme})`,
          detail: `${outcome.url} answered 401 to the test account signing in with ${outcome.scheme}: ${outcome.detail}. Outlook keeps asking for credentials.`,
          evidence: { url: outcome.url, scheme: outcome.scheme },
        }),
      ];
    case 'error':
      return [errorResponseFinding(outcome.url, outcome.code, outcome.message)];
    case 'redirected': {
      const hybrid = /\.mail\.onmicrosoft\.com$/i.test(outcome.address);
      return [
        finding('autodiscover.settings_skipped', {
          title: `Autodiscover redirects the mailbox to ${outcome.address}`,
          detail: `${outcome.url} answered redirectAddr ${outcome.address}: Outlook restarts discovery for that address${hybrid ? ' (a mailbox in Exchange Online, as hybrid expects)' : "; in a hybrid setup the target should be <tenant>.mail.onmicrosoft.com, so check the remote mailbox's targetAddress"}. rpccheck does not follow a redirect to another domain.`,
          ...(!hybrid && { kb: 'autodiscover-redirect-addr' }),
          evidence: { url: outcome.url, redirectAddr: outcome.address },
        }),
      ];
    }
    case 'failed':
      return [
        /more than \d+ redirects|already visited/.test(outcome.detail)
          ? finding('autodiscover.redirect_loop', {
              title: 'Autodiscover redirects in a loop',
              detail: `${outcome.url}: ${outcome.detail}.`,
              evidence: { url: outcome.url },
            })
          : finding('autodiscover.error_response', {
              title: 'Autodiscover gave the test account no usable settings',
              detail: `${outcome.url}: ${outcome.detail}.`,
              evidence: { url: outcome.url, errorCode: null },
            }),
      ];
  }
}

/** The Outlook Anywhere block Outlook uses from outside: EXPR, else the last (external) EXHTTP. */
function outlookAnywhere(settings: AutodiscoverSettings): OutlookAnywhereSettings | undefined {
  return settings.expr ?? settings.exhttp[settings.exhttp.length - 1];
}

async function checkExpr(
  block: OutlookAnywhereSettings | undefined,
  options: AutodiscoverOptions,
  credentials: ProbeCredentials | undefined,
): Promise<{ report?: Report; note?: string }> {
  if (block?.server === undefined) return {};
  const parsed = parseTarget(block.server);
  if (!parsed.ok) return { note: `Outlook Anywhere server "${block.server}" not checked: ${parsed.reason}` };
  // The nested check gets the check's own options: Autodiscover's extras stay here, the account is the scoped one.
  const checkOptions: CheckOptions = {
    policy: options.policy,
    timeoutMs: options.timeoutMs,
    warnDays: options.warnDays,
    ...(options.extraCaPem !== undefined && { extraCaPem: options.extraCaPem }),
    ...(options.now !== undefined && { now: options.now }),
    ...(options.lookup !== undefined && { lookup: options.lookup }),
    ...(options.httpPort !== undefined && { httpPort: options.httpPort }),
    ...(credentials !== undefined && { credentials }),
  };
  const outcome = await (options.runCheck ?? runCheck)(
    applyConnectTo(parsed.target, options.connectTo ?? []),
    checkOptions,
  );
  if (outcome.kind === 'refused')
    return { note: `Outlook Anywhere server ${block.server} not checked: ${outcome.reason}` };
  return { report: outcome.report };
}

export async function runAutodiscover(
  target: AutodiscoverTarget,
  options: AutodiscoverOptions,
): Promise<CheckOutcome> {
  const started = performance.now();
  const now = options.now?.() ?? new Date();
  const { domain } = target;
  const email = target.email ?? probeAddress(domain);
  const credentials =
    options.credentials !== undefined ? accountTargets(options.credentials, domain) : undefined;
  const notes: string[] = [];

  const chains: WalkChain[] = await walkCandidates(domain, email, options);
  // When the policy refused every host the walk could have reached, nothing was sent: a refusal, as for `check`.
  const rows = chains.flat();
  const refusal = rows.find((r) => r.outcome === 'refused');
  if (refusal !== undefined && rows.every((r) => r.outcome === 'refused' || r.outcome === 'no_record'))
    return { kind: 'refused', reason: refusal.detail ?? 'refused by the target policy' };
  const walk = analyzeCandidates(chains);
  const findings: Finding[] = [...walk.findings];
  const chain = walk.chosen !== undefined ? chains[walk.chosen] : undefined;
  const end = chain?.[chain.length - 1];
  const extraRows: WalkRow[] = [];

  let settings: AutodiscoverSettings | undefined;
  let signIn: string | undefined;
  if (end?.outcome === 'error_response' && end.answer?.kind === 'error')
    findings.push(errorResponseFinding(end.url, end.answer.code, end.answer.message));
  if (end?.outcome === 'autodiscover') {
    if (end.answer?.kind === 'settings') settings = end.answer.settings;
    else if (credentials !== undefined && target.email !== undefined) {
      const outcome = await requestSettings(end, credentials, {
        options,
        email: target.email,
        seen: new Set(chain?.map((r) => r.url.toLowerCase())),
        hops: (chain?.length ?? 1) - 1,
      });
      if ('hops' in outcome) extraRows.push(...outcome.hops);
      if (outcome.kind === 'settings') {
        settings = outcome.settings;
        signIn = outcome.signIn;
      }
      findings.push(...settingsFindings(outcome));
    } else if (credentials !== undefined)
      notes.push(
        'Only a domain was given: give an e-mail address to read the settings with the test account.',
      );
    else notes.push(ACCOUNT_NOTE);
  }

  let mapi: MapiSummary | undefined;
  const block = settings !== undefined ? outlookAnywhere(settings) : undefined;
  if (settings !== undefined) findings.push(...analyzeSettings(settings));
  const mailStore = settings?.mapiHttp?.mailStore;
  const mapiUrl =
    mailStore !== undefined
      ? (mailStore.internalUrl ?? mailStore.externalUrl)
      : settings === undefined && end?.outcome === 'autodiscover' && end.endpoint !== undefined
        ? fallbackMailStoreUrl(end.endpoint.url.host, domain)
        : undefined;
  const [nested, mapiResult] = await Promise.all([
    checkExpr(block, options, credentials),
    mapiUrl === undefined
      ? Promise.resolve(undefined)
      : probeMapi({
          url: mapiUrl,
          source: mailStore !== undefined ? 'settings' : 'autodiscover-host',
          options,
          ...(credentials !== undefined && { credentials }),
        }),
  ]);
  if (nested.note !== undefined) notes.push(nested.note);
  if (mapiResult !== undefined) {
    findings.push(...mapiResult.findings);
    mapi = mapiResult.summary;
    if (mapiResult.note !== undefined) notes.push(mapiResult.note);
  }
  if (block !== undefined && nested.report !== undefined)
    findings.push(...checkCertPrincipal(block, nested.report), ...checkAuthPackage(block, nested.report));

  const sorted = sortFindings(findings);
  const first = chain?.[0];
  const section: AutodiscoverSection = {
    candidates: [...chains.flat(), ...extraRows].map(row),
    ...(end?.outcome === 'autodiscover' &&
      first !== undefined && {
        endpoint: {
          url: end.url,
          method: first.method,
          authMethods: end.authMethods ?? [],
          ...(end.server !== undefined && { server: end.server }),
        },
      }),
    ...(settings !== undefined && { settings }),
    ...(signIn !== undefined && { signIn }),
  };
  const report: Report = {
    target: {
      input: target.input,
      host: domain,
      port: 443,
      ...(target.email !== undefined && { email: target.email }),
    },
    checkedAt: now.toISOString(),
    durationMs: Math.round(performance.now() - started),
    verdict: worst(verdictOf(sorted), nested.report?.verdict ?? 'ok'),
    findings: sorted,
    autodiscover: section,
    ...(nested.report !== undefined && { outlookAnywhere: nested.report }),
    ...(mapi !== undefined && { mapi }),
    ...(notes.length > 0 && { notes }),
  };
  return { kind: 'report', report };
}
