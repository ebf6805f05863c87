import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { runCli } from '../fixtures/cli-process';
import { freePort } from '../fixtures/free-port';
import { createPki } from '../fixtures/pki';

const dir = mkdtempSync(path.join(tmpdir(), 'rpccheck-cfgerr-'));

/** Only the variable under test (and PATH) reaches the CLI: no .env, no user settings. */
const run = (args: string[], env: Record<string, string>) => runCli(args, { env });

const notDb = path.join(dir, 'notdb.db');
writeFileSync(notDb, 'plain text, not SQLite\n');
const db = path.join(dir, 'db', 'rpccheck.db');

describe('configuration a user got wrong: exit 3 and one line naming what to fix, never "a bug" (4)', () => {
  it.each([
    [notDb, `rpccheck: RPCCHECK_DB=${notDb} is not a SQLite database (file is not a database)\n`],
    [dir, `rpccheck: RPCCHECK_DB=${dir} is a folder; name a database file in it (e.g. ${dir}/rpccheck.db)\n`],
    [
      path.join(notDb, 'x.db'),
      `rpccheck: cannot create the folder of RPCCHECK_DB=${notDb}/x.db (${notDb} is a file, not a folder)\n`,
    ],
    // Node 20's recursive mkdir loops for ever here (mkdir /proc/forbidden answers ENOENT, /proc exists).
    [
      '/proc/forbidden/x.db',
      'rpccheck: cannot create the folder of RPCCHECK_DB=/proc/forbidden/x.db (/proc/forbidden: no such file or directory)\n',
    ],
  ])('RPCCHECK_DB=%s', async (file, line) => {
    expect(await run(['watch', 'list'], { RPCCHECK_DB: file })).toEqual({
      code: 3,
      stdout: '',
      stderr: line,
    });
  });

  it('a PostgreSQL server that cannot be reached, without printing the URL or its password', async () => {
    const port = await freePort();
    const result = await run(['watch', 'list'], {
      RPCCHECK_DATABASE_URL: `postgres://u:s3cret-pw@127.0.0.1:${port}/db`,
    });
    expect(result).toEqual({
      code: 3,
      stdout: '',
      stderr: `rpccheck: cannot reach PostgreSQL at RPCCHECK_DATABASE_URL (connect ECONNREFUSED 127.0.0.1:${port})\n`,
    });
  });

  it('watch import of a missing file or a folder', async () => {
    const env = { RPCCHECK_DB: db };
    const missing = path.join(dir, 'nonexistent.csv');
    expect(await run(['watch', 'import', missing, '--channel', 'C123'], env)).toEqual({
      code: 3,
      stdout: '',
      stderr: `rpccheck: cannot read ${missing}: no such file\n`,
    });
    const folder = path.join(dir, 'folder.csv');
    mkdirSync(folder);
    expect(await run(['watch', 'import', folder, '--channel', 'C123'], env)).toEqual({
      code: 3,
      stdout: '',
      stderr: `rpccheck: cannot read ${folder}: it is a folder\n`,
    });
  });

  it('--ca-file and RPCCHECK_CA_FILE with a PEM block that is not a certificate', async () => {
    const ca = path.join(dir, 'broken.pem');
    const root = createPki().root.certPem;
    writeFileSync(ca, `${root}-----BEGIN CERTIFICATE-----\nAAAA\n-----END CERTIFICATE-----\n`);
    const line = root.trimEnd().split('\n').length + 1;
    const why = `${ca}: certificate 2 of 2 (line ${line}) is not a valid certificate`;
    const flag = await run(['check', 'mail.contoso.com', '--ca-file', ca], {});
    expect([flag.code, flag.stderr]).toEqual([3, `rpccheck: --ca-file: ${why}\n`]);
    const variable = await run(['check', 'mail.contoso.com'], { RPCCHECK_CA_FILE: ca });
    expect([variable.code, variable.stderr]).toEqual([3, `rpccheck: RPCCHECK_CA_FILE: ${why}\n`]);
  });
});
