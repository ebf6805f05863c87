import type { BlockAction, ButtonAction } from '@slack/bolt';

/** Where a clicked button lives: its channel, its message and that message's thread. */
export interface ButtonContext {
  value: string;
  userId: string;
  channel?: string;
  messageTs?: string;
  threadTs?: string;
}

export function buttonContext(body: BlockAction, action: ButtonAction): ButtonContext {
  const message = body.message as { ts?: string; thread_ts?: string } | undefined;
  const threadTs = message?.thread_ts ?? message?.ts;
  return {
    value: action.value ?? '',
    userId: body.user.id,
    ...(body.channel?.id !== undefined && { channel: body.channel.id }),
    ...(message?.ts !== undefined && { messageTs: message.ts }),
    ...(threadTs !== undefined && { threadTs }),
  };
}
