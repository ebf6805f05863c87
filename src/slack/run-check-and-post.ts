import { plural } from '../core/plural';
import type { RespondFn } from '@slack/bolt';
import type { WebClient } from '@slack/web-api';
import type { Target } from '../core/target';
import { formatHostPort } from '../core/target';
import type { KbMatch } from '../kb';
import { postRankedAnswer, saveThread } from './chat-thread';
import { queuePlace } from './blocks/queue-message';
import { reportMessage } from './blocks/report-message';
import type { SlackMessage } from './blocks/block-builders';
import {
  BOT_NOT_IN_CHANNEL,
  deliverableElsewhere,
  postMessage,
  type PostResult,
  type ReplyTo,
  slackErrorInWords,
  tellUser,
} from './post';
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
      const posted = await deliver(message);
      if (posted.ok) {
        if (request.threadTs === undefined) return;
        const thread = { channel: request.channel, threadTs: request.threadTs };
        await saveThread(services, thread, request.target, outcome.report);
        if (request.symptom !== undefined && request.symptom.length > 0)
          await postRankedAnswer(services, client, thread, outcome.report.findings, request.symptom);
        return;
      }
      services.metrics.slackPostFailures.inc({ kind: 'report' });
      services.logger.warn(`posting the report of ${where} to ${request.channel} failed: ${posted.error}`);
      await deliverAnotherWay(services, client, request, message, posted, {
        what: `the report of ${where}`,
        done: `The check of ${where} finished (${outcome.report.verdict})`,
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

/** A mention's report refused with a 429 is posted once more after the wait, when the wait is at most this. */
const LATE_POST_MAX_S = 300;

/**
 * A report Slack refused in the channel: through the request's response URL when it has one (slash commands and
 * buttons; Slack takes 5 posts there in 30 minutes, and this uses at most 2) and the message itself was fine;
 * a mention's report held back by a long 429 is posted once after the wait, off the check slots. Otherwise
 * the user is told in words.
 */
export async function deliverAnotherWay(
  services: SlackServices,
  client: WebClient,
  request: ReplyTo,
  message: SlackMessage,
  failed: Extract<PostResult, { ok: false }>,
  words: { what: string; done: string },
): Promise<void> {
  if (request.respond && deliverableElsewhere(failed)) {
    await request.respond({
      response_type: 'in_channel',
      replace_original: false,
      text: message.text,
      blocks: message.blocks,
    });
    if (BOT_NOT_IN_CHANNEL.has(failed.error))
      await request.respond({
        response_type: 'ephemeral',
        replace_original: false,
        text: 'I am not a member of this channel, so the report came through your command or click instead. Invite me (`/invite @rpccheck`) to get buttons that work here.',
      });
    return;
  }
  const wait = failed.retryAfterS;
  if (!request.respond && failed.error === 'ratelimited' && wait !== undefined && wait <= LATE_POST_MAX_S) {
    services.tasks.run(
      `late post of ${words.what}`,
      async () => {
        await new Promise((resolve) => setTimeout(resolve, wait * 1000));
        const again = await postMessage(client, request.channel, message, request.threadTs);
        if (!again.ok) throw new Error(`${words.done} but ${slackErrorInWords(again)}.`);
      },
      async () => undefined,
    );
    return;
  }
  await tellUser(client, request, `${words.done} but ${slackErrorInWords(failed)}.`);
}
