import { execFile } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';

const CLI = path.join(__dirname, '../../dist/src/cli/main.js');
const dir = mkdtempSync(path.join(tmpdir(), 'rpccheck-cliwatch-'));
const env = {
  PATH: process.env['PATH'] ?? '',
  RPCCHECK_DB: path.join(dir, 'db', 'rpccheck.db'),
  RPCCHECK_TIMEOUT_MS: '300',
  RPCCHECK_ALLOW_TARGETS: '127.0.0.0/8',
};

function run(args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    execFile(process.execPath, [CLI, ...args], { env, timeout: 30000 }, (error, stdout, stderr) =>
      resolve({
        code: error && typeof error.code === 'number' ? error.code : error ? -1 : 0,
        stdout,
        stderr,
      }),
    );
  });
}

describe('rpccheck watch and sweep, as processes on the bot’s store', () => {
  it('adds, updates, imports, lists, sweeps and removes', async () => {
    expect(
      (await run(['watch', 'add', 'mail.contoso.com via 127.0.0.3', '--channel', 'C1', '--days', '30,7']))
        .stdout,
    ).toContain('watching mail.contoso.com:443 via 127.0.0.3');
    expect(
      (await run(['watch', 'add', 'mail.contoso.com via 127.0.0.3', '--channel', 'C1'])).stdout,
    ).toContain('(reminders at 30, 7 days)');
    const csv = path.join(dir, 'hosts.csv');
    writeFileSync(csv, '# customer A\n127.0.0.1:1\nowa.contoso.com:8443 via 127.0.0.2,30 14\nnot a host\n');
    const imported = await run(['watch', 'import', csv, '--channel', 'C2']);
    expect(imported.code).toBe(1);
    expect(imported.stdout).toContain('2 added, 0 updated, 1 refused');
    expect(imported.stderr).toContain('line 4: a host name cannot contain spaces');
    const list = JSON.parse((await run(['watch', 'list', '--json'])).stdout) as {
      targetKey: string;
      days: number[];
    }[];
    expect(list.map((w) => w.targetKey)).toEqual([
      'mail.contoso.com:443 via 127.0.0.3',
      '127.0.0.1:1',
      'owa.contoso.com:8443 via 127.0.0.2',
    ]);
    expect(list[2]?.days).toEqual([30, 14]);
    const sweep = await run(['sweep', '--once']);
    expect(sweep.code).toBe(0);
    expect(sweep.stderr).toMatch(/3 hosts checked, 0\/0 notices delivered/);
    expect(
      (await run(['watch', 'remove', 'owa.contoso.com:8443 via 127.0.0.2', '--channel', 'C2'])).stdout,
    ).toContain('stopped watching');
    expect(
      (await run(['watch', 'remove', 'owa.contoso.com:8443 via 127.0.0.2', '--channel', 'C2'])).code,
    ).toBe(1);
    expect((await run(['watch', 'add', 'user:pw@x', '--channel', 'C1'])).code).toBe(3);
  });
});
