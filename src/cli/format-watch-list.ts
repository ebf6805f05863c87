import { watchView } from '../reminders/watch-view';
import type { WatchWithResult } from '../store/store';

const HEADER = [
  'CHANNEL',
  'TARGET',
  'CERTIFICATE',
  'EXPIRES',
  'TRUST',
  'ISSUER',
  'CHECKED',
  'REMINDERS',
  'STATUS',
];

/**
 * `watch list` as a table: a header row, each column padded to its widest cell, the status last and unpadded
 * (it may be long). Pure: watches and the time → lines.
 */
export function watchListLines(watches: readonly WatchWithResult[], now: Date): string[] {
  const rows = watches.map((w) => {
    const view = watchView(w, now);
    return [
      w.channel,
      w.targetKey,
      view.certificate,
      w.last?.notAfter?.slice(0, 10) ?? '-',
      view.trust,
      view.issuer,
      view.checked,
      w.days.join(','),
      view.status,
    ];
  });
  const table = [HEADER, ...rows];
  const widths = HEADER.map((_, column) => Math.max(...table.map((row) => (row[column] ?? '').length)));
  return table.map((row) =>
    row
      .map((cell, column) => (column === row.length - 1 ? cell : cell.padEnd(widths[column] ?? 0)))
      .join('  ')
      .trimEnd(),
  );
}
