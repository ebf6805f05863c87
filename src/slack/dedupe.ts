import type { Store } from '../store/store';

/** Whether a Slack event is seen for the first time: Slack retries with the same event_id. */
export interface EventDedupe {
  firstTime(id: string): Promise<boolean>;
}

/** How long an event id is remembered: Slack's retries come within minutes. */
export const EVENT_TTL_MS = 15 * 60 * 1000;

/**
 * Slack retries an event it thinks was not acknowledged (X-Slack-Retry-Num), with the same event_id: answering
 * each delivery would post twice. Remembers ids for a while, bounded in number, in this process.
 */
export class RecentIds implements EventDedupe {
  private readonly seen = new Map<string, number>();

  constructor(
    private readonly ttlMs = EVENT_TTL_MS,
    private readonly max = 10000,
    private readonly now: () => number = Date.now,
  ) {}

  async firstTime(id: string): Promise<boolean> {
    return this.firstTimeNow(id);
  }

  /** True the first time an id is seen within the TTL. */
  firstTimeNow(id: string): boolean {
    const now = this.now();
    const at = this.seen.get(id);
    if (at !== undefined && now - at < this.ttlMs) return false;
    this.seen.set(id, now);
    if (this.seen.size > this.max) {
      for (const [key, time] of this.seen) {
        if (this.seen.size <= this.max && now - time < this.ttlMs) break;
        this.seen.delete(key);
      }
    }
    return true;
  }
}

/**
 * Event ids in the store, so a retry that reaches another replica is still recognised. When the database
 * cannot answer, this process's memory decides: answering a retry twice is better than answering nothing.
 */
export function eventDedupe(store: Store | undefined, now: () => Date = () => new Date()): EventDedupe {
  const local = new RecentIds();
  if (store === undefined) return local;
  return {
    firstTime: async (id) => {
      const inMemory = local.firstTimeNow(id);
      try {
        return await store.firstDelivery(id, EVENT_TTL_MS, now());
      } catch {
        return inMemory;
      }
    },
  };
}
