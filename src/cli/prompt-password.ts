import type { ReadStream } from 'node:tty';

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
      output.write('\n');
      if (error) reject(error);
      else resolve(password);
    };
    const onData = (chunk: string): void => {
      for (const char of chunk) {
        if (char === '\r' || char === '\n') return finish();
        if (char === '\u0003') return finish(new Error('cancelled'));
        if (char === '\u007f' || char === '\b') password = password.slice(0, -1);
        else password += char;
      }
    };
    tty.on('data', onData);
  });
}
