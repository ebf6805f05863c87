/**
 * Where `--user`'s password comes from (spec §8): RPCCHECK_PROBE_PASSWORD when it is set, not empty, and meant
 * for this user (the configured account's password is not lent to another --user); otherwise a prompt on the
 * terminal. Without a terminal, `noTerminal` says which of those was missing.
 */
export type PasswordSource = { password: string } | { prompt: true; noTerminal: string };

const NO_TERMINAL = 'no terminal to ask for the password';

export function passwordSource(
  env: Readonly<Record<string, string | undefined>>,
  user: string,
): PasswordSource {
  const password = env['RPCCHECK_PROBE_PASSWORD'];
  const envUser = env['RPCCHECK_PROBE_USER'];
  if (password === undefined)
    return { prompt: true, noTerminal: `${NO_TERMINAL}: set RPCCHECK_PROBE_PASSWORD` };
  if (envUser !== undefined && envUser !== '' && envUser !== user)
    return {
      prompt: true,
      noTerminal: `${NO_TERMINAL}, and RPCCHECK_PROBE_PASSWORD is the password of RPCCHECK_PROBE_USER, another account`,
    };
  if (password === '')
    return {
      prompt: true,
      noTerminal: `RPCCHECK_PROBE_PASSWORD is set but empty, and there is ${NO_TERMINAL}`,
    };
  return { password };
}
