import type { AllMiddlewareArgs, BlockAction, ButtonAction, SlackActionMiddlewareArgs } from '@slack/bolt';
import { formatHostPort } from '../../../core/target';
import { noticeMessage } from '../../blocks/kb-messages';
import type { SlackServices } from '../../services';
import { decodeTarget } from '../../target-ref';
import { unwatchCommand, watchCommand } from '../../watch-commands';
import { buttonContext } from './button-context';

type Args = AllMiddlewareArgs & SlackActionMiddlewareArgs<BlockAction<ButtonAction>>;

/** "Watch this host" (report) and "Stop watching" (reminder): answered to the clicker only. */
export function watchButton(services: SlackServices, stop: boolean) {
  return async ({ ack, body, action, respond }: Args): Promise<void> => {
    await ack();
    const context = buttonContext(body, action);
    const parsed = decodeTarget(context.value);
    if (!parsed.ok || context.channel === undefined) {
      const message = noticeMessage(':warning:', parsed.ok ? 'This button has no channel.' : parsed.reason);
      await respond({
        response_type: 'ephemeral',
        replace_original: false,
        text: message.text,
        blocks: message.blocks,
      });
      return;
    }
    const { target } = parsed;
    const spec = `${formatHostPort(target.host, target.port)}${target.connectAddress !== undefined ? ` via ${target.connectAddress}` : ''}`;
    const request = { target: spec, channel: context.channel, userId: context.userId };
    const message = stop ? await unwatchCommand(services, request) : await watchCommand(services, request);
    await respond({
      response_type: 'ephemeral',
      replace_original: false,
      text: message.text,
      blocks: message.blocks,
    });
  };
}
