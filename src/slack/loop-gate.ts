import { performance } from 'node:perf_hooks';

/**
 * Keeps the event loop free for Slack's acknowledgements. RPCCHECK_MAX_CHECKS bounds how many checks wait on
 * the network at once; this bounds how fast they start while the process is busy: a check about to start waits
 * (a little, never long) while the event loop has recently been busy more than `threshold` of the time. In a
 * burst, the first checks' TLS work then no longer delays the acks of the commands still arriving.
 */
export interface LoopGateOptions {
  /** Event-loop utilization (0–1) above which starts wait. */
  threshold?: number;
  /** How often utilization is sampled, and how long a waiting start sleeps between looks. */
  sampleMs?: number;
  /** The longest a start waits: checks are slowed, never starved. */
  maxWaitMs?: number;
  /** Utilization since the previous call; Node's eventLoopUtilization unless a test gives its own. */
  utilization?: () => number;
}

function nodeUtilization(): () => number {
  let last = performance.eventLoopUtilization();
  return () => {
    const now = performance.eventLoopUtilization();
    const { utilization } = performance.eventLoopUtilization(now, last);
    last = now;
    return utilization;
  };
}

export class LoopGate {
  private readonly threshold: number;
  private readonly sampleMs: number;
  private readonly maxWaitMs: number;
  private readonly utilization: () => number;
  private recent = 0;
  private readonly timer: NodeJS.Timeout;

  constructor(options: LoopGateOptions = {}) {
    this.threshold = options.threshold ?? 0.6;
    this.sampleMs = options.sampleMs ?? 20;
    this.maxWaitMs = options.maxWaitMs ?? 500;
    this.utilization = options.utilization ?? nodeUtilization();
    // Sampling from the start, so the first checks of a burst on a fresh bot already see how busy it is.
    this.timer = setInterval(() => {
      this.recent = this.utilization();
    }, this.sampleMs);
    // A gate is no reason to keep a process alive.
    this.timer.unref();
  }

  /** Resolves once the loop has been calm for a sample, or after `maxWaitMs` at most. */
  async calm(): Promise<void> {
    for (let waited = 0; this.recent > this.threshold && waited < this.maxWaitMs; waited += this.sampleMs)
      await new Promise((resolve) => setTimeout(resolve, this.sampleMs));
  }

  close(): void {
    clearInterval(this.timer);
  }
}
