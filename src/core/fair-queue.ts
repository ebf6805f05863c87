/**
 * At most `limit` jobs run at once; the rest wait in order, taken round-robin across keys (users), so one
 * person pasting twenty hosts during an outage does not push everyone else's check behind theirs.
 *
 * Knows nothing of Slack: callers learn a waiting job's place through `ahead(ticket)` and start/finish through
 * the job itself. A job's rejection is the job's business (the queue only counts it as finished).
 */
export interface Ticket {
  readonly key: string;
  readonly id: number;
}

interface Job extends Ticket {
  run: () => Promise<void>;
}

export class FairQueue {
  private readonly waiting = new Map<string, Job[]>();
  /** Keys with waiting jobs, in turn order; `next` is the index of the key whose turn comes next. */
  private rotation: string[] = [];
  private next = 0;
  private active = 0;
  private nextId = 1;
  private readonly idle: (() => void)[] = [];

  constructor(readonly limit: number) {
    if (!Number.isInteger(limit) || limit < 1)
      throw new RangeError(`queue limit must be 1 or more, not ${limit}`);
  }

  get running(): number {
    return this.active;
  }

  get queued(): number {
    let count = 0;
    for (const jobs of this.waiting.values()) count += jobs.length;
    return count;
  }

  /** Queues `run`; it starts at once when a slot is free (then `ahead` is never asked). */
  enqueue(key: string, run: () => Promise<void>): Ticket {
    const job: Job = { key, id: this.nextId++, run };
    const jobs = this.waiting.get(key);
    if (jobs) jobs.push(job);
    else {
      this.waiting.set(key, [job]);
      // A newcomer takes the last place in the current round, just before the key whose turn is next.
      this.rotation.splice(this.next, 0, key);
      this.next = (this.next + 1) % this.rotation.length;
    }
    this.dispatch();
    return job;
  }

  /** Whether the ticket's job is still waiting (not started, not finished). */
  isWaiting(ticket: Ticket): boolean {
    return this.waiting.get(ticket.key)?.some((job) => job.id === ticket.id) ?? false;
  }

  /**
   * How many waiting jobs start before this one, following the round-robin: the jobs before it of its own key,
   * plus from each other key as many as get a turn before its own turn comes. Undefined once it has started.
   */
  ahead(ticket: Ticket): number | undefined {
    const own = this.waiting.get(ticket.key);
    const index = own?.findIndex((job) => job.id === ticket.id) ?? -1;
    if (index < 0) return undefined;
    const ownTurn = this.turnOffset(ticket.key);
    let count = index;
    for (const [key, jobs] of this.waiting) {
      if (key === ticket.key) continue;
      // A key whose turn comes before ours in each round gets one more turn than there are our jobs ahead.
      const turns = index + (this.turnOffset(key) < ownTurn ? 1 : 0);
      count += Math.min(jobs.length, turns);
    }
    return count;
  }

  /** Resolves when nothing runs and nothing waits. */
  whenIdle(): Promise<void> {
    if (this.active === 0 && this.rotation.length === 0) return Promise.resolve();
    return new Promise((resolve) => this.idle.push(resolve));
  }

  private turnOffset(key: string): number {
    const at = this.rotation.indexOf(key);
    return (at - this.next + this.rotation.length) % this.rotation.length;
  }

  private dispatch(): void {
    while (this.active < this.limit && this.rotation.length > 0) {
      const key = this.rotation[this.next] as string;
      const jobs = this.waiting.get(key) as Job[];
      const job = jobs.shift() as Job;
      if (jobs.length === 0) {
        this.waiting.delete(key);
        this.rotation.splice(this.next, 1);
        if (this.next >= this.rotation.length) this.next = 0;
      } else this.next = (this.next + 1) % this.rotation.length;
      this.start(job);
    }
    if (this.active === 0 && this.rotation.length === 0) for (const resolve of this.idle.splice(0)) resolve();
  }

  private start(job: Job): void {
    this.active++;
    let settled: Promise<void>;
    try {
      settled = job.run();
    } catch {
      settled = Promise.resolve();
    }
    void settled
      .catch(() => undefined)
      .finally(() => {
        this.active--;
        this.dispatch();
      });
  }
}
