import type { Config } from '../../config';
import { parseAutodiscoverTarget } from '../../core/mailbox';
import type { AutodiscoverFlags } from '../command-table';
import { EXIT_REFUSED } from '../exit-codes';
import type { CliIo } from '../io';
import type { TextStyle } from '../style';
import { loadCheckConfig } from '../check-config';
import { accountFor } from './account';
import { connectToRules } from './option-values';

export interface AutodiscoverDeps {
  io: CliIo;
  loadConfig: () => Promise<Config>;
  probePassword: (user: string) => Promise<string>;
  style: TextStyle;
}

function once(action: () => void): () => void {
  let done = false;
  return () => {
    if (!done) action();
    done = true;
  };
}

/** `rpccheck autodiscover <email|domain>`: Outlook's whole path (spec §9), exit code by the worst finding. */
export async function autodiscover(
  input: string,
  flags: AutodiscoverFlags,
  deps: AutodiscoverDeps,
): Promise<void> {
  const { io } = deps;
  const connectTo = connectToRules(flags.connectTo);
  // `prefix` marks the target policy's refusals ("refused: 127.0.0.1 is a loopback address…") on the terminal.
  const refuse = (message: string, prefix = ''): void => {
    if (flags.json) io.stdout(JSON.stringify({ error: { code: 'target_refused', message } }));
    io.stderr(`rpccheck: ${prefix}${message}`);
    io.setExitCode(EXIT_REFUSED);
  };
  const parsed = parseAutodiscoverTarget(input);
  if (!parsed.ok && parsed.port !== undefined)
    return refuse(
      `${parsed.reason}; to send its requests to port ${parsed.port}, add --connect-to :443:ADDRESS:${parsed.port} (ADDRESS: the server's IP)`,
    );
  if (!parsed.ok) return refuse(parsed.reason);
  // Loaded once the target has passed: a refused one needs none of it.
  const [{ checkOptionsFrom }, { runAutodiscover }, { exitCodeFor }, { formatAutodiscoverReport }] =
    await Promise.all([
      import('../../probes/check-options'),
      import('../../probes/autodiscover/run-autodiscover'),
      import('../format-report'),
      import('../format-autodiscover'),
    ]);
  const loaded = await loadCheckConfig(deps.loadConfig, flags.caFile);
  if ('reason' in loaded) return refuse(loaded.reason);
  const { config, extraCaPem } = loaded;
  const account = await accountFor(flags.user, config, deps.probePassword);
  if ('reason' in account) return refuse(account.reason);

  const who = parsed.target.email ?? parsed.target.domain;
  const options = {
    ...checkOptionsFrom(config, 'on-demand'),
    extraCaPem,
    ...(flags.timeout !== undefined && { timeoutMs: flags.timeout }),
    ...(flags.warnDays !== undefined && { warnDays: flags.warnDays }),
    ...(flags.httpPort !== undefined && { httpPort: flags.httpPort }),
    ...(connectTo !== undefined && { connectTo }),
    ...(account.credentials !== undefined && { credentials: account.credentials }),
    // Said when the first endpoint passes the policy: when the policy refuses them all, the refusal stands alone.
    ...(!flags.json && { onResolved: once(() => io.stderr(`walking Autodiscover for ${who}…`)) }),
  };
  const outcome = await runAutodiscover(parsed.target, options);
  if (outcome.kind === 'refused') return refuse(outcome.reason, 'refused: ');
  if (flags.json) io.stdout(JSON.stringify(outcome.report, null, 2));
  else io.stdout(formatAutodiscoverReport(outcome.report, deps.style));
  io.setExitCode(exitCodeFor(outcome.report));
}
