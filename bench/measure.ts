/** Small helpers shared by the bench scripts: wall time, peak RSS sampling, bounded concurrency. */

export async function timed<T>(work: () => Promise<T>): Promise<{ value: T; ms: number }> {
  const started = performance.now();
  const value = await work();
  return { value, ms: performance.now() - started };
}

export function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1
    ? (sorted[middle] ?? 0)
    : ((sorted[middle - 1] ?? 0) + (sorted[middle] ?? 0)) / 2;
}

/** Samples RSS every 20 ms while `work` runs and returns the peak in MiB. */
export async function withPeakRss<T>(work: () => Promise<T>): Promise<{ value: T; peakMiB: number }> {
  let peak = process.memoryUsage().rss;
  const timer = setInterval(() => {
    peak = Math.max(peak, process.memoryUsage().rss);
  }, 20);
  try {
    const value = await work();
    peak = Math.max(peak, process.memoryUsage().rss);
    return { value, peakMiB: peak / 1024 / 1024 };
  } finally {
    clearInterval(timer);
  }
}

export { mapConcurrent } from '../src/core/map-concurrent';

export const fmt = (ms: number): string => `${ms.toFixed(0)} ms`;
