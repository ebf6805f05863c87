import { plural } from '../../core/plural';
import type { Config } from '../../config';
import type { Notice } from '../../reminders/notice';
import type { Notifier } from '../../reminders/notifier';
import type { SweepTiming } from '../../reminders/schedule';
import type { SweepSummary } from '../../reminders/sweep';
import type { Store } from '../../store/store';
import type { CliIo } from '../io';
import { expiryInWords } from '../../core/expiry';

export interface SweepDeps {
  io: CliIo;
  loadConfig: () => Promise<Config>;
  openStore: (config: Config) => Promise<Store>;
  /** The Slack notifier when SLACK_BOT_TOKEN is set; otherwise notices are printed. */
  createNotifier: (config: Config) => Promise<Notifier | undefined>;
}

function printingNotifier(io: CliIo): Notifier {
  let n = 0;
  return {
    notify: async (channel: string, notices: readonly Notice[]) => {
      for (const notice of notices)
        io.stdout(
          `${channel}  ${notice.kind.padEnd(16)} ${notice.host.host}:${notice.host.port}${'cert' in notice && notice.cert ? `  ${expiryInWords(notice.cert.daysLeft, notice.kind === 'expired')} (${notice.cert.notAfter.slice(0, 10)})` : ''}`,
        );
      return { ok: true, ts: `cli-${++n}` };
    },
  };
}

const describe = (s: SweepSummary): string =>
  s.skipped
    ? s.skipReason === 'swept'
      ? 'this tick was already swept by another process; skipped'
      : 'another sweep is running; skipped'
    : `${plural(s.checked, 'host')} checked, ${s.posted}/${plural(s.notices, 'notice')} delivered in ${s.durationMs} ms${s.postFailures.length > 0 ? `; failed: ${s.postFailures.map((f) => `${f.channel} (${f.error})`).join(', ')}` : ''}`;

/** `rpccheck sweep [--once]`: the reminder sweep, now or on RPCCHECK_SWEEP_CRON until stopped. */
export async function sweep(flags: { once?: true }, deps: SweepDeps): Promise<void> {
  const { io } = deps;
  const [{ checkOptionsFrom }, { scheduleSweeps }, { runSweep }] = await Promise.all([
    import('../../probes/check-options'),
    import('../../reminders/schedule'),
    import('../../reminders/sweep'),
  ]);
  const config = await deps.loadConfig();
  const store = await deps.openStore(config);
  const notifier = (await deps.createNotifier(config)) ?? printingNotifier(io);
  const checkOptions = checkOptionsFrom(config, 'sweep');
  const sweepNow = async (timing?: SweepTiming): Promise<SweepSummary> =>
    runSweep({
      ...timing,
      store,
      checkOptions,
      notifier,
      concurrency: config.sweepConcurrency,
      unreachableAfter: config.unreachableAfter,
      log: (line) => io.stderr(line),
    });
  if (flags.once) {
    try {
      const summary = await sweepNow();
      io.stderr(describe(summary));
      if (summary.postFailures.length > 0) io.setExitCode(1);
    } finally {
      await store.close();
    }
    return;
  }
  io.stderr(
    `sweeping on "${config.sweepCron}"${process.env['TZ'] ? ` (${process.env['TZ']})` : ''}; Ctrl-C to stop`,
  );
  await new Promise<void>((resolve) => {
    const stop = scheduleSweeps(
      config.sweepCron,
      async (timing) => io.stderr(describe(await sweepNow(timing))),
      {
        ...(process.env['TZ'] !== undefined && { timezone: process.env['TZ'] }),
        onError: (error) =>
          io.stderr(`sweep failed: ${error instanceof Error ? error.message : String(error)}`),
      },
    );
    const end = (): void => {
      stop();
      resolve();
    };
    process.once('SIGINT', end);
    process.once('SIGTERM', end);
  });
  await store.close();
}
