import type { ReadStream } from 'node:tty';

export type KeyResult = { password: string; done?: 'enter' | 'cancel' };

/**
 * What typed keys do to the password being entered (pure). Enter finishes; Ctrl-C cancels; Ctrl-D finishes,
 * or cancels on an empty line; backspace deletes; escape sequences (arrow keys) and other control characters
 * are dropped rather than becoming part of the password.
 */
export function applyKeys(password: string, chunk: string): KeyResult {
  let typed = password;
  // eslint-disable-next-line no-control-regex -- ESC is exactly what this strips
  const input = chunk.replace(/\u001b(?:\[[0-9;?]*[ -/]*[@-~]|O.|.)?/g, '');
  for (const char of input) {
    if (char === '\r' || char === '\n') return { password: typed, done: 'enter' };
    if (char === '\u0003') return { password: '', done: 'cancel' };
    if (char === '\u0004')
      return typed === '' ? { password: '', done: 'cancel' } : { password: typed, done: 'enter' };
    if (char === '\u007f' || char === '\b') typed = [...typed].slice(0, -1).join('');
    else if (char >= ' ') typed += char;
  }
  return { password: typed };
}

/**
 * Reads a password from the terminal without echoing it. Spec §8: a password never comes from an argument
 * (it would land in shell history and `ps`); it comes from RPCCHECK_PROBE_PASSWORD or from this prompt.
 */
export function promptPassword(
  prompt: string,
  input: NodeJS.ReadStream = process.stdin,
  output: NodeJS.WriteStream = process.stderr,
): Promise<string> {
  if (!input.isTTY)
    return Promise.reject(new Error('no terminal to ask for the password: set RPCCHECK_PROBE_PASSWORD'));
  const tty = input as ReadStream;
  return new Promise((resolve, reject) => {
    let password = '';
    output.write(prompt);
    tty.setRawMode(true);
    tty.resume();
    tty.setEncoding('utf8');
    const finish = (error?: Error): void => {
      tty.setRawMode(false);
      tty.pause();
      tty.off('data', onData);
      tty.off('end', onEnd);
      output.write('\n');
      if (error) reject(error);
      else resolve(password);
    };
    const onData = (chunk: string): void => {
      const result = applyKeys(password, chunk);
      password = result.password;
      if (result.done === 'enter') finish();
      else if (result.done === 'cancel') finish(new Error('cancelled'));
    };
    const onEnd = (): void => finish(new Error('the terminal closed before a password was entered'));
    tty.on('data', onData);
    tty.once('end', onEnd);
  });
}
