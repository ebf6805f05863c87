import { readFileSync } from 'node:fs';
import type { Config } from '../../config';
import type * as WatchService from '../../reminders/watch-service';
import { watchView } from '../../reminders/watch-view';
import type { Store } from '../../store/store';
import { EXIT_REFUSED } from '../exit-codes';
import type { CliIo } from '../io';

export interface WatchDeps {
  io: CliIo;
  loadConfig: () => Promise<Config>;
  openStore: (config: Config) => Promise<Store>;
}

const CLI_USER = 'cli';

/**
 * Runs one watch operation on the store the bot uses, closing it afterwards whatever happens.
 */
async function withStore(
  deps: WatchDeps,
  work: (store: Store, config: Config, service: typeof WatchService) => Promise<void>,
): Promise<void> {
  const service = await import('../../reminders/watch-service');
  const config = await deps.loadConfig();
  const store = await deps.openStore(config);
  try {
    await work(store, config, service);
  } finally {
    await store.close();
  }
}

/** `rpccheck watch add <target> --channel C… [--days 30,14,7]` (spec §2). */
export function watchAdd(
  target: string,
  flags: { channel: string; days?: string },
  deps: WatchDeps,
): Promise<void> {
  const { io } = deps;
  return withStore(deps, async (store, config, { addWatch }) => {
    const result = await addWatch(
      store,
      {
        target,
        channel: flags.channel,
        addedBy: CLI_USER,
        defaultDays: config.reminderDays,
        ...(flags.days !== undefined && { days: flags.days }),
      },
      new Date(),
    );
    if (!result.ok) {
      io.stderr(`rpccheck: ${result.reason}`);
      io.setExitCode(EXIT_REFUSED);
      return;
    }
    io.stdout(
      `${result.created ? 'watching' : 'updated'} ${result.watch.targetKey} in ${result.watch.channel} (reminders at ${result.watch.days.join(', ')} days)`,
    );
  });
}

/** `rpccheck watch remove <target> --channel C…`: exit 1 when the channel did not watch it. */
export function watchRemove(target: string, flags: { channel: string }, deps: WatchDeps): Promise<void> {
  const { io } = deps;
  return withStore(deps, async (store, _config, { removeWatch }) => {
    const result = await removeWatch(store, { target, channel: flags.channel });
    if (!result.ok) {
      io.stderr(`rpccheck: ${result.reason}`);
      io.setExitCode(EXIT_REFUSED);
      return;
    }
    const removed = 'removed' in result && result.removed;
    io.stdout(
      removed
        ? `stopped watching ${target} in ${flags.channel}`
        : `${flags.channel} does not watch ${target}`,
    );
    if (!removed) io.setExitCode(1);
  });
}

/** `rpccheck watch list [--channel C…] [--json]`. */
export function watchList(flags: { json?: true; channel?: string }, deps: WatchDeps): Promise<void> {
  const { io } = deps;
  return withStore(deps, async (store, _config, { listWatches }) => {
    const watches = await listWatches(store, flags.channel);
    if (flags.json) {
      io.stdout(JSON.stringify(watches, null, 2));
      return;
    }
    if (watches.length === 0) io.stdout('no watches');
    const now = new Date();
    for (const w of watches) {
      const view = watchView(w, now);
      const expiry = w.last?.notAfter?.slice(0, 10) ?? '';
      io.stdout(
        `${w.channel}  ${w.targetKey.padEnd(40)} ${`${view.certificate}${expiry ? ` (${expiry})` : ''}`.padEnd(30)} ${view.trust.padEnd(9)} ${view.issuer.padEnd(28)} ${view.checked.padEnd(17)} ${w.days.join(',').padEnd(12)} ${view.status}`,
      );
    }
  });
}

/** `rpccheck watch import <file|-> --channel C…`: exit 1 when some lines were refused. */
export function watchImport(file: string, flags: { channel: string }, deps: WatchDeps): Promise<void> {
  const { io } = deps;
  return withStore(deps, async (store, config, { importWatches }) => {
    const text = file === '-' ? await io.readStdin() : readFileSync(file, 'utf8');
    const report = await importWatches(store, text, flags.channel, CLI_USER, config.reminderDays, new Date());
    for (const error of report.errors) io.stderr(`line ${error.line}: ${error.reason} (${error.text})`);
    io.stdout(`${report.added} added, ${report.updated} updated, ${report.errors.length} refused`);
    if (report.errors.length > 0) io.setExitCode(1);
  });
}
