import type { WatchWithResult } from './store';

/** A watches row joined with its last_results row, as both stores select it. */
export interface WatchRow {
  id: number;
  channel: string;
  target_key: string;
  input: string;
  host: string;
  port: number;
  connect_address: string | null;
  days: string;
  added_by: string;
  added_at: string;
  checked_at: string | null;
  fingerprint: string | null;
  not_after: string | null;
  issuer: string | null;
  verdict: string | null;
  failures: number | null;
  /** 0/1 in SQLite, a boolean in PostgreSQL. */
  unreachable_notified: number | boolean | null;
  /** Whether the certificate view trusted the chain: 0/1 in SQLite, a boolean in PostgreSQL. */
  trusted: number | boolean | null;
  /** Why the last sweep could not read the certificate. */
  error: string | null;
}

export function toWatch(row: WatchRow): WatchWithResult {
  const watch: WatchWithResult = {
    id: row.id,
    channel: row.channel,
    targetKey: row.target_key,
    input: row.input,
    host: row.host,
    port: row.port,
    days: JSON.parse(row.days) as number[],
    addedBy: row.added_by,
    addedAt: row.added_at,
    ...(row.connect_address !== null && { connectAddress: row.connect_address }),
  };
  if (row.checked_at !== null)
    watch.last = {
      checkedAt: row.checked_at,
      failures: row.failures ?? 0,
      unreachableNotified: row.unreachable_notified === 1 || row.unreachable_notified === true,
      ...(row.fingerprint !== null && { fingerprint: row.fingerprint }),
      ...(row.not_after !== null && { notAfter: row.not_after }),
      ...(row.issuer !== null && { issuer: row.issuer }),
      ...(row.verdict !== null && { verdict: row.verdict }),
      ...(row.trusted !== null && { trusted: row.trusted === 1 || row.trusted === true }),
      ...(row.error !== null && { error: row.error }),
    };
  return watch;
}
