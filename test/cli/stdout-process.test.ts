import { spawn } from 'node:child_process';
import { CLI, runCli } from '../fixtures/cli-process';

/** The built CLI with its stdout read by nobody: the pipe's reading end is closed before anything is written. */
function runWithClosedStdout(args: string[]): Promise<{ code: number | null; stderr: string }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [CLI, ...args], {
      env: { PATH: process.env['PATH'] ?? '' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    child.stdout.destroy();
    let stderr = '';
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    child.on('close', (code) => resolve({ code, stderr }));
  });
}

describe('stdout (written straight to its descriptor, spec §11 start-up)', () => {
  it('a reader that went away (`rpccheck … | head`) ends the output quietly, with the command’s own exit code', async () => {
    expect(await runWithClosedStdout(['explain', 'cert.expired'])).toEqual({ code: 0, stderr: '' });
    expect(await runWithClosedStdout(['explain', 'nothing about servers at all'])).toEqual({
      code: 1,
      stderr: '',
    });
  });
});

/** The CLI on a pseudo-terminal, through util-linux's `script` (Debian's essential bsdutils). */
function runOnTerminal(args: string[], env: Record<string, string> = {}): Promise<string> {
  const command = [process.execPath, CLI, ...args]
    .map((word) => `'${word.replace(/'/g, `'\\''`)}'`)
    .join(' ');
  return new Promise((resolve, reject) => {
    const child = spawn('script', ['-qec', command, '/dev/null'], {
      env: { PATH: process.env['PATH'] ?? '', ...env },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
    child.on('error', reject);
    child.on('close', () => resolve(stdout));
  });
}

describe('colour (only on a terminal, never with NO_COLOR)', () => {
  it('colours on a terminal, and not on a pipe, /dev/null aside, or with NO_COLOR', async () => {
    const bold = '\u001b[1m';
    expect(await runOnTerminal(['explain', 'cert.expired'])).toContain(`${bold}cert.expired`);
    expect(await runOnTerminal(['explain', 'cert.expired'], { NO_COLOR: '1' })).not.toContain('\u001b[');
    const piped = (await runCli(['explain', 'cert.expired'])).stdout;
    expect(piped).toContain('cert.expired');
    expect(piped).not.toContain('\u001b[');
  });
});
