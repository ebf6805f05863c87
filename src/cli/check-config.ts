import type { Config } from '../config';
import { isRpccheckError } from '../core/errors';

/**
 * The configuration of a command that probes, with `--ca-file`'s certificates added to RPCCHECK_CA_FILE's. A bad
 * variable or an unreadable file is the user's to fix: its one-line message, not a stack trace.
 */
export async function loadCheckConfig(
  loadConfig: () => Promise<Config>,
  caFile: string | undefined,
): Promise<{ config: Config; extraCaPem: string[] } | { reason: string }> {
  const { readCaFile } = await import('../config');
  try {
    const config = await loadConfig();
    const extraCaPem =
      caFile !== undefined ? [...config.extraCaPem, ...readCaFile(caFile, '--ca-file')] : config.extraCaPem;
    return { config, extraCaPem };
  } catch (error) {
    if (isRpccheckError(error)) return { reason: error.message };
    throw error;
  }
}
