import { randomUUID } from 'node:crypto';
import { mapConcurrent } from '../core/map-concurrent';
import type { Target } from '../core/target';
import type { CheckOptions, RunCheck } from '../probes/check-types';
import { runCertificateCheck } from '../probes/run-certificate-check';
import type { Store, WatchWithResult } from '../store/store';
import { type Decision, decide, type SweepOutcome } from './decide';
import type { Notice } from './notice';
import type { Notifier } from './notifier';

export interface SweepOptions {
  store: Store;
  /**
   * The check run for each watch: the certificate view (`runCertificateCheck`) unless a caller asks for
   * another. Reminders need the chain, trust and dates, not the RPC proxy, NTLM, port 80 or health probes.
   */
  check?: RunCheck;
  checkOptions: CheckOptions;
  notifier: Notifier;
  now?: () => Date;
  concurrency: number;
  unreachableAfter: number;
  /** Lease length: a crashed sweep's lease expires and the next sweep may run. */
  leaseMs?: number;
  log?: (line: string) => void;
}

export interface SweepSummary {
  skipped: boolean;
  checked: number;
  notices: number;
  posted: number;
  postFailures: { channel: string; error: string }[];
  durationMs: number;
}

export function watchTarget(watch: WatchWithResult): Target {
  return {
    input: watch.input,
    host: watch.host,
    port: watch.port,
    ...(watch.connectAddress !== undefined && { connectAddress: watch.connectAddress }),
  };
}

async function observe(
  check: RunCheck,
  options: CheckOptions,
  watch: WatchWithResult,
): Promise<SweepOutcome> {
  try {
    const outcome = await check(watchTarget(watch), options);
    if (outcome.kind === 'refused') return { kind: 'failed', reason: `refused: ${outcome.reason}` };
    const { report } = outcome;
    const cert = report.certificate;
    if (!cert) {
      const worst = report.findings[0];
      return { kind: 'failed', reason: worst ? `${worst.code}: ${worst.title}` : 'no certificate' };
    }
    return {
      kind: 'certificate',
      verdict: report.verdict,
      cert: {
        fingerprint: cert.fingerprintSha256,
        notAfter: cert.notAfter,
        daysLeft: cert.daysLeft,
        issuer: cert.issuer,
        subject: cert.subject,
        trusted: cert.trusted,
      },
    };
  } catch (error) {
    return { kind: 'failed', reason: error instanceof Error ? error.message : String(error) };
  }
}

/**
 * Checks every watch (bounded concurrency), decides, posts one message per channel, and only then records the
 * new state with the ledger, per watch in one transaction. A failed post records nothing for its watches, so
 * the next sweep decides the same notices again: never lost, never doubled. A watch with nothing to post is
 * recorded as soon as it is checked, so a sweep keeps only the decisions that carry notices until the posts.
 */
export async function runSweep(options: SweepOptions): Promise<SweepSummary> {
  const started = performance.now();
  const now = options.now ?? (() => new Date());
  const owner = randomUUID();
  const summary: SweepSummary = {
    skipped: false,
    checked: 0,
    notices: 0,
    posted: 0,
    postFailures: [],
    durationMs: 0,
  };
  if (!(await options.store.acquireSweepLease(owner, options.leaseMs ?? 30 * 60 * 1000, now()))) {
    options.log?.('a sweep is already running; this one is skipped');
    return { ...summary, skipped: true };
  }
  try {
    const watches = await options.store.listWatches();
    const check = options.check ?? runCertificateCheck;
    const byChannel = new Map<string, { order: number; watch: WatchWithResult; decision: Decision }[]>();
    const order = new Map(watches.map((watch, index) => [watch.id, index]));
    await mapConcurrent(watches, options.concurrency, async (watch): Promise<void> => {
      const outcome = await observe(check, options.checkOptions, watch);
      const ledger = await options.store.posted(watch.id);
      const decision = decide(watch, watch.last, outcome, ledger, now(), options.unreachableAfter);
      summary.checked++;
      if (decision.notices.length === 0) {
        await options.store.commit(watch.id, decision.next, [], undefined, now());
        return;
      }
      const items = byChannel.get(watch.channel) ?? [];
      items.push({ order: order.get(watch.id) ?? 0, watch, decision });
      byChannel.set(watch.channel, items);
    });
    for (const [channel, items] of byChannel) {
      // Checks finish in any order; a channel's message lists its hosts in the watch list's order.
      items.sort((a, b) => a.order - b.order);
      const notices: Notice[] = items.flatMap((item) => item.decision.notices);
      summary.notices += notices.length;
      const result = await options.notifier.notify(channel, notices);
      if (!result.ok) {
        summary.postFailures.push({ channel, error: result.error });
        options.log?.(
          `posting ${notices.length} notice(s) to ${channel} failed (${result.error}); they will be posted by the next sweep`,
        );
        continue;
      }
      summary.posted += notices.length;
      for (const item of items)
        await options.store.commit(item.watch.id, item.decision.next, item.decision.ledger, result.ts, now());
    }
  } finally {
    await options.store.releaseSweepLease(owner);
  }
  summary.durationMs = Math.round(performance.now() - started);
  return summary;
}
