import { App, HTTPReceiver, LogLevel, type Logger, SocketModeReceiver } from '@slack/bolt';
import type { Config } from '../config';
import { requireSlack } from '../config';
import type { KnowledgeBase } from '../kb';
import { createBotMetrics } from '../metrics/bot-metrics';
import type { CheckOptions, RunCheck } from '../probes/check-types';
import type { Store } from '../store/store';
import { BackgroundTasks } from './background';
import { CheckQueue, type CheckQueueOptions } from './check-queue';
import { eventDedupe } from './dedupe';
import { registerActions } from './listeners/actions';
import { registerCommands } from './listeners/commands';
import { registerEvents } from './listeners/events';
import { CheckLimiter } from './rate-limit';
import type { SlackServices } from './services';

export interface SlackAppOptions {
  config: Config;
  runCheck: RunCheck;
  checkOptions: CheckOptions;
  knowledgeBase: () => KnowledgeBase;
  logger?: Logger;
  logLevel?: LogLevel;
  store?: Store;
  /** How waiting messages are refreshed (tests shorten it). */
  queue?: CheckQueueOptions;
}

export interface SlackBot {
  app: App;
  services: SlackServices;
  mode: 'socket' | 'http';
  start(): Promise<void>;
  /** The HTTP port actually listened on (PORT=0 picks a free one), once started in HTTP mode. */
  port(): number | undefined;
  /** Stops taking work, waits for checks in flight (bounded), then closes the receiver. */
  stop(timeoutMs?: number): Promise<void>;
}

interface RouteResponse {
  writeHead(status: number, headers: Record<string, string>): { end(body: string): void };
}

const HEALTHZ = {
  path: '/healthz',
  method: ['GET'],
  handler: (_req: unknown, res: RouteResponse) => {
    res.writeHead(200, { 'content-type': 'application/json' }).end('{"ok":true}');
  },
};

/**
 * The Bolt app: Socket Mode when SLACK_APP_TOKEN is set, else HTTP at /slack/events with GET /healthz.
 * The Web API base URL comes from SLACK_API_URL, and retries are bounded: Slack's default retries for ~30 min.
 */
export function createSlackBot(options: SlackAppOptions): SlackBot {
  const { config } = options;
  const slack = requireSlack(config);
  const clientOptions = {
    ...(config.slack.apiUrl !== undefined && { slackApiUrl: config.slack.apiUrl }),
    retryConfig: { retries: 3, factor: 2, minTimeout: 500, maxTimeout: 10000, maxRetryTime: 30000 },
    // A 429 comes back at once with its Retry-After (post.ts withRateLimit waits it out within the budget):
    // the client's own handling would wait any Retry-After, pausing every call of the bot meanwhile.
    rejectRateLimitedCalls: true,
  };
  const logLevel = options.logLevel ?? LogLevel.INFO;
  const socket = slack.appToken !== undefined;
  // The queue needs the app's logger, the app needs the routes, and the metrics route reads the queue.
  const live: { queue?: CheckQueue } = {};
  const metrics = createBotMetrics({
    ...(options.store !== undefined && { store: options.store }),
    queue: () => ({ waiting: live.queue?.waiting ?? 0, running: live.queue?.running ?? 0 }),
  });
  const METRICS = {
    path: '/metrics',
    method: ['GET'],
    handler: (_req: unknown, res: RouteResponse) => {
      metrics.registry.metrics().then(
        (text) => res.writeHead(200, { 'content-type': metrics.registry.contentType }).end(text),
        (error: unknown) =>
          res
            .writeHead(500, { 'content-type': 'text/plain' })
            .end(`metrics failed: ${error instanceof Error ? error.message : String(error)}\n`),
      );
    },
  };
  const receiver = socket
    ? new SocketModeReceiver({
        appToken: slack.appToken ?? '',
        logLevel,
        ...(options.logger !== undefined && { logger: options.logger }),
        installerOptions: { clientOptions, port: config.slack.port },
        customRoutes: [HEALTHZ, METRICS],
      })
    : new HTTPReceiver({
        signingSecret: slack.signingSecret,
        endpoints: '/slack/events',
        port: config.slack.port,
        customRoutes: [HEALTHZ, METRICS],
        logLevel,
        ...(options.logger !== undefined && { logger: options.logger }),
      });
  const app = new App({
    token: slack.botToken,
    receiver,
    clientOptions,
    logLevel,
    ...(options.logger !== undefined && { logger: options.logger }),
  });
  const checks = new CheckQueue(config.maxChecks, app.logger, options.queue);
  live.queue = checks;
  const services: SlackServices = {
    config,
    checkOptions: options.checkOptions,
    runCheck: options.runCheck,
    knowledgeBase: options.knowledgeBase,
    // Both in the store when there is one, so every replica shares them.
    limiter: new CheckLimiter(config.rateLimitPerMinute, options.store),
    tasks: new BackgroundTasks(app.logger),
    checks,
    metrics,
    events: eventDedupe(options.store),
    logger: app.logger,
    ...(options.store !== undefined && { store: options.store }),
  };
  registerEvents(app, services);
  registerCommands(app, services);
  registerActions(app, services);
  app.error(async (error) => {
    // Listener errors land here; the listener itself has already answered the user where it could.
    app.logger.error(`unhandled listener error: ${error.code ?? ''} ${error.message}`);
  });
  let listening: number | undefined;
  return {
    app,
    services,
    mode: socket ? 'socket' : 'http',
    start: async () => {
      const server = (await app.start(config.slack.port)) as unknown;
      const address = (server as { address?: () => unknown } | undefined)?.address?.();
      if (address !== null && typeof address === 'object' && 'port' in address)
        listening = Number(address.port);
    },
    port: () => listening,
    stop: async (timeoutMs = 10000) => {
      await services.tasks.drain(timeoutMs);
      services.checks.close();
      await app.stop();
    },
  };
}
