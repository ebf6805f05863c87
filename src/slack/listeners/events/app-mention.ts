import type { AllMiddlewareArgs, SlackEventMiddlewareArgs } from '@slack/bolt';
import type { SlackServices } from '../../services';
import { replyInThread } from './conversation-reply';

type Args = AllMiddlewareArgs & SlackEventMiddlewareArgs<'app_mention'>;

export function appMention(services: SlackServices) {
  return async ({ event, client }: Args): Promise<void> => {
    if (event.bot_id !== undefined || event.user === undefined) return;
    // say() would not thread by itself: answer in the thread the mention started or belongs to.
    await replyInThread(services, client, {
      text: event.text,
      channel: event.channel,
      userId: event.user,
      threadTs: event.thread_ts ?? event.ts,
    });
  };
}
