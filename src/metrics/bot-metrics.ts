import { collectDefaultMetrics, Counter, Gauge, Histogram, Registry } from 'prom-client';
import type { Store, WatchWithResult } from '../store/store';

/**
 * What the people who run the bot scrape at GET /metrics (Prometheus text format). Series are named as the
 * blackbox and x509 exporters name theirs, so existing dashboards and alerts carry over; the certificate
 * series are read from the store at scrape time, so every replica reports the same watches.
 */
export interface BotMetrics {
  registry: Registry;
  checks: Counter<'verdict'>;
  checkDuration: Histogram<'verdict'>;
  queueWaiting: Gauge;
  queueRunning: Gauge;
  sweeps: Counter<'outcome'>;
  sweepDuration: Gauge;
  sweepHosts: Gauge;
  slackPostFailures: Counter<'kind'>;
}

export interface MetricsSources {
  store?: Store;
  /** Checks waiting and running, read at scrape time. */
  queue?: () => { waiting: number; running: number };
  now?: () => Date;
}

const WATCH_LABELS = ['host', 'port', 'connect_address', 'channel'] as const;

function watchLabels(watch: WatchWithResult): Record<(typeof WATCH_LABELS)[number], string> {
  return {
    host: watch.host,
    port: String(watch.port),
    connect_address: watch.connectAddress ?? '',
    channel: watch.channel,
  };
}

export function createBotMetrics(sources: MetricsSources = {}): BotMetrics {
  const registry = new Registry();
  // Process metrics, including nodejs_eventloop_lag_max_seconds: the figure that says whether acks are at risk.
  collectDefaultMetrics({ register: registry });
  const now = sources.now ?? (() => new Date());

  const queueWaiting = new Gauge({
    name: 'rpccheck_check_queue_length',
    help: 'On-demand checks waiting for a slot (RPCCHECK_MAX_CHECKS).',
    registers: [registry],
    collect() {
      if (sources.queue) this.set(sources.queue().waiting);
    },
  });
  const queueRunning = new Gauge({
    name: 'rpccheck_checks_running',
    help: 'On-demand checks running now.',
    registers: [registry],
    collect() {
      if (sources.queue) this.set(sources.queue().running);
    },
  });

  // One scrape reads the store once for both certificate series.
  let watches: Promise<WatchWithResult[]> | undefined;
  const readWatches = (): Promise<WatchWithResult[]> => {
    watches ??= (sources.store?.listWatches() ?? Promise.resolve([])).finally(() => {
      setImmediate(() => (watches = undefined));
    });
    return watches;
  };
  new Gauge({
    name: 'rpccheck_certificate_not_after_seconds',
    help: 'notAfter of the certificate a watched host presented at the last sweep (Unix time).',
    labelNames: WATCH_LABELS,
    registers: [registry],
    async collect() {
      this.reset();
      for (const watch of await readWatches()) {
        const notAfter = watch.last?.notAfter;
        if (notAfter !== undefined) this.set(watchLabels(watch), Date.parse(notAfter) / 1000);
      }
    },
  });
  new Gauge({
    name: 'rpccheck_certificate_days_left',
    help: 'Days until the certificate of a watched host expires, as of this scrape (negative once expired).',
    labelNames: WATCH_LABELS,
    registers: [registry],
    async collect() {
      this.reset();
      const at = now().getTime();
      for (const watch of await readWatches()) {
        const notAfter = watch.last?.notAfter;
        // Floored, unlike the reports' whole days (core/expiry.ts): an alert on `< 0` fires the moment it expires.
        if (notAfter !== undefined)
          this.set(watchLabels(watch), Math.floor((Date.parse(notAfter) - at) / 86_400_000));
      }
    },
  });

  return {
    registry,
    checks: new Counter({
      name: 'rpccheck_checks_total',
      help: 'On-demand checks by verdict (ok, warning, critical; refused by the target policy; error).',
      labelNames: ['verdict'],
      registers: [registry],
    }),
    checkDuration: new Histogram({
      name: 'rpccheck_check_duration_seconds',
      help: 'Duration of on-demand checks, from start to report (queue wait excluded).',
      labelNames: ['verdict'],
      buckets: [0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 20, 40],
      registers: [registry],
    }),
    queueWaiting,
    queueRunning,
    sweeps: new Counter({
      name: 'rpccheck_sweeps_total',
      help: 'Reminder sweeps run by this process, by outcome (done, failed, skipped: another replica swept).',
      labelNames: ['outcome'],
      registers: [registry],
    }),
    sweepDuration: new Gauge({
      name: 'rpccheck_sweep_duration_seconds',
      help: 'Duration of the last sweep this process ran.',
      registers: [registry],
    }),
    sweepHosts: new Gauge({
      name: 'rpccheck_sweep_hosts',
      help: 'Watched hosts checked by the last sweep this process ran.',
      registers: [registry],
    }),
    slackPostFailures: new Counter({
      name: 'rpccheck_slack_post_failures_total',
      help: 'Messages Slack refused or that could not be sent (report, reminder).',
      labelNames: ['kind'],
      registers: [registry],
    }),
  };
}
