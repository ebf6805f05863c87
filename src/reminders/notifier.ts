import type { Notice } from './notice';

export type NotifyResult =
  | { ok: true; ts: string }
  | {
      ok: false;
      error: string;
      /** Slack answered 429: try again after this long (its Retry-After). */
      retryAfterMs?: number;
      /** No answer (timeout, connection lost): Slack may have accepted the message. */
      uncertain?: boolean;
    };

/** Where reminders go. One call per channel per sweep: a channel with many due hosts gets one digest. */
export interface Notifier {
  notify(channel: string, notices: readonly Notice[]): Promise<NotifyResult>;
}
