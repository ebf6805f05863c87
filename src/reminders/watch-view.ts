import { daysLeft } from '../core/expiry';
import type { WatchWithResult } from '../store/store';

/** What `watches` (Slack) and `watch list` (CLI) show of a watch: the certificate view its last sweep saw. */
export interface WatchView {
  /** `45d left`, `expires today`, `expired 3d ago`, `not checked yet`, or `unreachable` (no certificate read). */
  certificate: string;
  /** `trusted`, `untrusted`, or `-` before a certificate was seen. */
  trust: string;
  /** The issuer's common name (the whole name when it has none), or `-`. */
  issuer: string;
  /** `2026-11-30 09:00Z`, or `never`. */
  checked: string;
  /** The last sweep's verdict, or why the host could not be read. */
  status: string;
}

/** The same whole days as the reports and reminders (core/expiry.ts), in a listing's short words. */
function certificateLine(notAfter: string | undefined, now: Date): string {
  if (notAfter === undefined) return 'not checked yet';
  const expiry = new Date(notAfter);
  const days = daysLeft(expiry, now);
  if (expiry.getTime() < now.getTime()) return days === 0 ? 'expired today' : `expired ${-days}d ago`;
  return days === 0 ? 'expires today' : `${days}d left`;
}

function commonName(name: string): string {
  return /(?:^|, )CN=([^,]+)/.exec(name)?.[1] ?? name;
}

const clip = (text: string, max: number): string => (text.length > max ? `${text.slice(0, max - 1)}…` : text);

/** Pure: a stored watch and the time → the columns of a listing. */
export function watchView(watch: WatchWithResult, now: Date): WatchView {
  const last = watch.last;
  const failing = last !== undefined && last.failures > 0;
  return {
    // Checked but no certificate ever read: not "not checked yet" beside a checked time.
    certificate:
      last !== undefined && last.notAfter === undefined
        ? failing
          ? 'unreachable'
          : '-'
        : certificateLine(last?.notAfter, now),
    trust: last?.trusted === undefined ? '-' : last.trusted ? 'trusted' : 'untrusted',
    issuer: last?.issuer === undefined ? '-' : clip(commonName(last.issuer), 28),
    checked: last === undefined ? 'never' : `${last.checkedAt.slice(0, 16).replace('T', ' ')}Z`,
    status: failing
      ? clip(`unreachable ×${last.failures}${last.error !== undefined ? `: ${last.error}` : ''}`, 80)
      : (last?.verdict ?? '-'),
  };
}
