import type { AllMiddlewareArgs, BlockAction, ButtonAction, SlackActionMiddlewareArgs } from '@slack/bolt';
import { noticeMessage } from '../../blocks/kb-messages';
import { channelAllowed, type SlackServices } from '../../services';

type Args = AllMiddlewareArgs & SlackActionMiddlewareArgs<BlockAction<ButtonAction>>;

export const NOT_ENABLED_HERE =
  'rpccheck is not enabled in this channel; ask the operator to add it to RPCCHECK_ALLOWED_CHANNELS.';

/**
 * Listener middleware in front of every button: RPCCHECK_ALLOWED_CHANNELS applies to clicks as it does to the
 * slash command and mentions. Outside the list the click is acknowledged and answered privately; nothing runs
 * and nothing is posted in the channel.
 */
export function channelGuard(services: SlackServices) {
  return async ({ ack, body, respond, next }: Args): Promise<void> => {
    const channel = body.channel?.id;
    if (channel === undefined || channelAllowed(services.config, channel)) {
      await next();
      return;
    }
    await ack();
    const message = noticeMessage(':no_entry:', NOT_ENABLED_HERE);
    await respond({
      response_type: 'ephemeral',
      replace_original: false,
      text: message.text,
      blocks: message.blocks,
    });
  };
}
