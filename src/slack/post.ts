import type { RespondFn } from '@slack/bolt';
import { ErrorCode, type WebClient } from '@slack/web-api';
import type { SlackMessage } from './blocks/block-builders';
import { noticeMessage } from './blocks/kb-messages';
import type { SlackServices } from './services';

/**
 * A failed call keeps Slack's error code, for a 429 the wait Slack asked for, and whether Slack may have taken
 * the message after all (no answer after sending, a 5xx): then posting it another way could show it twice.
 */
export type PostResult =
  { ok: true; ts: string } | { ok: false; error: string; retryAfterS?: number; uncertain?: boolean };

/**
 * The Slack error code of a failed Web API call (`not_in_channel`, `ratelimited`, …), never the library's
 * message, which names the API URL. HTTP failures are `http_<status>`, no answer `no_answer (ECONNREFUSED)`;
 * an error that is none of these (not from the Web API client) keeps its own message.
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

/**
 * Failures before the request could leave: no connection (refused, no route, DNS), or a TLS handshake that
 * failed (the request is written only after it). Slack cannot have the message, so its claim can go back at
 * once. A timeout or a reset is not here: either may come after Slack took the request.
 */
const NOT_SENT = new Set([
  'ECONNREFUSED',
  'ENOTFOUND',
  'EAI_AGAIN',
  'EAI_FAIL',
  'EAI_NONAME',
  'EHOSTUNREACH',
  'ENETUNREACH',
  'ENETDOWN',
  'EHOSTDOWN',
  'EADDRNOTAVAIL',
  'ERR_INVALID_URL',
  'ERR_TLS_CERT_ALTNAME_INVALID',
  'CERT_HAS_EXPIRED',
  'CERT_NOT_YET_VALID',
  'CERT_REVOKED',
  'CERT_UNTRUSTED',
  'CERT_SIGNATURE_FAILURE',
  'DEPTH_ZERO_SELF_SIGNED_CERT',
  'SELF_SIGNED_CERT_IN_CHAIN',
  'UNABLE_TO_GET_ISSUER_CERT',
  'UNABLE_TO_GET_ISSUER_CERT_LOCALLY',
  'UNABLE_TO_VERIFY_LEAF_SIGNATURE',
  // A handshake that failed: Node says `write EPROTO … wrong version number` (https to a plain HTTP port) or
  // names OpenSSL's reason; once the request is written, a broken connection is a reset or a timeout instead.
  'EPROTO',
  'ERR_SSL_WRONG_VERSION_NUMBER',
  'ERR_SSL_UNSUPPORTED_PROTOCOL',
  'ERR_SSL_NO_PROTOCOLS_AVAILABLE',
  'ERR_SSL_TLSV1_ALERT_PROTOCOL_VERSION',
  'ERR_SSL_SSLV3_ALERT_HANDSHAKE_FAILURE',
  'ERR_SSL_TLSV1_UNRECOGNIZED_NAME',
]);

/** The Web API client's request error keeps axios's error as `original`, with Node's code (or its cause's). */
export function neverSent(error: unknown): boolean {
  const original = (error as { original?: { code?: unknown; cause?: { code?: unknown } } }).original;
  return [original?.code, original?.cause?.code].some(
    (code) => typeof code === 'string' && NOT_SENT.has(code),
  );
}

/** Whether Slack may have taken the message although the call failed: no answer after sending, or a 5xx. */
export function mayHavePosted(error: unknown): boolean {
  const { code, statusCode } = error as { code?: unknown; statusCode?: unknown };
  return (
    (code === ErrorCode.RequestError && !neverSent(error)) ||
    (code === ErrorCode.HTTPError && typeof statusCode === 'number' && statusCode >= 500)
  );
}

/** A failed call as a value, with the 429's wait and whether Slack may have posted it anyway. */
export function failure(error: unknown): Extract<PostResult, { ok: false }> {
  const retryAfter = retryAfterOf(error);
  return {
    ok: false,
    error: slackError(error),
    ...(retryAfter !== undefined && { retryAfterS: retryAfter }),
    ...(mayHavePosted(error) && { uncertain: true }),
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

/**
 * Definite refusals of a message that was itself fine (not in the channel, a 429 past the budget, a request
 * that never left): another way (a response URL) may deliver it. Not a failure where Slack may have posted it.
 */
export function deliverableElsewhere(result: Extract<PostResult, { ok: false }>): boolean {
  if (result.uncertain === true) return false;
  return (
    BOT_NOT_IN_CHANNEL.has(result.error) ||
    result.error === 'ratelimited' ||
    result.error.startsWith('no_answer')
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

/** A mention's report refused with a 429 is posted once more after the wait, when the wait is at most this. */
const LATE_POST_MAX_S = 300;

/** What deliverAnotherWay says, and what follows a report that got through (its thread's ranked answer). */
export interface AnotherWay {
  /** `the report of mail.contoso.com:443`, for logs. */
  what: string;
  /** `The check of mail.contoso.com:443 finished (warning)`, the start of what the user is told. */
  done: string;
  /** Runs once the report got through another way. */
  delivered?: () => Promise<void>;
}

/**
 * A report Slack refused in the channel: through the request's response URL when it has one (slash commands and
 * buttons; Slack takes 5 posts there in 30 minutes, and this uses at most 2) and Slack surely did not post it;
 * a mention's report held back by a long 429 is posted once after the wait, off the check slots. When Slack
 * may have posted it after all, the user is told it may not have arrived (posting again could show it twice).
 * Otherwise the user is told in words.
 */
export async function deliverAnotherWay(
  services: Pick<SlackServices, 'tasks' | 'metrics' | 'logger'>,
  client: WebClient,
  request: ReplyTo,
  message: SlackMessage,
  failed: Extract<PostResult, { ok: false }>,
  words: AnotherWay,
): Promise<void> {
  if (request.respond && deliverableElsewhere(failed)) {
    await request.respond({
      response_type: 'in_channel',
      replace_original: false,
      text: message.text,
      blocks: message.blocks,
    });
    if (BOT_NOT_IN_CHANNEL.has(failed.error))
      await request.respond({
        response_type: 'ephemeral',
        replace_original: false,
        text: 'I am not a member of this channel, so the report came through your command or click instead. Invite me (`/invite @rpccheck`) to get buttons that work here.',
      });
    await words.delivered?.();
    return;
  }
  const wait = failed.retryAfterS;
  if (!request.respond && failed.error === 'ratelimited' && wait !== undefined && wait <= LATE_POST_MAX_S) {
    services.tasks.run(
      `late post of ${words.what}`,
      async () => {
        await sleep(wait * 1000);
        const again = await postMessage(client, request.channel, message, request.threadTs);
        if (again.ok) return words.delivered?.();
        services.metrics.slackPostFailures.inc({ kind: 'report' });
        services.logger.warn(`posting ${words.what} to ${request.channel} again failed: ${again.error}`);
        return tellUser(client, request, `${words.done} but ${slackErrorInWords(again)}.`);
      },
      async () => undefined,
    );
    return;
  }
  const maybe = failed.uncertain === true ? ', so the report may not have arrived' : '';
  await tellUser(client, request, `${words.done} but ${slackErrorInWords(failed)}${maybe}.`);
}
