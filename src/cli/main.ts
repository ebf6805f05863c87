#!/usr/bin/env node
import type { Config } from '../config';
import type { RunCheck } from '../probes/check-types';
import type { Notifier } from '../reminders/notifier';
import type { Store } from '../store/store';
import { type CommandLine, parseCommandLine } from './args';
import { cliProgram } from './command-table';
import { EXIT_INTERNAL, EXIT_REFUSED } from './exit-codes';
import { type CliIo, processIo, stdoutIsTerminal } from './io';
import { textStyle, wantsColour } from './style';

/*
 * Start-up (spec §11): every dependency below is imported when a command first uses it, not here, so
 * `--version` and `--help` load only the command table, `explain` and `validate` no probe engine, store or
 * Slack SDK, and `check` no store or Slack SDK. test/cli/startup-modules.test.ts checks what each loads.
 */
const runCheck: RunCheck = async (target, options) =>
  (await import('../probes/run-check')).runCheck(target, options);

/** PostgreSQL when RPCCHECK_DATABASE_URL is set, else SQLite at RPCCHECK_DB; each driver loaded only when chosen. */
const openStore = async (config: Config): Promise<Store> =>
  (await import('../store/open-store')).openStore(config);

async function slackNotifier(config: Config): Promise<Notifier | undefined> {
  const token = config.slack.botToken;
  if (token === undefined) return undefined;
  const { reminderClient, SlackNotifier } = await import('../slack/slack-notifier');
  return new SlackNotifier(reminderClient(token, config.slack.apiUrl));
}

/**
 * The CLI's composition root: commands get their dependencies here and nowhere else. `dotenv`: read `.env`
 * before the configuration, which only the process entry asks for, so tests and library users see no surprise
 * variables; `explain`, `validate` and `--help` read no configuration and skip the file.
 */
export function parseCli(argv: readonly string[], io = processIo(), { dotenv = false } = {}): CommandLine {
  const loadConfig = async (): Promise<Config> => {
    if (dotenv) (await import('dotenv')).config({ quiet: true });
    return (await import('../config')).loadConfig(process.env);
  };
  const probePassword = async (user: string): Promise<string> => {
    const source = (await import('./password-source')).passwordSource(process.env, user);
    if ('password' in source) return source.password;
    if (!process.stdin.isTTY) throw new Error(source.noTerminal);
    return (await import('./prompt-password')).promptPassword(`Password for ${user}: `);
  };
  const program = cliProgram({
    io,
    loadConfig,
    probePassword,
    runCheck,
    style: textStyle(wantsColour({ isTTY: stdoutIsTerminal() }, process.env)),
    openStore,
    createNotifier: slackNotifier,
  });
  return parseCommandLine(program, argv);
}

/** Usage errors are exit code 3 as spec §2 says: one line naming the mistake, and where help is. */
function usageError(io: CliIo, message: string, helpCommand: string): void {
  io.stderr(`rpccheck: ${message} (see ${helpCommand})`);
  io.setExitCode(EXIT_REFUSED);
}

async function main(): Promise<void> {
  const io = processIo();
  const commandLine = parseCli(process.argv.slice(2), io, { dotenv: true });
  switch (commandLine.kind) {
    case 'help': {
      const text = (await import('./help')).helpText(commandLine.topic, process.stdout.columns || 80);
      if (commandLine.exitCode === 0) io.stdout(text);
      else io.stderr(text);
      io.setExitCode(commandLine.exitCode);
      return;
    }
    case 'version':
      io.stdout((await import('../core/package-info')).packageVersion());
      return;
    case 'usage':
      return usageError(io, commandLine.message, commandLine.helpCommand);
    case 'run':
      try {
        await commandLine.run();
      } catch (error) {
        // What a failure needs is loaded only after one.
        const [{ UsageError }, { isRpccheckError }] = await Promise.all([
          import('./usage-error'),
          import('../core/errors'),
        ]);
        if (error instanceof UsageError) return usageError(io, error.message, commandLine.helpCommand);
        io.stderr(`rpccheck: ${error instanceof Error ? error.message : String(error)}`);
        // Bad configuration is the user's to fix (3), anything else is a bug (4).
        io.setExitCode(isRpccheckError(error) ? EXIT_REFUSED : EXIT_INTERNAL);
      }
  }
}

if (require.main === module) void main();
