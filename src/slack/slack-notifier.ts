import { ErrorCode, type Logger, type LogLevel, WebClient } from '@slack/web-api';
import type { Notifier, NotifyResult } from '../reminders/notifier';
import { reminderMessage } from './blocks/reminder-message';
import { slackError } from './post';

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
function neverSent(error: unknown): boolean {
  const original = (error as { original?: { code?: unknown; cause?: { code?: unknown } } }).original;
  return [original?.code, original?.cause?.code].some(
    (code) => typeof code === 'string' && NOT_SENT.has(code),
  );
}

/** A failed post as a value: 429 with its wait, and whether Slack may have taken the message after all. */
export function notifyFailure(error: unknown): NotifyResult {
  const { code, retryAfter, statusCode } = error as {
    code?: unknown;
    retryAfter?: unknown;
    statusCode?: unknown;
  };
  if (code === ErrorCode.RateLimitedError && typeof retryAfter === 'number')
    return { ok: false, error: 'ratelimited', retryAfterMs: retryAfter * 1000 };
  // No answer, or a server error: the message may have been posted, unless the request never left.
  const uncertain =
    (code === ErrorCode.RequestError && !neverSent(error)) ||
    (code === ErrorCode.HTTPError && typeof statusCode === 'number' && statusCode >= 500);
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
