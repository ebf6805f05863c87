import type { AllMiddlewareArgs, SlackCommandMiddlewareArgs } from '@slack/bolt';
import type { KnownBlock } from '@slack/types';
import { refusalWithoutDns } from '../../../core/target-precheck';
import { validate } from '../../../kb';
import { helpMessage, noticeMessage, validationMessage } from '../../blocks/kb-messages';
import { explainMessage } from '../../chat-explain';
import { parseCommand } from '../../parse-command';
import { autodiscoverAckText, autodiscoverAndPost } from '../../run-autodiscover-and-post';
import { allowCheck, checkAndPost, checkingText } from '../../run-check-and-post';
import { channelAllowed, type SlackServices } from '../../services';
import { unwatchCommand, watchCommand, watchesCommand } from '../../watch-commands';

type Args = AllMiddlewareArgs & SlackCommandMiddlewareArgs;

/** `/rpccheck …`: every branch acks at once (Slack allows 3 s); checks continue in the background. */
export function rpccheckCommand(services: SlackServices) {
  return async ({ command, ack, respond, client }: Args): Promise<void> => {
    const ephemeral = async (message: { text: string; blocks?: KnownBlock[] }): Promise<void> =>
      ack({
        response_type: 'ephemeral',
        text: message.text,
        ...(message.blocks !== undefined && { blocks: message.blocks }),
      });
    if (!services.tasks.isAccepting)
      return ephemeral(noticeMessage(':hourglass:', 'rpccheck is restarting; try again in a minute.'));
    const parsed = parseCommand(command.text);
    // Stopping reminders is always possible: the CLI may have routed a watch to a channel outside the list.
    if (parsed.kind !== 'unwatch' && !channelAllowed(services.config, command.channel_id))
      return ephemeral(
        noticeMessage(
          ':no_entry:',
          'rpccheck is not enabled in this channel; ask the operator to add it to RPCCHECK_ALLOWED_CHANNELS.',
        ),
      );

    switch (parsed.kind) {
      case 'help':
        return ephemeral(helpMessage());
      case 'invalid':
        return ephemeral(noticeMessage(':warning:', parsed.reason));
      case 'explain': {
        // The same answer as `rpccheck explain`: a finding code is answered from the catalogue, ok codes included.
        const kb = services.knowledgeBase();
        return ephemeral(explainMessage(kb, parsed.text, kb.explain(parsed.text, 5)));
      }
      case 'validate': {
        const result = validate(parsed.validator, parsed.value);
        return ephemeral(validationMessage(parsed.validator, result.findings));
      }
      case 'watch':
        return ephemeral(
          await watchCommand(services, {
            target: parsed.target,
            channel: command.channel_id,
            userId: command.user_id,
            ...(parsed.days !== undefined && { days: parsed.days }),
          }),
        );
      case 'unwatch':
        return ephemeral(
          await unwatchCommand(services, {
            target: parsed.target,
            channel: command.channel_id,
            userId: command.user_id,
          }),
        );
      case 'watches':
        return ephemeral(await watchesCommand(services, command.channel_id));
      case 'autodiscover': {
        const allowed = await allowCheck(services, command.user_id, (text) =>
          ephemeral(noticeMessage(':snail:', text)),
        );
        if (!allowed) return;
        const ahead = autodiscoverAndPost(services, client, {
          target: parsed.target,
          channel: command.channel_id,
          userId: command.user_id,
          respond,
        });
        await ephemeral({ text: autodiscoverAckText(parsed.target, ahead) });
        return;
      }
      case 'check': {
        // An address the policy refuses needs no DNS to be refused: say so in the ack, and do not count it.
        const refused = refusalWithoutDns(parsed.target, services.checkOptions.policy);
        if (refused !== undefined) return ephemeral(noticeMessage(':warning:', `Not checking: ${refused}`));
        const allowed = await allowCheck(services, command.user_id, (text) =>
          ephemeral(noticeMessage(':snail:', text)),
        );
        if (!allowed) return;
        // The report (or the waiting message) goes to the channel; the ack says at once which of the two.
        const ahead = checkAndPost(services, client, {
          target: parsed.target,
          channel: command.channel_id,
          userId: command.user_id,
          respond,
        });
        await ephemeral({ text: checkingText(parsed.target, ahead) });
        return;
      }
    }
  };
}
