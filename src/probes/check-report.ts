import type { Finding, Report } from '../core/report';
import { sortFindings, verdictOf } from '../core/report';
import type { Target } from '../core/target';
import { finding } from '../findings/catalog';
import type { CertificateContext } from './certificate/probe-certificate';
import type { CheckOptions, CheckOutcome } from './check-types';
import { type Resolution, resolveTarget } from './resolve-target';

/** The report's common part: target, time, verdict and the findings in severity order. */
export function assembleReport(
  target: Target,
  address: string | undefined,
  started: number,
  now: Date,
  findings: Finding[],
): Report {
  const sorted = sortFindings(findings);
  return {
    target: {
      input: target.input,
      host: target.host,
      port: target.port,
      ...(address !== undefined && { address }),
    },
    checkedAt: now.toISOString(),
    durationMs: Math.round(performance.now() - started),
    verdict: verdictOf(sorted),
    findings: sorted,
  };
}

export function unresolvableReport(
  target: Target,
  resolution: Extract<Resolution, { kind: 'unresolvable' }>,
  started: number,
  now: Date,
): Report {
  return assembleReport(target, undefined, started, now, [
    finding('dns.unresolvable', {
      title: `${target.host} does not resolve`,
      detail: `DNS lookup failed (${resolution.code}): ${resolution.message}.`,
      evidence: { code: resolution.code },
    }),
  ]);
}

/** DNS and the target policy, the first step of every check. */
export function resolveFor(target: Target, options: CheckOptions): Promise<Resolution> {
  return resolveTarget(target, options.policy, {
    timeoutMs: options.timeoutMs,
    ...(options.lookup !== undefined && { lookup: options.lookup }),
  });
}

/** What judging the certificate needs of a check's options: the full check and the certificate view alike. */
export function certificateContext(target: Target, options: CheckOptions, now: Date): CertificateContext {
  return {
    host: target.host,
    now,
    warnDays: options.warnDays,
    extraCaPem: options.extraCaPem ?? [],
    policy: options.policy,
    timeoutMs: options.timeoutMs,
    ...(options.lookup !== undefined && { lookup: options.lookup }),
  };
}

/**
 * The first step of a check that probes: the address to connect to, or the check's end (refused by the
 * policy, or a report saying the name does not resolve).
 */
export async function resolveOrEnd(
  target: Target,
  options: CheckOptions,
  started: number,
  now: Date,
): Promise<{ address: string } | { end: CheckOutcome }> {
  const resolution = await resolveFor(target, options);
  if (resolution.kind === 'refused') return { end: { kind: 'refused', reason: resolution.reason } };
  if (resolution.kind === 'unresolvable')
    return { end: { kind: 'report', report: unresolvableReport(target, resolution, started, now) } };
  options.onResolved?.(resolution.address);
  return { address: resolution.address };
}
