import { Cron } from 'croner';

/** Which cron tick a sweep is for, and how long it may wait for another replica's sweep of it. */
export interface SweepTiming {
  tick: number;
  waitUntil?: number;
}

/**
 * Runs the sweep on RPCCHECK_SWEEP_CRON (seconds allowed, time zone from TZ). croner keeps the tick; the store's
 * lock decides which replica sweeps it. Each run is told its scheduled tick (the same on every replica, however
 * late its timer fired) and may wait for the lock until the next tick. `protect` skips a run while the
 * previous one is still going.
 */
export function scheduleSweeps(
  pattern: string,
  sweep: (timing: SweepTiming) => Promise<void>,
  options: { timezone?: string; onError: (error: unknown) => void },
): () => void {
  const job = new Cron(
    pattern,
    { protect: true, ...(options.timezone !== undefined && { timezone: options.timezone }) },
    async (self: Cron) => {
      try {
        await sweep(timingOf(self, Date.now()));
      } catch (error) {
        options.onError(error);
      }
    },
  );
  return () => job.stop();
}

/** The scheduled time of the run under way (timers fire at or after it) and the next one. */
export function timingOf(job: Cron, now: number): SweepTiming {
  const tick = job.previousRuns(1, new Date(now + 1))[0]?.getTime() ?? now;
  const next = job.nextRun(new Date(now))?.getTime();
  return { tick, ...(next !== undefined && { waitUntil: next }) };
}
