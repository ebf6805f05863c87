import type { RespondFn } from '@slack/bolt';
import type { WebClient } from '@slack/web-api';
import type { AutodiscoverTarget } from '../core/mailbox';
import type { AutodiscoverOptions } from '../probes/autodiscover/autodiscover-types';
import type { CheckOutcome } from '../probes/check-types';
import { autodiscoverDetailsMessages, autodiscoverMessage } from './blocks/autodiscover-message';
import type { SlackMessage } from './blocks/block-builders';
import { queuePlace } from './blocks/queue-message';
import { deliverAnotherWay, postMessage, tellUser } from './post';
import type { SlackServices } from './services';

export interface AutodiscoverRequest {
  target: AutodiscoverTarget;
  channel: string;
  userId: string;
  threadTs?: string;
  respond?: RespondFn;
  /** Post the details thread instead of the report (the "Details in thread" button). */
  details?: boolean;
}

/**
 * The walk with the bot's check options: its policy, timeout, CA file and test account (RPCCHECK_PROBE_TARGETS
 * applies as for checks). The engine loads on first use. Options an operator cannot set in chat (`connectTo`,
 * `resolveSrv`) come only from whoever built the options: tests pinning names to loopback servers.
 */
async function walk(services: SlackServices, target: AutodiscoverTarget): Promise<CheckOutcome> {
  const { runAutodiscover } = await import('../probes/autodiscover/run-autodiscover');
  const options: AutodiscoverOptions = services.checkOptions;
  return runAutodiscover(target, options);
}

const label = (target: AutodiscoverTarget): string => target.email ?? target.domain;

/** Through the same fair queue as checks; returns how many start before it (undefined: at once). */
export function autodiscoverAndPost(
  services: SlackServices,
  client: WebClient,
  request: AutodiscoverRequest,
): number | undefined {
  const what = `Autodiscover for ${label(request.target)}`;
  const { ahead, done } = services.checks.submit(
    {
      client,
      channel: request.channel,
      userId: request.userId,
      what,
      ...(request.threadTs !== undefined && { threadTs: request.threadTs }),
    },
    async (deliver) => {
      const outcome = await walk(services, request.target);
      if (outcome.kind === 'refused')
        return tellUser(client, request, `Not walking ${what}: ${outcome.reason}`);
      const messages: SlackMessage[] = request.details
        ? autodiscoverDetailsMessages(outcome.report)
        : [autodiscoverMessage(outcome.report, request.target)];
      for (const [index, message] of messages.entries()) {
        const posted =
          index === 0
            ? await deliver(message)
            : await postMessage(client, request.channel, message, request.threadTs);
        if (posted.ok) continue;
        services.metrics.slackPostFailures.inc({ kind: 'report' });
        services.logger.warn(`posting ${what} to ${request.channel} failed: ${posted.error}`);
        return deliverAnotherWay(services, client, request, message, posted, {
          what,
          done: `${what} finished`,
        });
      }
    },
  );
  services.tasks.run(
    `${what} for ${request.userId}`,
    () => done,
    (error) =>
      tellUser(
        client,
        request,
        `${what} failed unexpectedly: ${error instanceof Error ? error.message : String(error)}`,
      ),
  );
  return ahead;
}

export function autodiscoverAckText(target: AutodiscoverTarget, ahead: number | undefined): string {
  if (ahead === undefined) return `:mag: Walking Autodiscover for ${label(target)}…`;
  return `:hourglass_flowing_sand: Autodiscover for ${label(target)} is ${queuePlace(ahead)}. The report follows in the channel.`;
}
