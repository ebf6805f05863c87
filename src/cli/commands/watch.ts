import { readFileSync } from 'node:fs';
import type { Config } from '../../config';
import { RpccheckError } from '../../core/errors';
import type * as WatchService from '../../reminders/watch-service';
import type { WatchScreen } from '../../reminders/watch-service';
import { systemErrorText } from '../../store/open-errors';
import type { Store } from '../../store/store';
import { EXIT_REFUSED } from '../exit-codes';
import type { CliIo } from '../io';
import { UsageError } from '../usage-error';

export interface WatchDeps {
  io: CliIo;
  loadConfig: () => Promise<Config>;
  openStore: (config: Config) => Promise<Store>;
}

const CLI_USER = 'cli';

/**
 * Runs one watch operation on the store the bot uses, closing it afterwards whatever happens. `--channel` is
 * judged first: a channel name instead of its id is a usage error, before any configuration or database.
 */
async function withStore(
  deps: WatchDeps,
  channel: string | undefined,
  work: (store: Store, config: Config, service: typeof WatchService) => Promise<void>,
): Promise<void> {
  const service = await import('../../reminders/watch-service');
  const problem = channel === undefined ? undefined : service.channelIdProblem(channel);
  if (problem !== undefined) throw new UsageError(`--channel ${problem}`);
  const config = await deps.loadConfig();
  const store = await deps.openStore(config);
  try {
    await work(store, config, service);
  } finally {
    await store.close();
  }
}

/**
 * Reminders go where the bot may post: a channel outside RPCCHECK_ALLOWED_CHANNELS would get reminders whose
 * buttons the bot then refuses. Removing and listing stay possible everywhere.
 */
async function refuseUnlistedChannel(config: Config, channel: string): Promise<void> {
  const { channelAllowed } = await import('../../config');
  if (!channelAllowed(config, channel))
    throw new UsageError(
      `--channel ${channel} is not in RPCCHECK_ALLOWED_CHANNELS, so the bot would not answer there: add it to the list first`,
    );
}

/** The policy `check` applies, with its DNS bound: a target `check` refuses is refused here too. */
const screen = (config: Config): WatchScreen => ({ policy: config.policy, timeoutMs: config.timeoutMs });

/** `rpccheck watch add <target> --channel C… [--days 30,14,7]` (spec §2). */
export function watchAdd(
  target: string,
  flags: { channel: string; days?: string },
  deps: WatchDeps,
): Promise<void> {
  const { io } = deps;
  return withStore(deps, flags.channel, async (store, config, { addWatch }) => {
    await refuseUnlistedChannel(config, flags.channel);
    const result = await addWatch(
      store,
      {
        target,
        channel: flags.channel,
        addedBy: CLI_USER,
        defaultDays: config.reminderDays,
        screen: screen(config),
        ...(flags.days !== undefined && { days: flags.days }),
      },
      new Date(),
    );
    if (!result.ok) {
      io.stderr(`rpccheck: ${result.reason}`);
      io.setExitCode(EXIT_REFUSED);
      return;
    }
    if (result.warning !== undefined) io.stderr(`rpccheck: warning: ${result.warning}`);
    io.stdout(
      `${result.created ? 'watching' : 'updated'} ${result.watch.targetKey} in ${result.watch.channel} (reminders at ${result.watch.days.join(', ')} days)`,
    );
  });
}

/** `rpccheck watch remove <target> --channel C…`: exit 1 when the channel did not watch it. */
export function watchRemove(target: string, flags: { channel: string }, deps: WatchDeps): Promise<void> {
  const { io } = deps;
  return withStore(deps, flags.channel, async (store, _config, { removeWatch }) => {
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
  return withStore(deps, flags.channel, async (store, _config, { listWatches }) => {
    const watches = await listWatches(store, flags.channel);
    if (flags.json) {
      io.stdout(JSON.stringify(watches, null, 2));
      return;
    }
    if (watches.length === 0) {
      io.stdout('no watches');
      return;
    }
    const { watchListLines } = await import('../format-watch-list');
    for (const line of watchListLines(watches, new Date())) io.stdout(line);
  });
}

/** The file to import; a missing or unreadable one is the user's to fix (exit 3), named in one line. */
function readImportFile(file: string): string {
  try {
    return readFileSync(file, 'utf8');
  } catch (error) {
    const code = (error as { code?: unknown }).code;
    const why =
      code === 'EISDIR' ? 'it is a folder' : code === 'ENOENT' ? 'no such file' : systemErrorText(error);
    throw new RpccheckError('input.unreadable', `cannot read ${file}: ${why}`, { cause: error });
  }
}

/** `rpccheck watch import <file|-> --channel C…`: exit 1 when some lines were refused. */
export function watchImport(file: string, flags: { channel: string }, deps: WatchDeps): Promise<void> {
  const { io } = deps;
  return withStore(deps, flags.channel, async (store, config, { importWatches }) => {
    await refuseUnlistedChannel(config, flags.channel);
    const text = file === '-' ? await io.readStdin() : readImportFile(file);
    const report = await importWatches(
      store,
      text,
      { channel: flags.channel, addedBy: CLI_USER, defaultDays: config.reminderDays, screen: screen(config) },
      new Date(),
    );
    for (const error of report.errors) io.stderr(`line ${error.line}: ${error.reason} (${error.text})`);
    for (const note of report.warnings) io.stderr(`line ${note.line}: warning: ${note.warning}`);
    io.stdout(`${report.added} added, ${report.updated} updated, ${report.errors.length} refused`);
    if (report.errors.length > 0) io.setExitCode(1);
  });
}
