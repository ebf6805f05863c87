import { assembleReport, certificateContext, resolveOrEnd } from './check-report';
import type { CheckOptions, CheckOutcome } from './check-types';
import { probeCertificateOnly } from './probe-tls';
import type { Target } from '../core/target';

/**
 * The certificate view a reminder sweep needs: resolve and judge the target, connect, read the chain as
 * sent, then trust, dates and name (the `cert.*` findings). No RPC proxy, NTLM, port 80 or health check, and
 * never the test account: those are the full check's, for people who ask. Never throws for the network.
 */
export async function runCertificateCheck(target: Target, options: CheckOptions): Promise<CheckOutcome> {
  const started = performance.now();
  const now = options.now?.() ?? new Date();
  const resolution = await resolveOrEnd(target, options, started, now);
  if ('end' in resolution) return resolution.end;
  const probed = await probeCertificateOnly(
    { host: target.host, address: resolution.address, port: target.port },
    certificateContext(target, options, now),
  );
  const report = assembleReport(target, resolution.address, started, now, probed.findings);
  if (probed.certificate) report.certificate = probed.certificate;
  return { kind: 'report', report };
}
