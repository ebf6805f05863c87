#!/usr/bin/env node
import { Command, CommanderError } from 'commander';
import { config as loadDotenv } from 'dotenv';
import { loadConfig } from '../config';
import { packageVersion } from '../core/package-info';
import { runCheck } from '../probes/run-check';
import { EXIT_REFUSED, registerCheck } from './commands/check';
import { registerExplain } from './commands/explain';
import { registerValidate } from './commands/validate';
import { processIo } from './io';
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
  registerCheck(program, { io, loadConfig: () => loadConfig(process.env), runCheck, style });
  registerExplain(program, { io, style });
  registerValidate(program, { io, style });
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
    process.exitCode = 4;
  }
}

if (require.main === module) {
  // dotenv is loaded by the process entry only, so tests and library users see no surprise variables.
  loadDotenv({ quiet: true });
  void main();
}
