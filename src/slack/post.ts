import type { RespondFn } from '@slack/bolt';
import type { WebClient } from '@slack/web-api';
import type { SlackMessage } from './blocks/block-builders';
import { noticeMessage } from './blocks/kb-messages';

export type PostResult = { ok: true; ts: string } | { ok: false; error: string };

/** The Slack error code of a failed Web API call (`not_in_channel`, `ratelimited`, …), or its message. */
export function slackError(error: unknown): string {
  const data = (error as { data?: { error?: unknown } }).data;
  if (typeof data?.error === 'string') return data.error;
  return error instanceof Error ? error.message : String(error);
}

/** chat.postMessage that reports failure as a value: callers decide how to tell the user. */
export async function postMessage(
  client: WebClient,
  channel: string,
  message: SlackMessage,
  threadTs?: string,
): Promise<PostResult> {
  try {
    const result = await client.chat.postMessage({
      channel,
      text: message.text,
      blocks: message.blocks,
      unfurl_links: false,
      unfurl_media: false,
      ...(threadTs !== undefined && { thread_ts: threadTs }),
    });
    return { ok: true, ts: result.ts ?? '' };
  } catch (error) {
    return { ok: false, error: slackError(error) };
  }
}

export const BOT_NOT_IN_CHANNEL = new Set(['not_in_channel', 'channel_not_found', 'is_archived']);

/** Where a request came from: a slash command's response_url reaches the user even where the bot is not. */
export interface ReplyTo {
  channel: string;
  threadTs?: string;
  respond?: RespondFn;
}

/** A one-line warning to the user who asked: only them through the command, else in the channel or thread. */
export async function tellUser(client: WebClient, to: ReplyTo, text: string): Promise<void> {
  const message = noticeMessage(':warning:', text);
  if (to.respond) {
    await to.respond({ response_type: 'ephemeral', text: message.text, blocks: message.blocks });
    return;
  }
  await postMessage(client, to.channel, message, to.threadTs);
}
