import type { LastResult, NoticeKey } from '../store/store';
import type { Notice } from './notice';

/**
 * A notice's one unique key: the watch, what it is about, and its kind. Certificate notices are about the
 * certificate (its fingerprint; a threshold notice is keyed by the nearest threshold it announces). An
 * unreachable or reachable-again notice is about an episode, named by the last state recorded before it
 * (`after:<checkedAt>`): a replica that re-decides the same notice because the first died before recording its
 * state computes the same key, and the next episode has a different one.
 */
export function noticeKey(notice: Notice, last: LastResult | undefined): NoticeKey {
  const watchId = notice.host.watchId;
  switch (notice.kind) {
    case 'threshold':
      return { watchId, subject: notice.cert.fingerprint, kind: `threshold:${notice.nearest}` };
    case 'expired':
    case 'renewed':
      return { watchId, subject: notice.cert.fingerprint, kind: notice.kind };
    case 'unreachable':
    case 'reachable_again':
      return { watchId, subject: `after:${last?.checkedAt ?? 'never'}`, kind: notice.kind };
  }
}
