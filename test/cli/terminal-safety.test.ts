import { runCli } from '../fixtures/cli-process';

const RED = '\u001b[31m';

describe('what a user typed never acts on the terminal', () => {
  it('is quoted with its escape sequences written out, whichever command echoes it', async () => {
    for (const args of [
      ['explain', `printer${RED}jammed`],
      ['check', 'mail.contoso.com', `x${RED}`],
      [`frob${RED}`],
      ['check', `a${RED}b.com`],
      ['check', 'mail.contoso.com', '--port', `8${RED}`],
      ['validate', `kind${RED}`, 'x'],
      ['validate', 'validports', `EX01:6001${RED};EX01:6004`],
      ['watch', `ad${RED}`],
    ]) {
      const { stdout, stderr } = await runCli(args);
      expect({ args, out: stdout + stderr }).toEqual({ args, out: expect.stringContaining('\\x1b[31m') });
      expect({ args, escape: (stdout + stderr).includes('\u001b') }).toEqual({ args, escape: false });
    }
  });

  it('is cut short when it is long', async () => {
    const { code, stdout } = await runCli(['explain', 'q'.repeat(50000)]);
    expect(code).toBe(1);
    expect(stdout.length).toBeLessThan(200);
    const usage = await runCli(['check', 'mail.contoso.com', 'x'.repeat(50000)]);
    expect(usage.code).toBe(3);
    expect(usage.stderr.length).toBeLessThan(200);
  });
});
