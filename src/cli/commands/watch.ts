import { readFileSync } from 'node:fs';
import type { Command } from 'commander';
import type { Config } from '../../config';
import type * as WatchService from '../../reminders/watch-service';
import type { Store } from '../../store/store';
import type { CliIo } from '../io';
import { EXIT_REFUSED } from './check';

export interface WatchDeps {
  io: CliIo;
  loadConfig: () => Promise<Config>;
  openStore: (path: string) => Promise<Store>;
}

const CLI_USER = 'cli';

/**
 * Runs one watch operation on the store the bot uses, closing it afterwards whatever happens. The watch
 * service is imported here so registering the command loads none of it.
 */
async function withStore(
  deps: WatchDeps,
  work: (store: Store, config: Config, service: typeof WatchService) => Promise<void>,
): Promise<void> {
  const service = await import('../../reminders/watch-service');
  const config = await deps.loadConfig();
  const store = await deps.openStore(config.dbPath);
  try {
    await work(store, config, service);
  } finally {
    await store.close();
  }
}

/** `rpccheck watch add|remove|list|import` (spec §2): watches without Slack, e.g. hundreds at once for an MSP. */
export function registerWatch(program: Command, deps: WatchDeps): void {
  const { io } = deps;
  const watch = program
    .command('watch')
    .description('manage certificate watches (the same store the bot uses)');
  watch
    .command('add')
    .argument('<target>', 'host in any form; `host via 10.0.0.5` pins the address')
    .requiredOption('--channel <id>', 'Slack channel id that gets the reminders (C…)')
    .option('--days <list>', 'reminder thresholds in days, e.g. 30,14,7,3,1')
    .action((target: string, flags: { channel: string; days?: string }) =>
      withStore(deps, async (store, config, { addWatch }) => {
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
      }),
    );
  watch
    .command('remove')
    .argument('<target>')
    .requiredOption('--channel <id>', 'Slack channel id')
    .action((target: string, flags: { channel: string }) =>
      withStore(deps, async (store, _config, { removeWatch }) => {
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
      }),
    );
  watch
    .command('list')
    .option('--json', 'print the watches as JSON')
    .option('--channel <id>', 'only this channel')
    .action((flags: { json?: boolean; channel?: string }) =>
      withStore(deps, async (store, _config, { listWatches }) => {
        const watches = await listWatches(store, flags.channel);
        if (flags.json) {
          io.stdout(JSON.stringify(watches, null, 2));
          return;
        }
        if (watches.length === 0) io.stdout('no watches');
        for (const w of watches)
          io.stdout(
            `${w.channel}  ${w.targetKey.padEnd(40)} ${(w.last?.notAfter?.slice(0, 10) ?? 'not checked').padEnd(16)} ${(w.last?.verdict ?? '-').padEnd(12)} ${w.days.join(',')}`,
          );
      }),
    );
  watch
    .command('import')
    .argument(
      '<file>',
      'one target per line (any form, `via` allowed), optional `,days` (e.g. `,30 14 7`); - reads stdin',
    )
    .requiredOption('--channel <id>', 'Slack channel id')
    .action((file: string, flags: { channel: string }) =>
      withStore(deps, async (store, config, { importWatches }) => {
        const text = file === '-' ? await io.readStdin() : readFileSync(file, 'utf8');
        const report = await importWatches(
          store,
          text,
          flags.channel,
          CLI_USER,
          config.reminderDays,
          new Date(),
        );
        for (const error of report.errors) io.stderr(`line ${error.line}: ${error.reason} (${error.text})`);
        io.stdout(`${report.added} added, ${report.updated} updated, ${report.errors.length} refused`);
        if (report.errors.length > 0) io.setExitCode(1);
      }),
    );
}
