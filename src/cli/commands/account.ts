import type { Config, ProbeCredentials } from '../../config';

/**
 * The test account for a command (spec §8): `--user` names it for what the operator typed on this command
 * line, so no RPCCHECK_PROBE_TARGETS applies; otherwise the configured account, which goes only to its list.
 */
export async function accountFor(
  user: string | undefined,
  config: Config,
  probePassword: (user: string) => Promise<string>,
): Promise<{ credentials?: ProbeCredentials } | { reason: string }> {
  if (user === undefined)
    return config.probeCredentials !== undefined ? { credentials: config.probeCredentials } : {};
  const { isProbeUser } = await import('../../config');
  if (!isProbeUser(user)) return { reason: '--user: use DOMAIN\\user or user@domain' };
  try {
    const password = await probePassword(user);
    if (password === '') return { reason: '--user: an empty password was given' };
    return { credentials: { user, password } };
  } catch (error) {
    return { reason: `--user: ${error instanceof Error ? error.message : String(error)}` };
  }
}
