import { plural } from './core/plural';
import { config as loadDotenv } from 'dotenv';
import { loadConfig, requireSlack } from './config';
import { isRpccheckError } from './core/errors';
import { knowledgeBase } from './kb';
import { checkOptionsFrom } from './probes/check-options';
import { runCheck } from './probes/run-check';
import { warmUp } from './probes/warm-up';
import { runSweep } from './reminders/sweep';
import { scheduleSweeps } from './reminders/schedule';
import { createSlackBot } from './slack/app';
import { reminderClient, SlackNotifier } from './slack/slack-notifier';
import { openStore } from './store/open-store';

/** The bot's composition root: configuration, core and the Slack adapter, wired once. */
async function main(): Promise<void> {
  loadDotenv({ quiet: true });
  const config = loadConfig(process.env);
  const kb = knowledgeBase();
  const store = await openStore(config);
  const bot = createSlackBot({
    store,
    config,
    runCheck,
    knowledgeBase: () => kb,
    checkOptions: checkOptionsFrom(config, 'on-demand'),
  });
  // Before the first command can arrive: the first burst of checks should not also pay for loading.
  await warmUp(config.extraCaPem);
  await bot.start();
  // Its own client: reminder posts are not retried by the Web API client (see reminderClient).
  const notifier = new SlackNotifier(
    reminderClient(requireSlack(config).botToken, config.slack.apiUrl, {
      logger: bot.app.logger,
    }),
  );
  const stopSweeps = scheduleSweeps(
    config.sweepCron,
    async (timing) => {
      const summary = await runSweep({
        ...timing,
        store,
        checkOptions: checkOptionsFrom(config, 'sweep'),
        notifier,
        concurrency: config.sweepConcurrency,
        unreachableAfter: config.unreachableAfter,
        log: (line) => bot.app.logger.warn(line),
      });
      const { metrics } = bot.services;
      if (summary.skipped) {
        metrics.sweeps.inc({ outcome: 'skipped' });
        return;
      }
      metrics.sweeps.inc({ outcome: 'done' });
      metrics.sweepDuration.set(summary.durationMs / 1000);
      metrics.sweepHosts.set(summary.checked);
      metrics.slackPostFailures.inc({ kind: 'reminder' }, summary.postFailures.length);
      bot.app.logger.info(
        `sweep: ${plural(summary.checked, 'host')} checked, ${summary.posted}/${plural(summary.notices, 'notice')} posted in ${summary.durationMs} ms`,
      );
    },
    {
      ...(process.env['TZ'] !== undefined && { timezone: process.env['TZ'] }),
      onError: (error) => {
        bot.services.metrics.sweeps.inc({ outcome: 'failed' });
        bot.app.logger.error(`sweep failed: ${error instanceof Error ? error.message : String(error)}`);
      },
    },
  );
  bot.app.logger.info(
    `rpccheck is running in ${bot.mode === 'socket' ? 'Socket Mode' : `HTTP mode on port ${config.slack.port} (/slack/events, /healthz)`}`,
  );
  let stopping = false;
  const shutdown = (signal: string): void => {
    if (stopping) return;
    stopping = true;
    bot.app.logger.info(
      `${signal}: finishing ${plural(bot.services.tasks.size, 'check')} in flight, then stopping`,
    );
    stopSweeps();
    bot
      .stop(15000)
      .then(() => store.close())
      .then(() => process.exit(0))
      .catch((error: unknown) => {
        bot.app.logger.error(`stopping failed: ${error instanceof Error ? error.message : String(error)}`);
        process.exit(1);
      });
  };
  process.on('SIGTERM', () => shutdown('SIGTERM'));
  process.on('SIGINT', () => shutdown('SIGINT'));
}

main().catch((error: unknown) => {
  // A bad variable names itself (ConfigError); anything else at start-up is reported the same way.
  process.stderr.write(
    `rpccheck: ${isRpccheckError(error) ? error.message : error instanceof Error ? error.message : String(error)}\n`,
  );
  process.exit(1);
});
