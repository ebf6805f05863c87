import type { Logger } from '@slack/bolt';
import type { WebClient } from '@slack/web-api';
import { FairQueue, type Ticket } from '../core/fair-queue';
import type { SlackMessage } from './blocks/block-builders';
import { queuedMessage } from './blocks/queue-message';
import { LoopGate, type LoopGateOptions } from './loop-gate';
import { failure, postMessage, type PostResult, withRateLimit } from './post';

/** Where a waiting check tells its place: a channel message that `chat.update` keeps current. */
interface Placeholder {
  client: WebClient;
  channel: string;
  /** The thread the check was asked in: a report posted anew when this message is gone goes there too. */
  threadTs?: string;
  ts: string;
  what: string;
  shown: string;
  updatedAt: number;
  /** A position update is in flight: the next refresh does not send another. */
  updating: boolean;
  /** Updates of one message go one after another, so a late position update never overwrites the report. */
  chain: Promise<void>;
  final: boolean;
}

export interface QueuedCheck {
  client: WebClient;
  channel: string;
  threadTs?: string;
  /** The user who asked: the round-robin key. */
  userId: string;
  /** `mail.contoso.com:443`, for the waiting message. */
  what: string;
}

export interface SubmitResult {
  /** Checks that start before this one; undefined when it started at once. */
  ahead: number | undefined;
  /** Settles when the work is done (or failed). */
  done: Promise<void>;
}

/** What the work gets: how to deliver its message, into the waiting message when there is one. */
export type Deliver = (message: SlackMessage) => Promise<PostResult>;

export interface CheckQueueOptions {
  /** How often waiting messages are refreshed. */
  refreshMs?: number;
  /**
   * `chat.update` calls per refresh at most, stalest first: Slack allows about 50 a minute (Tier 3), and the
   * reports that replace the waiting messages need those calls more than a count going from 12 to 11 does.
   */
  updatesPerRefresh?: number;
  /**
   * How long a check waits before it posts a waiting message: the ack already says its place, and in a burst
   * most waits end within a second or two, which would otherwise cost two Slack calls per check.
   */
  placeholderAfterMs?: number;
  /** How starts yield to a busy event loop (see LoopGate). */
  gate?: LoopGateOptions;
}

/**
 * On-demand checks through a bounded, fair queue (RPCCHECK_MAX_CHECKS at once, round-robin across users). A
 * check that has to wait posts a message saying its place, refreshed every few seconds, which its report then
 * replaces. A `response_url` takes only five posts, so the waiting message is a channel message instead.
 */
export class CheckQueue {
  private readonly queue: FairQueue;
  private readonly placeholders = new Map<Ticket, Placeholder>();
  private readonly refreshMs: number;
  private readonly updatesPerRefresh: number;
  private readonly placeholderAfterMs: number;
  private readonly gate: LoopGate;
  private timer: NodeJS.Timeout | undefined;

  constructor(
    limit: number,
    private readonly logger: Logger,
    options: CheckQueueOptions = {},
  ) {
    this.queue = new FairQueue(limit);
    this.refreshMs = options.refreshMs ?? 3000;
    this.updatesPerRefresh = options.updatesPerRefresh ?? 3;
    this.placeholderAfterMs = options.placeholderAfterMs ?? 2000;
    this.gate = new LoopGate(options.gate);
  }

  get limit(): number {
    return this.queue.limit;
  }

  get running(): number {
    return this.queue.running;
  }

  get waiting(): number {
    return this.queue.queued;
  }

  /**
   * Runs `work` when its turn comes; never throws, the work's failure settles `done`. The slot is held until
   * the work delivers (or ends): delivering, and what follows it, runs beside the next checks.
   */
  submit(check: QueuedCheck, work: (deliver: Deliver) => Promise<void>): SubmitResult {
    // Posted only if the wait lasts: the ack already told the place, and most waits in a burst are short.
    let placeholder: Promise<Placeholder | undefined> | undefined;
    let placeholderTimer: NodeJS.Timeout | undefined;
    let resolveDone!: () => void;
    let rejectDone!: (error: unknown) => void;
    const done = new Promise<void>((resolve, reject) => {
      resolveDone = resolve;
      rejectDone = reject;
    });
    const ticket = this.queue.enqueue(check.userId, async () => {
      // The listener acknowledges right after submitting; the check's first steps wait for that.
      await new Promise((resolve) => setImmediate(resolve));
      // The slot is ours; its CPU work waits while acks of a burst still need the loop (never long).
      await this.gate.calm();
      clearTimeout(placeholderTimer);
      const waitingMessage = await placeholder;
      if (waitingMessage) this.placeholders.delete(ticket);
      // The slot bounds the probe work, not Slack's waits: it is given back once the report is ready, so
      // waiting out a 429 on the report (or its fallback post) holds up no other check.
      let releaseSlot!: () => void;
      const slotFreed = new Promise<void>((resolve) => {
        releaseSlot = resolve;
      });
      const deliver: Deliver = (message) => {
        releaseSlot();
        return waitingMessage
          ? this.replace(waitingMessage, message)
          : postMessage(check.client, check.channel, message, check.threadTs);
      };
      void work(deliver).then(resolveDone, rejectDone).finally(releaseSlot);
      await slotFreed;
    });
    const ahead = this.queue.ahead(ticket);
    if (ahead !== undefined) {
      placeholderTimer = setTimeout(() => {
        const place = this.queue.ahead(ticket);
        if (place === undefined) return;
        placeholder = this.postPlaceholder(ticket, check, place);
        this.startRefreshing();
      }, this.placeholderAfterMs);
      placeholderTimer.unref();
    }
    return { ahead, done };
  }

  /** Stops refreshing; what waits still runs (shutdown drains it through the background tasks). */
  close(): void {
    this.stopRefreshing();
    this.gate.close();
  }

  private stopRefreshing(): void {
    clearInterval(this.timer);
    this.timer = undefined;
  }

  private async postPlaceholder(
    ticket: Ticket,
    check: QueuedCheck,
    ahead: number,
  ): Promise<Placeholder | undefined> {
    const shown = queuedMessage(check.what, ahead);
    let ts: string;
    try {
      // Not waiting out a 429: the check's slot may come meanwhile, and it waits for this post.
      const posted = await check.client.chat.postMessage({
        channel: check.channel,
        text: shown.text,
        blocks: shown.blocks,
        unfurl_links: false,
        unfurl_media: false,
        ...(check.threadTs !== undefined && { thread_ts: check.threadTs }),
      });
      ts = posted.ts ?? '';
    } catch (error) {
      // Not in the channel, or rate-limited: the check still runs and its report takes the usual way.
      this.logger.warn(`could not post the waiting message for ${check.what}: ${failure(error).error}`);
      return undefined;
    }
    const placeholder: Placeholder = {
      client: check.client,
      channel: check.channel,
      ...(check.threadTs !== undefined && { threadTs: check.threadTs }),
      ts,
      what: check.what,
      shown: shown.text,
      updatedAt: Date.now(),
      updating: false,
      chain: Promise.resolve(),
      final: false,
    };
    if (this.queue.isWaiting(ticket)) this.placeholders.set(ticket, placeholder);
    return placeholder;
  }

  private startRefreshing(): void {
    if (this.timer !== undefined) return;
    this.timer = setInterval(() => this.refresh(), this.refreshMs);
    // A waiting message is no reason to keep a CLI or a test process alive.
    this.timer.unref();
  }

  private refresh(): void {
    if (this.placeholders.size === 0 && this.queue.queued === 0) {
      this.stopRefreshing();
      return;
    }
    const stale: { placeholder: Placeholder; message: SlackMessage }[] = [];
    for (const [ticket, placeholder] of this.placeholders) {
      const ahead = this.queue.ahead(ticket);
      if (ahead === undefined || placeholder.updating) continue;
      const message = queuedMessage(placeholder.what, ahead);
      if (message.text !== placeholder.shown) stale.push({ placeholder, message });
    }
    stale.sort((a, b) => a.placeholder.updatedAt - b.placeholder.updatedAt);
    for (const { placeholder, message } of stale.slice(0, this.updatesPerRefresh)) {
      placeholder.updating = true;
      // Only an update Slack took counts as shown: one refused (a 429) is sent again at the next refresh.
      void this.enqueueUpdate(placeholder, message).then((result) => {
        placeholder.updating = false;
        if (!result.ok) return;
        placeholder.shown = message.text;
        placeholder.updatedAt = Date.now();
      });
    }
  }

  /** The report takes the waiting message's place; if that message is gone, it is posted anew. */
  private async replace(placeholder: Placeholder, message: SlackMessage): Promise<PostResult> {
    placeholder.final = true;
    const updated = await this.enqueueUpdate(placeholder, message, true);
    if (updated.ok) return updated;
    this.logger.warn(`could not replace the waiting message for ${placeholder.what}: ${updated.error}`);
    return postMessage(placeholder.client, placeholder.channel, message, placeholder.threadTs);
  }

  private enqueueUpdate(placeholder: Placeholder, message: SlackMessage, final = false): Promise<PostResult> {
    const result = placeholder.chain.then(async (): Promise<PostResult> => {
      if (placeholder.final && !final) return { ok: true, ts: placeholder.ts };
      try {
        const update = () =>
          placeholder.client.chat.update({
            channel: placeholder.channel,
            ts: placeholder.ts,
            text: message.text,
            blocks: message.blocks,
          });
        // A place that moved is not worth a wait on a 429 (the next refresh says it); the report is.
        await (final ? withRateLimit(update) : update());
        return { ok: true, ts: placeholder.ts };
      } catch (error) {
        return failure(error);
      }
    });
    placeholder.chain = result.then(() => undefined);
    return result;
  }
}
