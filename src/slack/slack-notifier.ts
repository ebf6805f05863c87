import type { WebClient } from '@slack/web-api';
import type { Notifier, NotifyResult } from '../reminders/notifier';
import { reminderMessage } from './blocks/reminder-message';
import { postMessage } from './post';

/**
 * Posts sweep notices with chat.postMessage, about one message a second per channel as Slack paces it;
 * 429s are waited out by the Web API client's retry policy.
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
    const posted = await postMessage(this.client, channel, reminderMessage(notices));
    return posted.ok ? { ok: true, ts: posted.ts } : { ok: false, error: posted.error };
  }
}
