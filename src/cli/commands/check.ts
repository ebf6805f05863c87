import type { Config } from '../../config';
import { applyConnectTo } from '../../core/connect-to';
import { formatHostPort, parseTarget, type Target, withConnectAddress } from '../../core/target';
import type { CheckOptions, RunCheck } from '../../probes/check-types';
import type { CheckFlags } from '../command-table';
import { EXIT_REFUSED } from '../exit-codes';
import type { CliIo } from '../io';
import type { TextStyle } from '../style';
import { loadCheckConfig } from '../check-config';
import { accountFor } from './account';
import { backendNames, connectToRules } from './option-values';

export interface CheckDeps {
  io: CliIo;
  loadConfig: () => Promise<Config>;
  /** RPCCHECK_PROBE_PASSWORD, else typed at a prompt; never an argument (spec §8). */
  probePassword: (user: string) => Promise<string>;
  runCheck: RunCheck;
  style: TextStyle;
}

/** `checking mail.contoso.com:443 at 192.0.2.10…`: the address only when the host is a name. */
export function progressLine(target: Target, address: string): string {
  const at = address === target.host ? '' : ` at ${address}`;
  return `checking ${formatHostPort(target.host, target.port)}${at}…`;
}

/** `rpccheck check <host>` (and `rpccheck <host>`): one report, exit code by its worst finding. */
export async function check(host: string, flags: CheckFlags, deps: CheckDeps): Promise<void> {
  const { io } = deps;
  // Values only this command judges: a mistake in them is a usage error, before anything else happens.
  const backends = backendNames(flags.backend);
  const connectTo = connectToRules(flags.connectTo);
  // `prefix` marks the target policy's refusals ("refused: 127.0.0.1 is a loopback address…") on the terminal.
  const refuse = (message: string, prefix = ''): void => {
    if (flags.json) io.stdout(JSON.stringify({ error: { code: 'target_refused', message } }));
    io.stderr(`rpccheck: ${prefix}${message}`);
    io.setExitCode(EXIT_REFUSED);
  };
  // Loaded once the command line has passed: a usage error above needs none of it.
  const [{ checkOptionsFrom }, { exitCodeFor, formatReport }] = await Promise.all([
    import('../../probes/check-options'),
    import('../format-report'),
  ]);
  const loaded = await loadCheckConfig(deps.loadConfig, flags.caFile);
  if ('reason' in loaded) return refuse(loaded.reason);
  const { config, extraCaPem } = loaded;
  let parsed = parseTarget(host);
  if (parsed.ok && flags.port !== undefined)
    parsed = { ok: true, target: { ...parsed.target, port: flags.port } };
  if (parsed.ok && flags.ip !== undefined) parsed = withConnectAddress(parsed.target, flags.ip, '--ip');
  if (!parsed.ok) return refuse(parsed.reason);
  // Like --ip, but chosen by host and port; the target policy then judges ADDRESS:PORT2.
  if (connectTo !== undefined) parsed = { ok: true, target: applyConnectTo(parsed.target, connectTo) };

  const account = await accountFor(flags.user, config, deps.probePassword);
  if ('reason' in account) return refuse(account.reason);
  const { credentials } = account;
  if (backends !== undefined) {
    if (credentials === undefined)
      return refuse('--backend needs a test account: add --user DOMAIN\\user (or set RPCCHECK_PROBE_USER)');
    parsed = { ok: true, target: { ...parsed.target, backends: [...new Set(backends)] } };
  }

  const { target } = parsed;
  const options: CheckOptions = {
    ...checkOptionsFrom(config, 'on-demand'),
    extraCaPem,
    ...(flags.timeout !== undefined && { timeoutMs: flags.timeout }),
    ...(flags.warnDays !== undefined && { warnDays: flags.warnDays }),
    ...(flags.httpPort !== undefined && { httpPort: flags.httpPort }),
    ...(credentials !== undefined && { credentials }),
    // Once the policy has passed the address: a refused target gets its refusal alone.
    ...(!flags.json && { onResolved: (address: string) => io.stderr(progressLine(target, address)) }),
  };
  const outcome = await deps.runCheck(target, options);
  if (outcome.kind === 'refused') return refuse(outcome.reason, 'refused: ');
  if (flags.json) io.stdout(JSON.stringify(outcome.report, null, 2));
  else io.stdout(formatReport(outcome.report, deps.style));
  io.setExitCode(exitCodeFor(outcome.report));
}
