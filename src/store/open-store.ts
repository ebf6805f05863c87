import type { Config } from '../config';
import type { Store } from './store';

/**
 * The store the configuration names: PostgreSQL when RPCCHECK_DATABASE_URL is set (any number of replicas),
 * else SQLite at RPCCHECK_DB (one process). Each driver is loaded only when chosen, so a CLI command that
 * opens no store loads neither.
 */
export async function openStore(config: Pick<Config, 'databaseUrl' | 'dbPath'>): Promise<Store> {
  if (config.databaseUrl !== undefined) {
    const { PostgresStore } = await import('./postgres/postgres-store');
    return PostgresStore.open(config.databaseUrl);
  }
  const { SqliteStore } = await import('./sqlite/sqlite-store');
  return new SqliteStore(config.dbPath);
}
