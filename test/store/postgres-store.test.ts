import net from 'node:net';
import { Client, Pool } from 'pg';
import { postgresOpenError } from '../../src/store/open-errors';
import { openStore } from '../../src/store/open-store';
import { migratePostgres, PG_LATEST_VERSION } from '../../src/store/postgres/migrations';
import { PostgresStore } from '../../src/store/postgres/postgres-store';
import { createTestDatabase } from '../fixtures/postgres';
import { describeStoreContract } from './store-contract';

describeStoreContract('PostgreSQL', {
  fresh: async () => {
    const url = await createTestDatabase();
    return { open: () => PostgresStore.open(url) };
  },
  sharedRateLimit: true,
});

describe('PostgreSQL store', () => {
  it('records each migration once, however many pools migrate at once', async () => {
    const url = await createTestDatabase();
    const pools = Array.from({ length: 4 }, () => new Pool({ connectionString: url, max: 2 }));
    try {
      expect(await Promise.all(pools.map((pool) => migratePostgres(pool)))).toEqual(
        pools.map(() => PG_LATEST_VERSION),
      );
      const { rows } = await (pools[0] as Pool).query<{ version: number }>(
        'SELECT version FROM schema_migrations ORDER BY version',
      );
      expect(rows.map((row) => row.version)).toEqual(
        Array.from({ length: PG_LATEST_VERSION }, (_, i) => i + 1),
      );
    } finally {
      await Promise.all(pools.map((pool) => pool.end()));
    }
  });

  it('frees the sweep lock the moment its holder’s connection drops', async () => {
    const url = await createTestDatabase();
    const holder = await PostgresStore.open(url);
    const other = await PostgresStore.open(url);
    const admin = new Client({ connectionString: url });
    await admin.connect();
    try {
      const lock = await holder.lockSweep();
      expect(await other.lockSweep()).toBeUndefined();
      // What SIGKILL does to the holder, as the server sees it: the session holding the lock ends. Only in this
      // test's database: other test files hold their own sweep locks on the same cluster.
      await admin.query(
        `SELECT pg_terminate_backend(pid) FROM pg_locks WHERE locktype = 'advisory' AND granted
          AND database = (SELECT oid FROM pg_database WHERE datname = current_database())`,
      );
      let taken = await other.lockSweep();
      for (let i = 0; taken === undefined && i < 50; i++) {
        await new Promise((resolve) => setTimeout(resolve, 100));
        taken = await other.lockSweep();
      }
      expect(taken?.held()).toBe(true);
      await taken?.release();
      await lock?.release();
      expect(lock?.held()).toBe(false);
    } finally {
      await admin.end();
      await Promise.all([holder.close(), other.close()]);
    }
  });

  it('is what openStore gives when RPCCHECK_DATABASE_URL is set, SQLite otherwise', async () => {
    const url = await createTestDatabase();
    const store = await openStore({ databaseUrl: url, dbPath: '/nonexistent/never-created.db' });
    expect(store).toBeInstanceOf(PostgresStore);
    await store.close();
    await expect(
      openStore({ databaseUrl: 'postgres://nobody@127.0.0.1:1/none', dbPath: ':memory:' }),
    ).rejects.toThrow(/ECONNREFUSED|connect/);
    const sqlite = await openStore({ dbPath: ':memory:' });
    expect(sqlite.constructor.name).toBe('SqliteStore');
    await sqlite.close();
  });
  it('a database the server refuses is the user’s to fix: an RpccheckError naming the variable, not the URL', async () => {
    const url = new URL(await createTestDatabase());
    url.pathname = '/no_such_database';
    url.password = 'pw-never-printed';
    const opened = openStore({ databaseUrl: url.toString(), dbPath: 'unused' });
    await expect(opened).rejects.toThrow(
      /^PostgreSQL at RPCCHECK_DATABASE_URL refused the connection \(.*"no_such_database".*\)$/,
    );
    await expect(opened).rejects.toMatchObject({ code: 'store.unavailable' });
    await expect(opened).rejects.not.toThrow(/pw-never-printed/);
  });
  it('a server that accepts and never answers is given up on after the connect timeout, with one line', async () => {
    const silent = net.createServer((socket) => socket.on('error', () => undefined).resume());
    await new Promise<void>((resolve) => silent.listen(0, '127.0.0.1', resolve));
    try {
      const url = `postgres://u:pw-never-printed@127.0.0.1:${(silent.address() as net.AddressInfo).port}/db`;
      const error = await PostgresStore.open(url, { connectTimeoutMs: 300 }).then(
        () => undefined,
        (failure: unknown) => failure,
      );
      expect(error).toBeInstanceOf(Error);
      expect(postgresOpenError(url, error)?.message).toMatch(
        /^cannot reach PostgreSQL at RPCCHECK_DATABASE_URL \(.*timeout.*\)$/,
      );
    } finally {
      await new Promise((resolve) => silent.close(resolve));
    }
  });
});
