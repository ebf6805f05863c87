import type { AllMiddlewareArgs, BlockAction, ButtonAction, SlackActionMiddlewareArgs } from '@slack/bolt';
import { parseAutodiscoverTarget } from '../../../core/mailbox';
import { decodeAutodiscover } from '../../blocks/autodiscover-message';
import { allowCheck } from '../../run-check-and-post';
import { autodiscoverAndPost } from '../../run-autodiscover-and-post';
import type { SlackServices } from '../../services';
import { buttonContext } from './button-context';

type Args = AllMiddlewareArgs & SlackActionMiddlewareArgs<BlockAction<ButtonAction>>;

/**
 * "Re-run" and "Details in thread" of an Autodiscover report: the button carries only the address, parsed
 * again on click, so the walk runs fresh (and under the rate limit) rather than from a cache.
 */
export function autodiscoverButton(services: SlackServices, details: boolean) {
  return async ({ ack, body, action, client, respond }: Args): Promise<void> => {
    await ack();
    const context = buttonContext(body, action);
    const input = decodeAutodiscover(context.value);
    const parsed = input !== undefined ? parseAutodiscoverTarget(input) : undefined;
    const threadTs = details
      ? context.threadTs
      : (body.message as { thread_ts?: string } | undefined)?.thread_ts;
    if (
      parsed === undefined ||
      !parsed.ok ||
      context.channel === undefined ||
      (details && threadTs === undefined)
    ) {
      await respond({
        response_type: 'ephemeral',
        replace_original: false,
        text: parsed !== undefined && !parsed.ok ? parsed.reason : 'This button carries no address to walk.',
      });
      return;
    }
    const allowed = await allowCheck(services, context.userId, (text) =>
      respond({ response_type: 'ephemeral', replace_original: false, text }).then(() => undefined),
    );
    if (!allowed) return;
    autodiscoverAndPost(services, client, {
      target: parsed.target,
      channel: context.channel,
      userId: context.userId,
      ...(threadTs !== undefined && { threadTs }),
      details,
      respond,
    });
  };
}
