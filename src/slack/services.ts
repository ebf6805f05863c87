import type { Logger } from '@slack/bolt';
import type { Config } from '../config';
import type { KnowledgeBase } from '../kb';
import type { BotMetrics } from '../metrics/bot-metrics';
import type { Store } from '../store/store';
import type { CheckOptions, RunCheck } from '../probes/check-types';
import type { BackgroundTasks } from './background';
import type { CheckQueue } from './check-queue';
import type { EventDedupe } from './dedupe';
import type { CheckLimiter } from './rate-limit';

/** What listeners need from the core, handed in by the composition root (tests give real parts too). */
export interface SlackServices {
  config: Config;
  checkOptions: CheckOptions;
  runCheck: RunCheck;
  knowledgeBase: () => KnowledgeBase;
  limiter: CheckLimiter;
  tasks: BackgroundTasks;
  /** On-demand checks, at most RPCCHECK_MAX_CHECKS at once, round-robin across users. */
  checks: CheckQueue;
  metrics: BotMetrics;
  events: EventDedupe;
  logger: Logger;
  /** Watch lists and reminders; absent when the bot runs without a database. */
  store?: Store;
}

export { channelAllowed } from '../config';
