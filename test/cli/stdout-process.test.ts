import { spawn } from 'node:child_process';
import path from 'node:path';

const CLI = path.join(__dirname, '../../dist/src/cli/main.js');

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
