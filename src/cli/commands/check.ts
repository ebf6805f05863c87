import { type Command, InvalidArgumentError } from 'commander';
import { type Config, readCaFile } from '../../config';
import { isRpccheckError } from '../../core/errors';
import { parseTarget, withConnectAddress } from '../../core/target';
import type { CheckOptions, RunCheck } from '../../probes/check-types';
import { exitCodeFor, formatReport } from '../format-report';
import type { CliIo } from '../io';
import type { TextStyle } from '../style';

export const EXIT_REFUSED = 3;

export interface CheckDeps {
  io: CliIo;
  loadConfig: () => Config;
  runCheck: RunCheck;
  style: TextStyle;
}

interface CheckFlags {
  ip?: string;
  port?: number;
  caFile?: string;
  timeout?: number;
  warnDays?: number;
  json?: boolean;
  httpPort?: number;
}

export function integerOption(min: number, max: number) {
  return (value: string): number => {
    if (!/^\d+$/.test(value) || Number(value) < min || Number(value) > max)
      throw new InvalidArgumentError(`expected a whole number from ${min} to ${max}`);
    return Number(value);
  };
}

async function check(host: string, flags: CheckFlags, deps: CheckDeps): Promise<void> {
  const { io } = deps;
  const refuse = (message: string): void => {
    if (flags.json) io.stdout(JSON.stringify({ error: { code: 'target_refused', message } }));
    io.stderr(`rpccheck: ${message}`);
    io.setExitCode(EXIT_REFUSED);
  };
  let config: Config;
  let extraCaPem: string[];
  try {
    config = deps.loadConfig();
    extraCaPem =
      flags.caFile !== undefined
        ? [...config.extraCaPem, ...readCaFile(flags.caFile, '--ca-file')]
        : config.extraCaPem;
  } catch (error) {
    if (isRpccheckError(error)) return refuse(error.message);
    throw error;
  }
  let parsed = parseTarget(host);
  if (parsed.ok && flags.port !== undefined)
    parsed = { ok: true, target: { ...parsed.target, port: flags.port } };
  if (parsed.ok && flags.ip !== undefined) parsed = withConnectAddress(parsed.target, flags.ip);
  if (!parsed.ok) return refuse(parsed.reason);

  const options: CheckOptions = {
    policy: config.policy,
    timeoutMs: flags.timeout ?? config.timeoutMs,
    warnDays: flags.warnDays ?? config.warnDays,
    extraCaPem,
    ...(flags.httpPort !== undefined && { httpPort: flags.httpPort }),
  };
  if (!flags.json) io.stderr(`checking ${parsed.target.host}:${parsed.target.port}…`);
  const outcome = await deps.runCheck(parsed.target, options);
  if (outcome.kind === 'refused') return refuse(outcome.reason);
  if (flags.json) io.stdout(JSON.stringify(outcome.report, null, 2));
  else io.stdout(formatReport(outcome.report, deps.style));
  io.setExitCode(exitCodeFor(outcome.report));
}

export function registerCheck(program: Command, deps: CheckDeps): void {
  program
    .command('check', { isDefault: true })
    .description(
      'check an Outlook Anywhere front end: DNS, TCP, TLS and certificate, RPC proxy, authentication',
    )
    .argument(
      '<host>',
      'mail.contoso.com, mail.contoso.com:8443, https://mail.contoso.com/rpc/rpcproxy.dll, [2001:db8::1]:443',
    )
    .option('--ip <address>', 'connect to this IP; SNI, certificate name and Host stay the host name')
    .option('--port <n>', 'port to check (default 443, or the one in the target)', integerOption(1, 65535))
    .option('--ca-file <pem>', 'extra trusted CA certificates (an in-house root), added to the system store')
    .option(
      '--timeout <ms>',
      'time limit for each probe (default RPCCHECK_TIMEOUT_MS or 10000)',
      integerOption(100, 300000),
    )
    .option(
      '--warn-days <n>',
      'warn when the certificate expires within this many days (default 30)',
      integerOption(0, 3650),
    )
    .option('--http-port <n>', 'port of the plaintext companion probe (default 80)', integerOption(1, 65535))
    .option('--json', 'print the report as one JSON document on stdout')
    .action((host: string, flags: CheckFlags) => check(host, flags, deps));
}
