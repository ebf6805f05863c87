import { ErrorCode, type Logger, type LogLevel, WebClient } from '@slack/web-api';
import type { Notifier, NotifyResult } from '../reminders/notifier';
import { reminderMessage } from './blocks/reminder-message';
import { mayHavePosted, slackError } from './post';

/**
 * The Web API client for reminder posts: no retries of its own (a retry after the claim on a notice ended could
 * post it twice), 429 handed back with its Retry-After so the sweep waits within the claim, and a timeout so
 * an unanswered post cannot outlive the claim either.
 */
export function reminderClient(
  token: string,
  apiUrl?: string,
  log: { logger?: Logger; logLevel?: LogLevel } = {},
): WebClient {
  return new WebClient(token, {
    ...(apiUrl !== undefined && { slackApiUrl: apiUrl }),
    ...(log.logger !== undefined && { logger: log.logger }),
    ...(log.logLevel !== undefined && { logLevel: log.logLevel }),
    retryConfig: { retries: 0 },
    rejectRateLimitedCalls: true,
    timeout: 30000,
  });
}

/** A failed post as a value: 429 with its wait, and whether Slack may have taken the message after all. */
export function notifyFailure(error: unknown): NotifyResult {
  const { code, retryAfter } = error as { code?: unknown; retryAfter?: unknown };
  if (code === ErrorCode.RateLimitedError && typeof retryAfter === 'number')
    return { ok: false, error: 'ratelimited', retryAfterMs: retryAfter * 1000 };
  // No answer, or a server error: the message may have been posted, unless the request never left.
  const uncertain = mayHavePosted(error);
  return { ok: false, error: slackError(error), ...(uncertain && { uncertain }) };
}

/**
 * Posts sweep notices with chat.postMessage, about one message a second per channel as Slack paces it. Give it
 * a reminderClient: 429s come back to the sweep, which waits them out within its claim.
 */
export class SlackNotifier implements Notifier {
  private readonly lastPost = new Map<string, number>();

  constructor(
    private readonly client: WebClient,
    private readonly minIntervalMs = 1100,
  ) {}

  async notify(channel: string, notices: Parameters<Notifier['notify']>[1]): Promise<NotifyResult> {
    const wait = (this.lastPost.get(channel) ?? 0) + this.minIntervalMs - Date.now();
    if (wait > 0) await new Promise((resolve) => setTimeout(resolve, wait));
    this.lastPost.set(channel, Date.now());
    const message = reminderMessage(notices);
    try {
      const result = await this.client.chat.postMessage({
        channel,
        text: message.text,
        blocks: message.blocks,
        unfurl_links: false,
        unfurl_media: false,
      });
      return { ok: true, ts: result.ts ?? '' };
    } catch (error) {
      return notifyFailure(error);
    }
  }
}
