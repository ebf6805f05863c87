import type { WebClient } from '@slack/web-api';
import { validate } from '../../../kb';
import {
  didYouMeanMessage,
  entryMessage,
  helpMessage,
  noticeMessage,
  validationMessage,
} from '../../blocks/kb-messages';
import { isRerun, loadThread, postRankedAnswer } from '../../chat-thread';
import { explainMessage } from '../../chat-explain';
import { type ChatCommand, decideIntent, type Intent } from '../../conversation';
import { postMessage } from '../../post';
import { autodiscoverAndPost } from '../../run-autodiscover-and-post';
import { allowCheck, checkAndPost } from '../../run-check-and-post';
import { channelAllowed, type SlackServices } from '../../services';
import { unwatchCommand, watchCommand, watchesCommand } from '../../watch-commands';
import type { SlackMessage } from '../../blocks/block-builders';

export interface Conversation {
  text: string;
  channel: string;
  userId: string;
  threadTs: string;
}

/** A mention or DM: always answered in its thread, never silently ignored. */
export async function replyInThread(
  services: SlackServices,
  client: WebClient,
  message: Conversation,
): Promise<void> {
  const say = async (reply: Parameters<typeof postMessage>[2]): Promise<void> => {
    const posted = await postMessage(client, message.channel, reply, message.threadTs);
    if (!posted.ok) services.logger.warn(`reply in ${message.channel} failed: ${posted.error}`);
  };
  if (!channelAllowed(services.config, message.channel))
    return say(noticeMessage(':no_entry:', 'rpccheck is not enabled in this channel.'));
  const kb = services.knowledgeBase();
  const intent = decideIntent(message.text, kb, services.config.policy);
  if (await followUp(services, client, message, intent)) return;
  switch (intent.kind) {
    case 'help':
      return say(helpMessage());
    case 'secret':
      return say(
        noticeMessage(
          ':lock:',
          'Please do not send passwords in Slack (delete that message). rpccheck never takes credentials from chat: the operator configures a test account (RPCCHECK_PROBE_USER / RPCCHECK_PROBE_PASSWORD).',
        ),
      );
    case 'too-long':
      return say(noticeMessage(':warning:', intent.reason));
    case 'refused-target':
      return say(noticeMessage(':warning:', `I cannot check that: ${intent.reason}`));
    case 'validate':
      return say(validationMessage(intent.validator, validate(intent.validator, intent.value).findings));
    case 'explain':
      return say(explainMessage(kb, intent.code, intent.explanation));
    case 'thanks':
      return say(
        noticeMessage(
          ':slightly_smiling_face:',
          'Glad to help. Mention me again with a host, a symptom or a pasted value any time.',
        ),
      );
    case 'command':
      return say(await chatCommand(services, message, intent.command));
    case 'did-you-mean':
      return say(didYouMeanMessage(intent.matches));
    case 'answer': {
      const [best, ...others] = intent.matches;
      const entry = best && kb.get(best.id);
      if (entry) return say(entryMessage(entry, others));
      return say(helpMessage());
    }
    case 'autodiscover': {
      const allowed = await allowCheck(services, message.userId, (text) =>
        say(noticeMessage(':snail:', text)),
      );
      if (!allowed) return;
      autodiscoverAndPost(services, client, {
        target: intent.target,
        channel: message.channel,
        userId: message.userId,
        threadTs: message.threadTs,
      });
      return;
    }
    case 'check': {
      const allowed = await allowCheck(services, message.userId, (text) =>
        say(noticeMessage(':snail:', text)),
      );
      if (!allowed) return;
      if (intent.others.length > 0) await say(oneHostNotice(intent.target.input, intent.others));
      checkAndPost(services, client, {
        target: intent.target,
        channel: message.channel,
        userId: message.userId,
        threadTs: message.threadTs,
        symptom: intent.matches,
      });
      return;
    }
  }
}

/** The hosts a message named beyond the one checked: said, never dropped silently. */
function oneHostNotice(checked: string, others: readonly string[]): ReturnType<typeof noticeMessage> {
  const named = others.slice(0, 3).join(', ') + (others.length > 3 ? ` and ${others.length - 3} more` : '');
  return noticeMessage(
    ':information_source:',
    `I check one host per message: checking ${checked} now, not ${named}. Mention me once per host to check the others.`,
  );
}

/**
 * `watch`, `unwatch` and `watches` typed in a mention or DM: done for this channel as the slash command does
 * them (the same admin rule), the answer in the thread; a usage mistake gets the slash command's usage line.
 */
async function chatCommand(
  services: SlackServices,
  message: Conversation,
  command: ChatCommand,
): Promise<SlackMessage> {
  switch (command.kind) {
    case 'invalid':
      return noticeMessage(':warning:', command.reason);
    case 'watches':
      return watchesCommand(services, message.channel);
    case 'unwatch':
      return unwatchCommand(services, {
        target: command.target,
        channel: message.channel,
        userId: message.userId,
      });
    case 'watch':
      return watchCommand(services, {
        target: command.target,
        channel: message.channel,
        userId: message.userId,
        ...(command.days !== undefined && { days: command.days }),
      });
  }
}

/**
 * A message naming no host in a thread that checked one: "check again" re-runs that host; a symptom is answered
 * against its last report, or the host is checked again first when that report is stale. True when handled.
 */
async function followUp(
  services: SlackServices,
  client: WebClient,
  message: Conversation,
  intent: Intent,
): Promise<boolean> {
  const rerun =
    isRerun(message.text) &&
    (intent.kind === 'help' || intent.kind === 'answer' || intent.kind === 'did-you-mean');
  const symptom = intent.kind === 'answer' || intent.kind === 'did-you-mean' ? intent.matches : [];
  if (!rerun && symptom.length === 0) return false;
  const thread = await loadThread(services, message);
  if (thread === undefined) return false;
  if (!rerun && thread.fresh) {
    await postRankedAnswer(services, client, message, thread.context.findings, symptom);
    return true;
  }
  const allowed = await allowCheck(services, message.userId, async (text) => {
    await postMessage(client, message.channel, noticeMessage(':snail:', text), message.threadTs);
  });
  if (!allowed) return true;
  checkAndPost(services, client, {
    target: thread.context.target,
    channel: message.channel,
    userId: message.userId,
    threadTs: message.threadTs,
    symptom,
  });
  return true;
}
