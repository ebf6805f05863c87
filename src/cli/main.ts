#!/usr/bin/env node
import { Command, CommanderError } from 'commander';
import { WebClient } from '@slack/web-api';
import { config as loadDotenv } from 'dotenv';
import { loadConfig } from '../config';
import { isRpccheckError } from '../core/errors';
import { packageVersion } from '../core/package-info';
import { runCheck } from '../probes/run-check';
import { SlackNotifier } from '../slack/slack-notifier';
import { SqliteStore } from '../store/sqlite/sqlite-store';
import { EXIT_REFUSED, registerCheck } from './commands/check';
import { registerAutodiscover } from './commands/autodiscover';
import { registerExplain } from './commands/explain';
import { registerSweep } from './commands/sweep';
import { registerValidate } from './commands/validate';
import { registerWatch } from './commands/watch';
import { processIo } from './io';
import { promptPassword } from './prompt-password';
import { textStyle, wantsColour } from './style';

/** The CLI's composition root: commands get their dependencies here and nowhere else. */
export function buildProgram(io = processIo()): Command {
  const program = new Command('rpccheck')
    .description('Diagnose Outlook Anywhere (RPC over HTTPS) front ends and certificate expiry')
    .version(packageVersion())
    .showHelpAfterError()
    .exitOverride()
    .configureOutput({ writeOut: (s) => io.stdout(s), writeErr: (s) => io.stderr(s) });
  const style = textStyle(wantsColour(process.stdout, process.env));
  const probePassword = (user: string): Promise<string> => {
    const fromEnv = process.env['RPCCHECK_PROBE_PASSWORD'];
    const envUser = process.env['RPCCHECK_PROBE_USER'];
    // The variable is the configured account's password: it is not lent to another --user.
    const usable =
      fromEnv !== undefined &&
      fromEnv !== '' &&
      (envUser === undefined || envUser === '' || envUser === user);
    return usable ? Promise.resolve(fromEnv) : promptPassword(`Password for ${user}: `);
  };
  registerCheck(program, { io, loadConfig: () => loadConfig(process.env), probePassword, runCheck, style });
  registerAutodiscover(program, { io, loadConfig: () => loadConfig(process.env), probePassword, style });
  registerExplain(program, { io, style });
  registerValidate(program, { io, style });
  const openStore = (file: string) => new SqliteStore(file);
  registerWatch(program, { io, loadConfig: () => loadConfig(process.env), openStore });
  registerSweep(program, {
    io,
    loadConfig: () => loadConfig(process.env),
    openStore,
    runCheck,
    createNotifier: (config) =>
      config.slack.botToken === undefined
        ? undefined
        : new SlackNotifier(
            new WebClient(config.slack.botToken, {
              ...(config.slack.apiUrl !== undefined && { slackApiUrl: config.slack.apiUrl }),
              retryConfig: { retries: 3, factor: 2, maxRetryTime: 30000 },
            }),
          ),
  });
  return program;
}

async function main(): Promise<void> {
  const io = processIo();
  try {
    await buildProgram(io).parseAsync(process.argv);
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

if (require.main === module) {
  // dotenv is loaded by the process entry only, so tests and library users see no surprise variables.
  loadDotenv({ quiet: true });
  void main();
}
