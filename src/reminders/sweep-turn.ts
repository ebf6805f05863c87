import type { Store, SweepLock } from '../store/store';

export type SweepTurn =
  | { kind: 'sweep'; lock: SweepLock }
  /** busy: another process is sweeping and we may not wait; swept: some replica already swept this tick. */
  | { kind: 'skip'; reason: 'busy' | 'swept' };

export interface TurnOptions {
  owner: string;
  /** The cron tick (epoch ms) to sweep. */
  tick: number;
  /** Keep trying until then (epoch ms); undefined gives up at once when another process sweeps. */
  waitUntil?: number;
  pollMs: number;
  now: () => number;
}

/**
 * Takes the sweep lock for one tick. Replicas run the same cron, so their timers fire together: one takes the
 * lock, the others poll. When the sweeper finishes, the tick is recorded and the pollers skip it; when it dies,
 * its lock ends (PostgreSQL: with its connection; SQLite: with its lease) and a poller sweeps the tick instead.
 */
export async function takeSweepTurn(store: Store, options: TurnOptions): Promise<SweepTurn> {
  for (;;) {
    const lock = await store.lockSweep(options.owner);
    if (lock !== undefined) {
      const last = await lock.lastTick().catch(async (error: unknown) => {
        await lock.release();
        throw error;
      });
      if (last !== undefined && last >= options.tick) {
        await lock.release();
        return { kind: 'skip', reason: 'swept' };
      }
      return { kind: 'sweep', lock };
    }
    if (options.waitUntil === undefined || options.now() + options.pollMs >= options.waitUntil)
      return { kind: 'skip', reason: 'busy' };
    await new Promise((resolve) => setTimeout(resolve, options.pollMs));
  }
}
