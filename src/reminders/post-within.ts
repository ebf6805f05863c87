import type { Notice } from './notice';
import type { Notifier, NotifyResult } from './notifier';

/**
 * Posts, waiting out 429s as Retry-After says, as long as the wait ends before `deadline` (the end of the
 * claim on these notices: past it, another sweeper may post them too). Any other failure is returned at once.
 */
export async function postWithin(
  notifier: Notifier,
  channel: string,
  notices: readonly Notice[],
  deadline: number,
  now: () => number = Date.now,
): Promise<NotifyResult> {
  for (;;) {
    const result = await notifier.notify(channel, notices);
    if (result.ok || result.retryAfterMs === undefined) return result;
    if (now() + result.retryAfterMs >= deadline) return result;
    await new Promise((resolve) => setTimeout(resolve, result.retryAfterMs));
  }
}
