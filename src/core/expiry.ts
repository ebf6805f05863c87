import { plural } from './plural';

export const DAY_MS = 86_400_000;

/**
 * Whole days from `now` to `notAfter`, rounded toward zero on both sides: 2.9 days ahead is 2 days left (what a
 * reminder threshold compares), 3 days and a minute past is -3 (expired 3 days ago). Within a day either side it
 * is 0, so whether the certificate has expired is `notAfter < now`, never the sign alone.
 */
export function daysLeft(notAfter: Date, now: Date): number {
  // `+ 0` turns trunc's -0 (expired less than a day ago) into 0, which JSON and templates print alike anyway.
  return Math.trunc((notAfter.getTime() - now.getTime()) / DAY_MS) + 0;
}

/** `expired 3 days ago`, `expired 1 day ago`, `expired less than a day ago`, from daysLeft (≤ 0). */
export function expiredAgo(days: number): string {
  const ago = Math.abs(days);
  if (ago === 0) return 'expired less than a day ago';
  return `expired ${plural(ago, 'day')} ago`;
}

/** `45 days left`, `1 day left`, `less than a day left`, or expiredAgo's words once expired. */
export function expiryInWords(days: number, expired: boolean): string {
  if (expired || days < 0) return expiredAgo(days);
  if (days === 0) return 'less than a day left';
  return `${plural(days, 'day')} left`;
}
