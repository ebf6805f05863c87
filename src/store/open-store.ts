import type { Config } from '../config';
import { postgresOpenError, sqliteOpenError } from './open-errors';
import type { Store } from './store';

/**
 * The store the configuration names: PostgreSQL when RPCCHECK_DATABASE_URL is set (any number of replicas),
 * else SQLite at RPCCHECK_DB (one process). Each driver is loaded only when chosen, so a CLI command that
 * opens no store loads neither. A file, folder or server that cannot be used throws an RpccheckError naming
 * the variable (exit 3 in the CLI), not the driver's bare message.
 */
export async function openStore(config: Pick<Config, 'databaseUrl' | 'dbPath'>): Promise<Store> {
  if (config.databaseUrl !== undefined) {
    const url = config.databaseUrl;
    const { PostgresStore } = await import('./postgres/postgres-store');
    try {
      return await PostgresStore.open(url);
    } catch (error) {
      throw postgresOpenError(url, error) ?? error;
    }
  }
  const { SqliteStore } = await import('./sqlite/sqlite-store');
  try {
    return new SqliteStore(config.dbPath);
  } catch (error) {
    throw sqliteOpenError(config.dbPath, error) ?? error;
  }
}
