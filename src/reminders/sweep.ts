import { plural } from '../core/plural';
import { randomUUID } from 'node:crypto';
import { mapConcurrent } from '../core/map-concurrent';
import type { Target } from '../core/target';
import type { CheckOptions, RunCheck } from '../probes/check-types';
import { runCertificateCheck } from '../probes/run-certificate-check';
import type { NoticeKey, Store, WatchWithResult } from '../store/store';
import { type Decision, decide, type SweepOutcome } from './decide';
import type { Notice } from './notice';
import { noticeKey } from './notice-key';
import type { Notifier } from './notifier';
import { postWithin } from './post-within';
import { takeSweepTurn } from './sweep-turn';

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
  /** The cron tick this sweep is for (epoch ms; default now): a tick some replica already swept is skipped. */
  tick?: number;
  /** While another process sweeps, keep trying for the lock until then (epoch ms) instead of skipping. */
  waitUntil?: number;
  pollMs?: number;
  /** How long a claimed notice stays this sweep's before another may post it (default 1 minute). */
  claimMs?: number;
  /**
   * How long the sweep waits for notices another sweeper claimed (default: one claim's length). Holding the
   * lock means that sweeper lost it, by dying or losing its connection, so its claims lapse within `claimMs`;
   * waiting posts them in this tick instead of the next one (a day later with the default cron). 0: no wait.
   */
  awaitClaimsMs?: number;
  log?: (line: string) => void;
}

export interface SweepSummary {
  skipped: boolean;
  skipReason?: 'busy' | 'swept';
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
 * Sweeps one cron tick: takes the sweep lock (or skips: busy, or the tick already swept by a replica), checks
 * every watch (bounded concurrency; a watch with nothing to post is recorded as soon as it is checked, so only
 * the decisions that carry notices wait for the posts), decides, and posts one message per channel. Every notice is claimed in the
 * ledger before it is posted and marked posted with Slack's ts as soon as Slack accepts; then each watch's new
 * state is recorded. So whichever process dies and when, a notice is posted once, except in one window: Slack
 * accepted the message and the process died before marking it (README, "Running several replicas").
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
  const tick = options.tick ?? now().getTime();
  const turn = await takeSweepTurn(options.store, {
    owner,
    tick,
    pollMs: options.pollMs ?? 5000,
    now: () => now().getTime(),
    ...(options.waitUntil !== undefined && { waitUntil: options.waitUntil }),
  });
  if (turn.kind === 'skip') {
    if (turn.reason === 'busy') options.log?.('a sweep is already running; this one is skipped');
    return { ...summary, skipped: true, skipReason: turn.reason };
  }
  const { lock } = turn;
  try {
    const watches = await options.store.listWatches();
    const check = options.check ?? runCertificateCheck;
    const byChannel = new Map<string, Decided[]>();
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
      items.push({ watch, decision });
      byChannel.set(watch.channel, items);
    });
    // Checks finish in any order; a channel's message lists its hosts in the watch list's order.
    for (const items of byChannel.values())
      items.sort((a, b) => (order.get(a.watch.id) ?? 0) - (order.get(b.watch.id) ?? 0));
    const giveUpAt = performance.now() + (options.awaitClaimsMs ?? options.claimMs ?? DEFAULT_CLAIM_MS);
    let pending = [...byChannel];
    for (let lastRound = giveUpAt <= performance.now(); ;) {
      const deferred: [string, Decided[]][] = [];
      for (const [channel, items] of pending) {
        if (!lock.held()) {
          // Claims keep notices single even so, but a sweeper that lost its lock leaves the tick to the next.
          options.log?.('the sweep lock was lost; the remaining channels are left to the next sweep');
          return finish(summary, started);
        }
        const outcome = await postChannel(options, owner, channel, items, summary, now, !lastRound);
        if (outcome === 'deferred') deferred.push([channel, items]);
      }
      if (deferred.length === 0) break;
      options.log?.(
        `${plural(deferred.length, 'channel waits', 'channels wait')} for notices another sweeper claimed; posting them once the claims lapse`,
      );
      pending = deferred;
      await new Promise((resolve) =>
        setTimeout(resolve, Math.max(0, Math.min(options.pollMs ?? 5000, giveUpAt - performance.now()))),
      );
      lastRound = performance.now() >= giveUpAt;
    }
    await lock.finishTick(tick);
  } finally {
    await lock.release();
  }
  return finish(summary, started);
}

interface Decided {
  watch: WatchWithResult;
  decision: Decision;
}

function finish(summary: SweepSummary, started: number): SweepSummary {
  summary.durationMs = Math.round(performance.now() - started);
  return summary;
}

const DEFAULT_CLAIM_MS = 60 * 1000;

/**
 * One channel's digest: claim each notice, post the claimed ones, mark them posted, record each watch's state.
 * A notice another sweeper holds ('busy') defers the whole channel when `deferIfBusy` (our claims are given
 * back, so the channel still gets one message when it is posted); otherwise the others are posted and the busy
 * notice's watch stays unrecorded, for its claimant or the next sweep. A notice already posted (by a sweeper
 * that died before recording) is not posted again.
 */
async function postChannel(
  options: SweepOptions,
  owner: string,
  channel: string,
  items: Decided[],
  summary: SweepSummary,
  now: () => Date,
  deferIfBusy: boolean,
): Promise<'done' | 'deferred'> {
  const { store } = options;
  const claimMs = options.claimMs ?? DEFAULT_CLAIM_MS;
  const claimedAt = now().getTime();
  const toPost: { notice: Notice; key: NoticeKey }[] = [];
  const ready: Decided[] = [];
  for (const item of items) {
    let busy = false;
    for (const notice of item.decision.notices) {
      const key = noticeKey(notice, item.watch.last);
      const claim = await store.claimNotice(key, owner, claimMs, new Date(claimedAt));
      if (claim === 'claimed') toPost.push({ notice, key });
      if (claim === 'busy') busy = true;
    }
    if (!busy) ready.push(item);
  }
  const keys = toPost.map((entry) => entry.key);
  if (deferIfBusy && ready.length < items.length) {
    await store.releaseClaims(keys, owner);
    return 'deferred';
  }
  let ts: string | undefined;
  if (toPost.length > 0) {
    summary.notices += toPost.length;
    const notices = toPost.map((entry) => entry.notice);
    const result = await postWithin(options.notifier, channel, notices, claimedAt + claimMs, () =>
      now().getTime(),
    );
    if (!result.ok) {
      summary.postFailures.push({ channel, error: result.error });
      options.log?.(
        `posting ${plural(notices.length, 'notice')} to ${channel} failed (${result.error}); they will be posted by the next sweep`,
      );
      // Slack said no: nothing was posted, so the next sweep may claim at once. Without an answer the message
      // may be in the channel; the claim then stands until its lease ends.
      if (result.uncertain !== true) await store.releaseClaims(keys, owner);
      return 'done';
    }
    ts = result.ts;
    await store.markPosted(keys, owner, ts, now());
    summary.posted += notices.length;
  }
  for (const item of ready)
    await store.commit(item.watch.id, item.decision.next, item.decision.ledger, ts, now());
  return 'done';
}
