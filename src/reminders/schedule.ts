import { Cron } from 'croner';

/**
 * Runs the sweep on RPCCHECK_SWEEP_CRON (seconds allowed, time zone from TZ). croner's `protect` skips a run
 * while the previous one is still going; the store's lease does the same across processes.
 */
export function scheduleSweeps(
  pattern: string,
  sweep: () => Promise<void>,
  options: { timezone?: string; onError: (error: unknown) => void },
): () => void {
  const job = new Cron(
    pattern,
    { protect: true, ...(options.timezone !== undefined && { timezone: options.timezone }) },
    async () => {
      try {
        await sweep();
      } catch (error) {
        options.onError(error);
      }
    },
  );
  return () => job.stop();
}
