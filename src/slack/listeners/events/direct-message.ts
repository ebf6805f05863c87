import type { AllMiddlewareArgs, SlackEventMiddlewareArgs } from '@slack/bolt';
import type { SlackServices } from '../../services';
import { replyInThread } from './conversation-reply';

type Args = AllMiddlewareArgs & SlackEventMiddlewareArgs<'message'>;

/** DMs only; edits, joins and bot messages (our own replies included) have a subtype or bot_id and are skipped. */
export function directMessage(services: SlackServices) {
  return async ({ event, client }: Args): Promise<void> => {
    if (event.channel_type !== 'im' || event.subtype !== undefined) return;
    if ('bot_id' in event && event.bot_id !== undefined) return;
    if (!('user' in event) || typeof event.user !== 'string' || typeof event.text !== 'string') return;
    await replyInThread(services, client, {
      text: event.text,
      channel: event.channel,
      userId: event.user,
      threadTs:
        ('thread_ts' in event && typeof event.thread_ts === 'string' ? event.thread_ts : undefined) ??
        event.ts,
    });
  };
}
