import type { AllMiddlewareArgs, BlockAction, ButtonAction, SlackActionMiddlewareArgs } from '@slack/bolt';
import { formatHostPort, type Target } from '../../../core/target';
import { refusalWithoutDns } from '../../../core/target-precheck';
import { detailsMessages } from '../../blocks/details-message';
import { noticeMessage } from '../../blocks/kb-messages';
import { postMessage, slackErrorInWords } from '../../post';
import { allowCheck, checkAndPost } from '../../run-check-and-post';
import type { SlackServices } from '../../services';
import { decodeTarget } from '../../target-ref';
import { buttonContext } from './button-context';

type Args = AllMiddlewareArgs & SlackActionMiddlewareArgs<BlockAction<ButtonAction>>;

/**
 * A button's value comes back from the client: an address the policy refuses without DNS is refused privately
 * before the rate limit counts the click.
 */
async function refusedAtOnce(
  services: SlackServices,
  target: Target,
  respond: Args['respond'],
): Promise<boolean> {
  const refused = refusalWithoutDns(target, services.checkOptions.policy);
  if (refused === undefined) return false;
  await respond({ response_type: 'ephemeral', replace_original: false, text: `Not checking: ${refused}` });
  return true;
}

/** "Re-run": the same target, policy and rate limit again; the new report goes where the old one was. */
export function rerunButton(services: SlackServices) {
  return async ({ ack, body, action, client, respond }: Args): Promise<void> => {
    await ack();
    const context = buttonContext(body, action);
    const parsed = decodeTarget(context.value);
    if (!parsed.ok || context.channel === undefined) {
      await respond({
        response_type: 'ephemeral',
        replace_original: false,
        text: parsed.ok ? 'This button has no channel.' : parsed.reason,
      });
      return;
    }
    if (await refusedAtOnce(services, parsed.target, respond)) return;
    const allowed = await allowCheck(services, context.userId, (text) =>
      respond({ response_type: 'ephemeral', replace_original: false, text }).then(() => undefined),
    );
    if (!allowed) return;
    const thread = body.message && (body.message as { thread_ts?: string }).thread_ts;
    checkAndPost(services, client, {
      target: parsed.target,
      channel: context.channel,
      userId: context.userId,
      ...(thread !== undefined && { threadTs: thread }),
      // The click's response URL: the report's way in when Slack refuses it in the channel.
      respond,
    });
  };
}

/**
 * "Details in thread" runs the check again rather than reading a cache: the button carries only the target,
 * so a restart loses nothing and the details are current.
 */
export function detailsButton(services: SlackServices) {
  return async ({ ack, body, action, client, respond }: Args): Promise<void> => {
    await ack();
    const context = buttonContext(body, action);
    const parsed = decodeTarget(context.value);
    if (!parsed.ok || context.channel === undefined || context.threadTs === undefined) {
      await respond({
        response_type: 'ephemeral',
        replace_original: false,
        text: parsed.ok ? 'This button has no message to thread under.' : parsed.reason,
      });
      return;
    }
    if (await refusedAtOnce(services, parsed.target, respond)) return;
    const allowed = await allowCheck(services, context.userId, (text) =>
      respond({ response_type: 'ephemeral', replace_original: false, text }).then(() => undefined),
    );
    if (!allowed) return;
    const { channel, threadTs } = context;
    const target = parsed.target;
    const what = formatHostPort(target.host, target.port);
    // Details are a check too: they wait their turn in the same queue as everyone's reports.
    const { done } = services.checks.submit(
      { client, channel, threadTs, userId: context.userId, what },
      async (deliver) => {
        const outcome = await services.runCheck(target, services.checkOptions);
        const messages =
          outcome.kind === 'report'
            ? detailsMessages(outcome.report)
            : [noticeMessage(':warning:', `Not checking: ${outcome.reason}`)];
        for (const [index, message] of messages.entries()) {
          const posted =
            index === 0 ? await deliver(message) : await postMessage(client, channel, message, threadTs);
          if (!posted.ok)
            throw new Error(`The details of ${what} are ready but ${slackErrorInWords(posted)}.`);
        }
      },
    );
    services.tasks.run(
      `details of ${what}`,
      () => done,
      (error) =>
        respond({
          response_type: 'ephemeral',
          replace_original: false,
          text: error instanceof Error ? error.message : String(error),
        }).then(() => undefined),
    );
  };
}
