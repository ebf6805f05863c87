import type { AllMiddlewareArgs, BlockAction, ButtonAction, SlackActionMiddlewareArgs } from '@slack/bolt';
import { entryMessage, flowMessage, noticeMessage } from '../../blocks/kb-messages';
import { postMessage, slackError, withRateLimit } from '../../post';
import type { SlackServices } from '../../services';
import { buttonContext } from './button-context';

type Args = AllMiddlewareArgs & SlackActionMiddlewareArgs<BlockAction<ButtonAction>>;

/** A flow answer: the next question replaces the one clicked (the state is the step id in the button). */
export function flowButton(services: SlackServices) {
  return async ({ ack, body, action, client, respond }: Args): Promise<void> => {
    await ack();
    const context = buttonContext(body, action);
    const kb = services.knowledgeBase();
    const view = kb.flows.step(context.value);
    const message = view
      ? flowMessage(view, (id) => kb.get(id))
      : noticeMessage(':warning:', 'That step no longer exists; start again with `/rpccheck help`.');
    if (context.channel !== undefined && context.messageTs !== undefined) {
      try {
        const { channel, messageTs: ts } = context;
        await withRateLimit(() =>
          client.chat.update({ channel, ts, text: message.text, blocks: message.blocks }),
        );
        return;
      } catch (error) {
        services.logger.warn(`chat.update failed, answering through the response URL: ${slackError(error)}`);
      }
    }
    await respond({ replace_original: true, text: message.text, blocks: message.blocks });
  };
}

/**
 * "Read: …" / "did you mean" / "Also relevant": on a channel or thread message the entry goes into the thread;
 * on a private (ephemeral) answer it stays private, through the response URL.
 */
export function entryButton(services: SlackServices) {
  return async ({ ack, body, action, client, respond }: Args): Promise<void> => {
    await ack();
    const context = buttonContext(body, action);
    const entry = services.knowledgeBase().get(context.value);
    const message = entry ? entryMessage(entry) : noticeMessage(':warning:', 'That entry no longer exists.');
    if (context.channel !== undefined && !context.ephemeral) {
      const posted = await postMessage(client, context.channel, message, context.threadTs);
      if (posted.ok) return;
    }
    await respond({
      response_type: 'ephemeral',
      replace_original: false,
      text: message.text,
      blocks: message.blocks,
    });
  };
}
