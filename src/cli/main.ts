#!/usr/bin/env node
import { Command, CommanderError } from 'commander';
import type { Config } from '../config';
import { isRpccheckError } from '../core/errors';
import { packageVersion } from '../core/package-info';
import type { RunCheck } from '../probes/check-types';
import type { Notifier } from '../reminders/notifier';
import type { Store } from '../store/store';
import { registerAutodiscover } from './commands/autodiscover';
import { EXIT_REFUSED, registerCheck } from './commands/check';
import { registerExplain } from './commands/explain';
import { registerSweep } from './commands/sweep';
import { registerValidate } from './commands/validate';
import { registerWatch } from './commands/watch';
import { processIo } from './io';
import { textStyle, wantsColour } from './style';

/*
 * Start-up (spec §11): every dependency below is imported when a command first uses it, not here, so
 * `--version` and `--help` load little more than commander, `explain` and `validate` no probe engine, store or
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
export function buildProgram(io = processIo(), { dotenv = false } = {}): Command {
  const loadConfig = async (): Promise<Config> => {
    if (dotenv) (await import('dotenv')).config({ quiet: true });
    return (await import('../config')).loadConfig(process.env);
  };
  const program = new Command('rpccheck')
    .description('Diagnose Outlook Anywhere (RPC over HTTPS) front ends and certificate expiry')
    .version(packageVersion())
    .showHelpAfterError()
    .exitOverride()
    .configureOutput({ writeOut: (s) => io.stdout(s), writeErr: (s) => io.stderr(s) });
  const style = textStyle(wantsColour(process.stdout, process.env));
  const probePassword = async (user: string): Promise<string> => {
    const fromEnv = process.env['RPCCHECK_PROBE_PASSWORD'];
    const envUser = process.env['RPCCHECK_PROBE_USER'];
    // The variable is the configured account's password: it is not lent to another --user.
    const usable =
      fromEnv !== undefined &&
      fromEnv !== '' &&
      (envUser === undefined || envUser === '' || envUser === user);
    return usable ? fromEnv : (await import('./prompt-password')).promptPassword(`Password for ${user}: `);
  };
  registerCheck(program, { io, loadConfig, probePassword, runCheck, style });
  registerAutodiscover(program, { io, loadConfig, probePassword, style });
  registerExplain(program, { io, style });
  registerValidate(program, { io, style });
  registerWatch(program, { io, loadConfig, openStore });
  registerSweep(program, { io, loadConfig, openStore, createNotifier: slackNotifier });
  return program;
}

async function main(): Promise<void> {
  const io = processIo();
  try {
    await buildProgram(io, { dotenv: true }).parseAsync(process.argv);
  } catch (error) {
    if (error instanceof CommanderError) {
      // Help and version exit 0; usage errors are exit code 3 as spec §2 says.
      process.exitCode = error.exitCode === 0 ? 0 : EXIT_REFUSED;
      return;
    }
    io.stderr(`rpccheck: ${error instanceof Error ? error.message : String(error)}`);
    // Bad configuration is the user's to fix (3), anything else is a bug (4).
    process.exitCode = isRpccheckError(error) ? EXIT_REFUSED : 4;
  }
}

if (require.main === module) void main();
