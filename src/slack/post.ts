import type { RespondFn } from '@slack/bolt';
import { ErrorCode, type WebClient } from '@slack/web-api';
import type { SlackMessage } from './blocks/block-builders';
import { noticeMessage } from './blocks/kb-messages';

/** A failed call keeps Slack's error code and, for a 429, the wait Slack asked for. */
export type PostResult = { ok: true; ts: string } | { ok: false; error: string; retryAfterS?: number };

/**
 * The Slack error code of a failed Web API call (`not_in_channel`, `ratelimited`, …): a code, never the
 * library's message, which names the API URL. HTTP failures are `http_<status>`, no answer `no_answer (ECONNREFUSED)`.
 */
export function slackError(error: unknown): string {
  const { data, code, statusCode } = error as {
    data?: { error?: unknown };
    code?: unknown;
    statusCode?: unknown;
  };
  if (typeof data?.error === 'string') return data.error;
  if (code === ErrorCode.RateLimitedError) return 'ratelimited';
  if (code === ErrorCode.HTTPError && typeof statusCode === 'number') return `http_${statusCode}`;
  if (code === ErrorCode.RequestError) {
    // Node's code (ECONNREFUSED, ETIMEDOUT…) is kept for logs; users read slackErrorInWords.
    const original = (error as { original?: { code?: unknown; cause?: { code?: unknown } } }).original;
    const cause = [original?.code, original?.cause?.code].find((c) => typeof c === 'string');
    return cause === undefined ? 'no_answer' : `no_answer (${String(cause)})`;
  }
  return error instanceof Error ? error.message : String(error);
}

/** A 429's Retry-After in seconds, when the error is one (the client rejects rate-limited calls: app.ts). */
function retryAfterOf(error: unknown): number | undefined {
  const { code, retryAfter } = error as { code?: unknown; retryAfter?: unknown };
  return code === ErrorCode.RateLimitedError && typeof retryAfter === 'number' ? retryAfter : undefined;
}

/** README: a 429 is waited out as Retry-After says, at most 3 retries within 30 s. */
export const RATE_LIMIT_RETRIES = 3;
export const RATE_LIMIT_BUDGET_MS = 30_000;

const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * A Web API call that waits out Slack's 429 as Retry-After says while the wait fits the budget; a wait that
 * would not (Retry-After: 40) is not begun: the call fails at once, so the caller can take another way (a
 * response URL) instead of holding a report for nothing.
 */
export async function withRateLimit<T>(call: () => Promise<T>): Promise<T> {
  const started = Date.now();
  for (let retries = 0; ; retries++) {
    try {
      return await call();
    } catch (error) {
      const retryAfter = retryAfterOf(error);
      if (retryAfter === undefined) throw error;
      const waitMs = retryAfter * 1000;
      if (retries >= RATE_LIMIT_RETRIES || Date.now() - started + waitMs > RATE_LIMIT_BUDGET_MS) throw error;
      await sleep(waitMs);
    }
  }
}

/** A failed call as a value, with the 429's wait. */
export function failure(error: unknown): Extract<PostResult, { ok: false }> {
  const retryAfter = retryAfterOf(error);
  return {
    ok: false,
    error: slackError(error),
    ...(retryAfter !== undefined && { retryAfterS: retryAfter }),
  };
}

/** chat.postMessage that reports failure as a value: callers decide how to tell the user. */
export async function postMessage(
  client: WebClient,
  channel: string,
  message: SlackMessage,
  threadTs?: string,
): Promise<PostResult> {
  try {
    const result = await withRateLimit(() =>
      client.chat.postMessage({
        channel,
        text: message.text,
        blocks: message.blocks,
        unfurl_links: false,
        unfurl_media: false,
        ...(threadTs !== undefined && { thread_ts: threadTs }),
      }),
    );
    return { ok: true, ts: result.ts ?? '' };
  } catch (error) {
    return failure(error);
  }
}

export const BOT_NOT_IN_CHANNEL = new Set(['not_in_channel', 'channel_not_found', 'is_archived']);

/** Failures where the message itself was fine: another way (a response URL) may still deliver it. */
export function deliverableElsewhere(result: Extract<PostResult, { ok: false }>): boolean {
  return (
    BOT_NOT_IN_CHANNEL.has(result.error) ||
    result.error === 'ratelimited' ||
    result.error.startsWith('no_answer') ||
    /^http_5\d\d$/.test(result.error) ||
    ['internal_error', 'fatal_error', 'service_unavailable', 'request_timeout'].includes(result.error)
  );
}

/** What went wrong, in words a user reads (never the library's message or the API URL). */
export function slackErrorInWords(result: Extract<PostResult, { ok: false }>): string {
  const { error } = result;
  if (error === 'ratelimited')
    return `Slack is rate-limiting messages here${result.retryAfterS !== undefined ? ` (it asked to wait ${result.retryAfterS} s)` : ''}`;
  if (BOT_NOT_IN_CHANNEL.has(error))
    return 'I cannot post in this channel (invite me with `/invite @rpccheck`)';
  if (error.startsWith('no_answer')) return 'Slack could not be reached';
  const status = /^http_(\d+)$/.exec(error)?.[1];
  if (status !== undefined) return `Slack answered with an error (HTTP ${status})`;
  if (error === 'msg_too_long' || error === 'invalid_blocks' || error === 'invalid_blocks_format')
    return `Slack refused the message as too long or malformed (${error})`;
  if (/^[a-z_]+$/.test(error)) return `Slack refused the message (${error})`;
  return 'Slack refused the message';
}

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
