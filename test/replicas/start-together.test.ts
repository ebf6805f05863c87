import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { runCli } from '../fixtures/cli-process';
import { createTestDatabase } from '../fixtures/postgres';

/** The CLI as operators run it, with the database's variables alone; what it said on either stream. */
async function run(args: string[], env: Record<string, string>): Promise<{ code: number; out: string }> {
  const { code, stdout, stderr } = await runCli(args, { env, timeoutMs: 30000 });
  return { code, out: stdout + stderr };
}

/** Processes opening a new database at the same moment: the migrations run once and every command works. */
describe.each([
  [
    'SQLite at RPCCHECK_DB',
    async () => ({
      RPCCHECK_DB: path.join(mkdtempSync(path.join(tmpdir(), 'rpccheck-start-')), 'rpccheck.db'),
    }),
  ],
  [
    'PostgreSQL at RPCCHECK_DATABASE_URL',
    async () => ({ RPCCHECK_DATABASE_URL: await createTestDatabase() }),
  ],
])('CLI processes starting together on %s', (_name, database) => {
  it('all migrate safely and see one another’s watches', async () => {
    const env = await database();
    const hosts = ['a', 'b', 'c', 'd'].map((name) => `${name}.contoso.com`);
    const added = await Promise.all(
      hosts.map((host) => run(['watch', 'add', `${host} via 10.0.0.3`, '--channel', 'C1'], env)),
    );
    expect(added.map((result) => [result.code, result.out.trim()])).toEqual(
      hosts.map((host) => [0, expect.stringContaining(`watching ${host}:443`)]),
    );
    const list = await run(['watch', 'list', '--json'], env);
    expect((JSON.parse(list.out) as { host: string }[]).map((w) => w.host).sort()).toEqual(hosts);
  });
});

describe('RPCCHECK_DATABASE_URL', () => {
  it('stops a command with a message naming the variable when it is not a PostgreSQL URL', async () => {
    const result = await run(['watch', 'list'], { RPCCHECK_DATABASE_URL: 'mysql://db/rpccheck' });
    expect(result.code).toBe(3);
    expect(result.out).toContain('RPCCHECK_DATABASE_URL: must be a postgres:// or postgresql:// URL');
  });
});
