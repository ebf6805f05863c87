import type { SweepLock } from '../store';

export interface HeartbeatLockParts {
  /** Takes or extends the lease for this owner; false when another owner holds an unexpired one. */
  acquire(): Promise<boolean>;
  release(): Promise<void>;
  lastTick(): Promise<number | undefined>;
  finishTick(tick: number): Promise<void>;
  heartbeatMs: number;
}

/**
 * A sweep lock made of a short lease renewed on a timer while the sweep runs: a sweeper that dies stops
 * renewing, and its lease ends within one TTL. A renewal that finds the lease taken marks the lock lost.
 */
export async function heartbeatLock(parts: HeartbeatLockParts): Promise<SweepLock | undefined> {
  if (!(await parts.acquire())) return undefined;
  let held = true;
  const timer = setInterval(() => {
    parts.acquire().then(
      (renewed) => {
        if (!renewed) held = false;
      },
      () => {
        held = false;
      },
    );
  }, parts.heartbeatMs);
  timer.unref();
  return {
    held: () => held,
    lastTick: parts.lastTick,
    finishTick: parts.finishTick,
    release: async () => {
      clearInterval(timer);
      held = false;
      await parts.release();
    },
  };
}
