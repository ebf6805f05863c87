import type { Logger } from '@slack/bolt';

/**
 * Work that outlives Slack's 3-second ack (the checks). Every task's failure is caught and reported, none
 * escapes as an unhandled rejection, and shutdown can wait for what is in flight.
 */
export class BackgroundTasks {
  private readonly running = new Set<Promise<void>>();
  private accepting = true;

  constructor(private readonly logger: Logger) {}

  get size(): number {
    return this.running.size;
  }

  get isAccepting(): boolean {
    return this.accepting;
  }

  run(name: string, work: () => Promise<void>, onError: (error: unknown) => Promise<void>): void {
    const task = (async () => {
      try {
        await work();
      } catch (error) {
        this.logger.error(`${name} failed: ${error instanceof Error ? error.message : String(error)}`);
        try {
          await onError(error);
        } catch (reportError) {
          this.logger.error(
            `${name}: could not tell the user either: ${reportError instanceof Error ? reportError.message : String(reportError)}`,
          );
        }
      }
    })();
    this.running.add(task);
    void task.finally(() => this.running.delete(task));
  }

  /** Stops taking work and waits for what runs, at most `timeoutMs`. */
  async drain(timeoutMs: number): Promise<void> {
    this.accepting = false;
    let timer: NodeJS.Timeout | undefined;
    await Promise.race([
      Promise.allSettled([...this.running]),
      new Promise<void>((resolve) => {
        timer = setTimeout(resolve, timeoutMs);
      }),
    ]);
    clearTimeout(timer);
  }
}
