import type { LastResult, LedgerRow, Watch } from '../store/store';
import type { CertFacts, Notice, NoticeHost } from './notice';

/** One sweep's observation of a watched host: the certificate, or why it could not be read. */
export type SweepOutcome =
  { kind: 'certificate'; cert: CertFacts; verdict: string } | { kind: 'failed'; reason: string };

export interface Decision {
  notices: Notice[];
  /** The watch's state after this sweep, to store only once the notices are posted. */
  next: LastResult;
  /** Ledger rows to record with the post: what makes the same notice never come again. */
  ledger: LedgerRow[];
}

export function noticeHost(watch: Watch): NoticeHost {
  return {
    watchId: watch.id,
    input: watch.input,
    host: watch.host,
    port: watch.port,
    ...(watch.connectAddress !== undefined && { connectAddress: watch.connectAddress }),
  };
}

/**
 * Pure: previous state + this sweep + the ledger → the notices to post and the next state. Thresholds and the
 * expired alarm are per certificate (fingerprint), so a renewed certificate starts afresh; several thresholds
 * crossed at once make one notice naming the nearest; unreachability is reported once per episode.
 */
export function decide(
  watch: Watch,
  last: LastResult | undefined,
  outcome: SweepOutcome,
  ledger: readonly LedgerRow[],
  now: Date,
  unreachableAfter: number,
): Decision {
  const host = noticeHost(watch);
  const posted = (fingerprint: string, kind: string): boolean =>
    ledger.some((row) => row.fingerprint === fingerprint && row.kind === kind);
  const checkedAt = now.toISOString();

  if (outcome.kind === 'failed') {
    const failures = (last?.failures ?? 0) + 1;
    const alreadyTold = last?.unreachableNotified ?? false;
    const tell = failures >= unreachableAfter && !alreadyTold;
    // The last certificate seen is kept: a host coming back with the same one is not "renewed".
    const next: LastResult = {
      checkedAt,
      failures,
      unreachableNotified: alreadyTold || tell,
      verdict: 'unreachable',
      ...(last?.fingerprint !== undefined && { fingerprint: last.fingerprint }),
      ...(last?.notAfter !== undefined && { notAfter: last.notAfter }),
      ...(last?.issuer !== undefined && { issuer: last.issuer }),
      ...(last?.trusted !== undefined && { trusted: last.trusted }),
      error: outcome.reason,
    };
    return {
      notices: tell ? [{ kind: 'unreachable', host, failures, reason: outcome.reason }] : [],
      next,
      ledger: [],
    };
  }

  const { cert } = outcome;
  const notices: Notice[] = [];
  const ledgerRows: LedgerRow[] = [];
  if (last?.unreachableNotified) notices.push({ kind: 'reachable_again', host, cert });
  if (
    last?.fingerprint !== undefined &&
    last.fingerprint !== cert.fingerprint &&
    last.notAfter !== undefined &&
    Date.parse(cert.notAfter) > Date.parse(last.notAfter) &&
    !posted(cert.fingerprint, 'renewed')
  ) {
    notices.push({ kind: 'renewed', host, cert, previousNotAfter: last.notAfter });
    ledgerRows.push({ fingerprint: cert.fingerprint, kind: 'renewed' });
  }
  if (Date.parse(cert.notAfter) < now.getTime()) {
    if (!posted(cert.fingerprint, 'expired')) {
      notices.push({ kind: 'expired', host, cert });
      ledgerRows.push({ fingerprint: cert.fingerprint, kind: 'expired' });
    }
  } else {
    // The reminder is due when the nearest threshold crossed has not been posted for this certificate. Asking
    // only "is any crossed threshold unposted?" would repeat a reminder when someone adds a larger threshold to
    // a watch that was already told about a smaller one (days=7 posted, then days=30,14,7 at 5 days left).
    const reached = watch.days.filter((days) => cert.daysLeft <= days);
    const nearest = Math.min(...reached);
    const crossed = reached.filter((days) => !posted(cert.fingerprint, `threshold:${days}`));
    if (reached.length > 0 && !posted(cert.fingerprint, `threshold:${nearest}`)) {
      notices.push({
        kind: 'threshold',
        host,
        cert,
        nearest,
        crossed: [...crossed].sort((a, b) => b - a),
        ahead: watch.days.filter((days) => days < cert.daysLeft).sort((a, b) => b - a),
      });
      for (const days of crossed)
        ledgerRows.push({ fingerprint: cert.fingerprint, kind: `threshold:${days}` });
    }
  }
  const next: LastResult = {
    checkedAt,
    fingerprint: cert.fingerprint,
    notAfter: cert.notAfter,
    issuer: cert.issuer,
    verdict: outcome.verdict,
    trusted: cert.trusted,
    failures: 0,
    unreachableNotified: false,
  };
  return { notices, next, ledger: ledgerRows };
}
