import { type Command, InvalidArgumentError } from 'commander';
import type { Config } from '../../config';
import { applyConnectTo, type ConnectToRule, parseConnectTo } from '../../core/connect-to';
import { isRpccheckError } from '../../core/errors';
import { parseBackendName, parseTarget, withConnectAddress } from '../../core/target';
import type { CheckOptions, RunCheck } from '../../probes/check-types';
import type { CliIo } from '../io';
import type { TextStyle } from '../style';
import { accountFor } from './account';

export const EXIT_REFUSED = 3;

export interface CheckDeps {
  io: CliIo;
  loadConfig: () => Promise<Config>;
  /** RPCCHECK_PROBE_PASSWORD, else typed at a prompt; never an argument (spec §8). */
  probePassword: (user: string) => Promise<string>;
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
  user?: string;
  backend?: string[];
  connectTo?: ConnectToRule[];
}

function collectBackend(value: string, previous: string[] = []): string[] {
  const parsed = parseBackendName(value);
  if ('reason' in parsed) throw new InvalidArgumentError(parsed.reason);
  return [...previous, parsed.name];
}

/** Repeatable `--connect-to HOST:PORT:ADDRESS:PORT2` (curl's meaning; spec §9). */
export function collectConnectTo(value: string, previous: ConnectToRule[] = []): ConnectToRule[] {
  const rule = parseConnectTo(value);
  if ('reason' in rule) throw new InvalidArgumentError(rule.reason);
  return [...previous, rule];
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
  // Imported here, not at the top: registering the command (for --help, or another command) needs none of it.
  const [{ readCaFile }, { checkOptionsFrom }, { exitCodeFor, formatReport }] = await Promise.all([
    import('../../config'),
    import('../../probes/check-options'),
    import('../format-report'),
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
  let parsed = parseTarget(host);
  if (parsed.ok && flags.port !== undefined)
    parsed = { ok: true, target: { ...parsed.target, port: flags.port } };
  if (parsed.ok && flags.ip !== undefined) parsed = withConnectAddress(parsed.target, flags.ip);
  if (!parsed.ok) return refuse(parsed.reason);
  // Like --ip, but chosen by host and port; the target policy then judges ADDRESS:PORT2.
  if (flags.connectTo !== undefined)
    parsed = { ok: true, target: applyConnectTo(parsed.target, flags.connectTo) };

  const account = await accountFor(flags.user, config, deps.probePassword);
  if ('reason' in account) return refuse(account.reason);
  const { credentials } = account;
  if (flags.backend !== undefined) {
    if (credentials === undefined)
      return refuse('--backend needs a test account: add --user DOMAIN\\user (or set RPCCHECK_PROBE_USER)');
    parsed = { ok: true, target: { ...parsed.target, backends: [...new Set(flags.backend)] } };
  }

  const options: CheckOptions = {
    ...checkOptionsFrom(config, 'on-demand'),
    extraCaPem,
    ...(flags.timeout !== undefined && { timeoutMs: flags.timeout }),
    ...(flags.warnDays !== undefined && { warnDays: flags.warnDays }),
    ...(flags.httpPort !== undefined && { httpPort: flags.httpPort }),
    ...(credentials !== undefined && { credentials }),
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
    .option(
      '--user <DOMAIN\\user>',
      'test account for the authenticated RPC ping of 6001/6002/6004; password from RPCCHECK_PROBE_PASSWORD or a prompt',
    )
    .option(
      '--backend <name>',
      'back-end server to ping, NetBIOS or FQDN; repeat for several (default: the names the NTLM challenge gives)',
      collectBackend,
    )
    .option(
      '--connect-to <HOST:PORT:ADDRESS:PORT2>',
      "connect to ADDRESS:PORT2 for HOST:PORT (repeatable, curl's meaning); names, SNI and Host stay as they are",
      collectConnectTo,
    )
    .option('--json', 'print the report as one JSON document on stdout')
    .action((host: string, flags: CheckFlags) => check(host, flags, deps));
}
