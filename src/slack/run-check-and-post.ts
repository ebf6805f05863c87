import { plural } from '../core/plural';
import type { RespondFn } from '@slack/bolt';
import type { WebClient } from '@slack/web-api';
import type { Target } from '../core/target';
import { formatHostPort } from '../core/target';
import type { KbMatch } from '../kb';
import { postRankedAnswer, saveThread } from './chat-thread';
import { queuePlace } from './blocks/queue-message';
import { reportMessage } from './blocks/report-message';
import { deliverAnotherWay, tellUser } from './post';
import type { SlackServices } from './services';

export interface CheckRequest {
  target: Target;
  channel: string;
  userId: string;
  threadTs?: string;
  /** What the message described beside the host: answered in the thread once the report is in. */
  symptom?: KbMatch[];
  /** The slash command's response_url: still works when the bot is not in the channel. */
  respond?: RespondFn;
}

/**
 * Queues a check (RPCCHECK_MAX_CHECKS run at once, round-robin across users) and posts its report; every
 * failure reaches the user somehow. Returns how many checks start before this one (undefined: it started at
 * once), so the acknowledgement can say so.
 */
export function checkAndPost(
  services: SlackServices,
  client: WebClient,
  request: CheckRequest,
): number | undefined {
  const where = formatHostPort(request.target.host, request.target.port);
  const { ahead, done } = services.checks.submit(
    {
      client,
      channel: request.channel,
      userId: request.userId,
      what: where,
      ...(request.threadTs !== undefined && { threadTs: request.threadTs }),
    },
    async (deliver) => {
      const started = performance.now();
      const outcome = await services
        .runCheck(request.target, services.checkOptions)
        .catch((error: unknown) => {
          services.metrics.checks.inc({ verdict: 'error' });
          throw error;
        });
      const verdict = outcome.kind === 'refused' ? 'refused' : outcome.report.verdict;
      services.metrics.checks.inc({ verdict });
      services.metrics.checkDuration.observe({ verdict }, (performance.now() - started) / 1000);
      if (outcome.kind === 'refused')
        return tellUser(client, request, `Not checking ${where}: ${outcome.reason}`);
      const message = reportMessage(outcome.report, request.target, {
        watchable: services.store !== undefined,
      });
      // In a thread, the report is saved for "check again" and later symptoms, and a symptom typed beside the
      // host is answered: whichever way the report got through.
      const followUps = async (): Promise<void> => {
        if (request.threadTs === undefined) return;
        const thread = { channel: request.channel, threadTs: request.threadTs };
        await saveThread(services, thread, request.target, outcome.report);
        if (request.symptom !== undefined && request.symptom.length > 0)
          await postRankedAnswer(services, client, thread, outcome.report.findings, request.symptom);
      };
      const posted = await deliver(message);
      if (posted.ok) return followUps();
      services.metrics.slackPostFailures.inc({ kind: 'report' });
      services.logger.warn(`posting the report of ${where} to ${request.channel} failed: ${posted.error}`);
      await deliverAnotherWay(services, client, request, message, posted, {
        what: `the report of ${where}`,
        done: `The check of ${where} finished (${outcome.report.verdict})`,
        delivered: followUps,
      });
    },
  );
  services.tasks.run(
    `check of ${where} for ${request.userId}`,
    () => done,
    (error) =>
      tellUser(
        client,
        request,
        `The check of ${where} failed unexpectedly: ${error instanceof Error ? error.message : String(error)}`,
      ),
  );
  return ahead;
}

/** The acknowledgement of a check: at once, and honest about the queue. */
export function checkingText(target: Target, ahead: number | undefined): string {
  const where = formatHostPort(target.host, target.port);
  if (ahead === undefined) return `:mag: Checking ${where}…`;
  return `:hourglass_flowing_sand: ${where} is ${queuePlace(ahead)}: many checks are running. The report follows in the channel.`;
}

/** The rate limit, with the polite reply; true when the check may go ahead. */
export async function allowCheck(
  services: SlackServices,
  userId: string,
  reply: (text: string) => Promise<void>,
): Promise<boolean> {
  const wait = await services.limiter.take(userId);
  if (wait === undefined) return true;
  await reply(
    `You have run ${plural(services.limiter.perMinute, 'check')} in the last minute. Please try again in ${wait} s.`,
  );
  return false;
}
