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
    // Ledger rows become claims first (posted_at and slack_ts empty until Slack accepts), so a notice is
    // claimed before it is posted; the last swept cron tick; Slack event ids seen, with their expiry.
    version: 3,
    sql: `
      CREATE TABLE ledger_v3 (
        watch_id INTEGER NOT NULL REFERENCES watches(id) ON DELETE CASCADE,
        fingerprint TEXT NOT NULL,
        kind TEXT NOT NULL,
        slack_ts TEXT,
        posted_at TEXT,
        claimed_by TEXT,
        claim_expires_at INTEGER,
        PRIMARY KEY (watch_id, fingerprint, kind)
      );
      INSERT INTO ledger_v3 (watch_id, fingerprint, kind, slack_ts, posted_at)
        SELECT watch_id, fingerprint, kind, slack_ts, posted_at FROM ledger;
      DROP TABLE ledger;
      ALTER TABLE ledger_v3 RENAME TO ledger;
      CREATE TABLE sweep_ticks (
        id INTEGER PRIMARY KEY CHECK (id = 1),
        last_tick INTEGER NOT NULL
      );
      CREATE TABLE slack_events (
        event_id TEXT PRIMARY KEY,
        expires_at INTEGER NOT NULL
      );`,
  },
  {
    // What the certificate view of a sweep saw, for `watches`: trusted or not, and why a host failed.
    version: 4,
    sql: `
      ALTER TABLE last_results ADD COLUMN trusted INTEGER;
      ALTER TABLE last_results ADD COLUMN error TEXT;`,
  },
  {
    // What each Slack thread is about: its host and last report, for follow-ups ("check again", a symptom).
    version: 5,
    sql: `
      CREATE TABLE thread_reports (
        channel TEXT NOT NULL,
        thread_ts TEXT NOT NULL,
        body TEXT NOT NULL,
        saved_at INTEGER NOT NULL,
        expires_at INTEGER NOT NULL,
        PRIMARY KEY (channel, thread_ts)
      );`,
  },
];

export const LATEST_VERSION = MIGRATIONS[MIGRATIONS.length - 1]?.version ?? 0;
