import { fstatSync, statSync, writeSync } from 'node:fs';
import type * as Tty from 'node:tty';
import type * as UserText from './user-text';

/** What CLI commands may touch of the process, passed in so commands are testable in-process. */
export interface CliIo {
  stdout: (text: string) => void;
  stderr: (text: string) => void;
  readStdin: () => Promise<string>;
  setExitCode: (code: number) => void;
}

/**
 * What reaches the terminal may quote a user, a file or a server: a refused target, an import line, a sweep's
 * error on stderr; NTLM names, headers and issuers in a report on stdout. None of it may act on the terminal;
 * stdout keeps textStyle's colours. Printable ASCII, nearly every line, needs no look; anything else goes
 * through user-text.ts, loaded only then.
 */
function inert(text: string, stream: 'stdout' | 'stderr'): string {
  if (!/[^\n\x20-\x7e]/.test(text)) return text;
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const userText = require('./user-text') as typeof UserText;
  return stream === 'stdout' ? userText.terminalSafeKeepingColour(text) : userText.terminalSafe(text);
}

/**
 * stdout written straight to its descriptor. Creating `process.stdout` loads Node's whole stream machinery, a
 * tenth of `rpccheck explain`'s start-up (spec §11), and on Linux its writes to files, pipes and terminals are
 * synchronous anyway. A descriptor that is non-blocking and full (EAGAIN) hands this write and every later one
 * to process.stdout, which queues them in order; a reader that went away (`| head`, EPIPE) ends the output
 * quietly.
 */
let stdoutMode: 'direct' | 'stream' | 'closed' = 'direct';

function writeStdout(text: string): void {
  if (stdoutMode === 'closed') return;
  if (stdoutMode === 'stream') {
    process.stdout.write(text);
    return;
  }
  const bytes = Buffer.from(text);
  let offset = 0;
  try {
    while (offset < bytes.length) offset += writeSync(1, bytes, offset);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'EPIPE') stdoutMode = 'closed';
    else if (code === 'EAGAIN') {
      stdoutMode = 'stream';
      process.stdout.write(bytes.subarray(offset));
    } else throw error;
  }
}

/**
 * Whether stdout is a terminal (for colour), without loading node:tty when it plainly is not: tty brings net
 * and stream with it, a tenth of `rpccheck explain`'s start-up, and scripts send output to files, pipes and
 * /dev/null. A character device other than /dev/null is asked properly.
 */
export function stdoutIsTerminal(): boolean {
  try {
    const out = fstatSync(1);
    if (!out.isCharacterDevice()) return false;
    if (process.platform !== 'win32' && out.rdev === statSync('/dev/null').rdev) return false;
  } catch {
    // No answer from fstat: isatty decides.
  }
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  return (require('node:tty') as typeof Tty).isatty(1);
}

export function processIo(): CliIo {
  return {
    stdout: (text) => writeStdout(inert(text.endsWith('\n') ? text : `${text}\n`, 'stdout')),
    stderr: (text) => process.stderr.write(inert(text.endsWith('\n') ? text : `${text}\n`, 'stderr')),
    readStdin: async () => {
      const chunks: Buffer[] = [];
      for await (const chunk of process.stdin) chunks.push(Buffer.from(chunk as Uint8Array));
      return Buffer.concat(chunks).toString('utf8');
    },
    setExitCode: (code) => {
      process.exitCode = code;
    },
  };
}
