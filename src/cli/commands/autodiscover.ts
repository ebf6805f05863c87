import type { Command } from 'commander';
import type { Config } from '../../config';
import type { ConnectToRule } from '../../core/connect-to';
import { isRpccheckError } from '../../core/errors';
import { parseAutodiscoverTarget } from '../../core/mailbox';
import type { CliIo } from '../io';
import type { TextStyle } from '../style';
import { accountFor } from './account';
import { collectConnectTo, EXIT_REFUSED, integerOption } from './check';

export interface AutodiscoverDeps {
  io: CliIo;
  loadConfig: () => Promise<Config>;
  probePassword: (user: string) => Promise<string>;
  style: TextStyle;
}

interface AutodiscoverFlags {
  connectTo?: ConnectToRule[];
  caFile?: string;
  timeout?: number;
  warnDays?: number;
  httpPort?: number;
  user?: string;
  json?: boolean;
}

async function autodiscover(input: string, flags: AutodiscoverFlags, deps: AutodiscoverDeps): Promise<void> {
  const { io } = deps;
  const refuse = (message: string): void => {
    if (flags.json) io.stdout(JSON.stringify({ error: { code: 'target_refused', message } }));
    io.stderr(`rpccheck: ${message}`);
    io.setExitCode(EXIT_REFUSED);
  };
  const parsed = parseAutodiscoverTarget(input);
  if (!parsed.ok) return refuse(parsed.reason);
  // The probe engine, configuration and formatters load only when this command runs (spec §11 start-up).
  const [
    { readCaFile },
    { checkOptionsFrom },
    { runAutodiscover },
    { exitCodeFor },
    { formatAutodiscoverReport },
  ] = await Promise.all([
    import('../../config'),
    import('../../probes/check-options'),
    import('../../probes/autodiscover/run-autodiscover'),
    import('../format-report'),
    import('../format-autodiscover'),
  ]);
  let config: Config;
  let extraCaPem: string[];
  try {
    config = await deps.loadConfig();
    extraCaPem =
      flags.caFile !== undefined
        ? [...config.extraCaPem, ...readCaFile(flags.caFile, '--ca-file')]
        : config.extraCaPem;
  } catch (error) {
    if (isRpccheckError(error)) return refuse(error.message);
    throw error;
  }
  const account = await accountFor(flags.user, config, deps.probePassword);
  if ('reason' in account) return refuse(account.reason);

  const options = {
    ...checkOptionsFrom(config, 'on-demand'),
    extraCaPem,
    ...(flags.timeout !== undefined && { timeoutMs: flags.timeout }),
    ...(flags.warnDays !== undefined && { warnDays: flags.warnDays }),
    ...(flags.httpPort !== undefined && { httpPort: flags.httpPort }),
    ...(flags.connectTo !== undefined && { connectTo: flags.connectTo }),
    ...(account.credentials !== undefined && { credentials: account.credentials }),
  };
  if (!flags.json) io.stderr(`walking Autodiscover for ${parsed.target.email ?? parsed.target.domain}…`);
  const outcome = await runAutodiscover(parsed.target, options);
  if (outcome.kind === 'refused') return refuse(outcome.reason);
  if (flags.json) io.stdout(JSON.stringify(outcome.report, null, 2));
  else io.stdout(formatAutodiscoverReport(outcome.report, deps.style));
  io.setExitCode(exitCodeFor(outcome.report));
}

export function registerAutodiscover(program: Command, deps: AutodiscoverDeps): void {
  program
    .command('autodiscover')
    .description(
      "walk Outlook's path: Autodiscover candidates, the Outlook Anywhere settings they hand out, MAPI over HTTP",
    )
    .argument('<email|domain>', 'alice@contoso.com (reads the settings with --user), or contoso.com')
    .option(
      '--connect-to <HOST:PORT:ADDRESS:PORT2>',
      "connect to ADDRESS:PORT2 for HOST:PORT (repeatable, curl's meaning): split DNS, a node behind a load balancer",
      collectConnectTo,
    )
    .option('--ca-file <pem>', 'extra trusted CA certificates (an in-house root), added to the system store')
    .option(
      '--timeout <ms>',
      'time limit for each probe (default RPCCHECK_TIMEOUT_MS or 10000)',
      integerOption(100, 300000),
    )
    .option(
      '--warn-days <n>',
      'warn when a certificate expires within this many days',
      integerOption(0, 3650),
    )
    .option(
      '--http-port <n>',
      'port of the plaintext redirect candidate (default 80)',
      integerOption(1, 65535),
    )
    .option(
      '--user <DOMAIN\\user>',
      'test account to read the settings and PING MAPI; password from RPCCHECK_PROBE_PASSWORD or a prompt',
    )
    .option('--json', 'print the report as one JSON document on stdout')
    .action((input: string, flags: AutodiscoverFlags) => autodiscover(input, flags, deps));
}
