/**
 * Schema versions, applied in order at open and recorded in PRAGMA user_version. Never edit a released step:
 * add the next one.
 */
export const MIGRATIONS: { version: number; sql: string }[] = [
  {
    version: 1,
    sql: `
      CREATE TABLE watches (
        id INTEGER PRIMARY KEY AUTOINCREMENT,
        channel TEXT NOT NULL,
        target_key TEXT NOT NULL,
        input TEXT NOT NULL,
        host TEXT NOT NULL,
        port INTEGER NOT NULL,
        connect_address TEXT,
        days TEXT NOT NULL,
        added_by TEXT NOT NULL,
        added_at TEXT NOT NULL,
        UNIQUE (channel, target_key)
      );
      CREATE TABLE last_results (
        watch_id INTEGER PRIMARY KEY REFERENCES watches(id) ON DELETE CASCADE,
        checked_at TEXT NOT NULL,
        fingerprint TEXT,
        not_after TEXT,
        verdict TEXT,
        failures INTEGER NOT NULL DEFAULT 0
      );`,
  },
  {
    version: 2,
    sql: `
      ALTER TABLE last_results ADD COLUMN issuer TEXT;
      ALTER TABLE last_results ADD COLUMN unreachable_notified INTEGER NOT NULL DEFAULT 0;
      CREATE TABLE ledger (
        watch_id INTEGER NOT NULL REFERENCES watches(id) ON DELETE CASCADE,
        fingerprint TEXT NOT NULL,
        kind TEXT NOT NULL,
        slack_ts TEXT,
        posted_at TEXT NOT NULL,
        PRIMARY KEY (watch_id, fingerprint, kind)
      );
      CREATE TABLE sweep_lease (
        id INTEGER PRIMARY KEY CHECK (id = 1),
        owner TEXT NOT NULL,
        expires_at INTEGER NOT NULL
      );
      CREATE INDEX watches_by_channel ON watches(channel);`,
  },
  {
    // What the certificate view of a sweep saw, for `watches`: trusted or not, and why a host failed.
    version: 3,
    sql: `
      ALTER TABLE last_results ADD COLUMN trusted INTEGER;
      ALTER TABLE last_results ADD COLUMN error TEXT;`,
  },
];

export const LATEST_VERSION = MIGRATIONS[MIGRATIONS.length - 1]?.version ?? 0;
