import type { Notice } from './notice';

export type NotifyResult = { ok: true; ts: string } | { ok: false; error: string };

/** Where reminders go. One call per channel per sweep: a channel with many due hosts gets one digest. */
export interface Notifier {
  notify(channel: string, notices: readonly Notice[]): Promise<NotifyResult>;
}
