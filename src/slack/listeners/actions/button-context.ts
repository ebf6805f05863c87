import type { BlockAction, ButtonAction } from '@slack/bolt';

/** Where a clicked button lives: its channel, its message and that message's thread. */
export interface ButtonContext {
  value: string;
  userId: string;
  channel?: string;
  messageTs?: string;
  threadTs?: string;
  /** Clicked on a message only the clicker sees: the answer must stay private (response_url). */
  ephemeral: boolean;
}

export function buttonContext(body: BlockAction, action: ButtonAction): ButtonContext {
  const message = body.message as { ts?: string; thread_ts?: string } | undefined;
  const threadTs = message?.thread_ts ?? message?.ts;
  // Slack sends no `message` for a click on an ephemeral message; the container says so as well.
  const container = body.container as { is_ephemeral?: unknown } | undefined;
  return {
    value: action.value ?? '',
    userId: body.user.id,
    ephemeral: container?.is_ephemeral === true || message === undefined,
    ...(body.channel?.id !== undefined && { channel: body.channel.id }),
    ...(message?.ts !== undefined && { messageTs: message.ts }),
    ...(threadTs !== undefined && { threadTs }),
  };
}
