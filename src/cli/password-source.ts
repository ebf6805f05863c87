/**
 * Where `--user`'s password comes from (spec §8): RPCCHECK_PROBE_PASSWORD when it is set, not empty, and meant
 * for this user (the configured account's password is not lent to another --user); otherwise a prompt on the
 * terminal. Without a terminal, `noTerminal` says which of those was missing.
 */
export type PasswordSource = { password: string } | { prompt: true; noTerminal: string };

export function passwordSource(
  env: Readonly<Record<string, string | undefined>>,
  user: string,
): PasswordSource {
  const password = env['RPCCHECK_PROBE_PASSWORD'];
  const envUser = env['RPCCHECK_PROBE_USER'];
  const noTerminal = 'there is no terminal to ask for the password';
  if (password === undefined)
    return { prompt: true, noTerminal: `${noTerminal}: set RPCCHECK_PROBE_PASSWORD` };
  if (envUser !== undefined && envUser !== '' && envUser !== user)
    return {
      prompt: true,
      noTerminal: `${noTerminal}, and RPCCHECK_PROBE_PASSWORD is RPCCHECK_PROBE_USER's, not this user's`,
    };
  if (password === '')
    return { prompt: true, noTerminal: `RPCCHECK_PROBE_PASSWORD is set but empty, and ${noTerminal}` };
  return { password };
}
