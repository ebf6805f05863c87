import type { CertificateSummary, Finding, Report } from '../core/report';
import type { CertificateContext } from './certificate/probe-certificate';
import { judgeCertificate } from './certificate/probe-certificate';
import { analyzeTls, worthLegacyRetry } from './tls/analyze-tls';
import { type HandshakeResult, tlsHandshake } from './tls/tls-handshake';

export interface TlsProbeResult {
  findings: Finding[];
  tls?: NonNullable<Report['tls']>;
  certificate?: CertificateSummary;
  /** False when TCP or TLS failed: the HTTP probes' results then say nothing new. */
  established: boolean;
  tcpFailed: boolean;
}

/**
 * TCP, TLS and the certificate. A modern handshake first; a legacy retry when it fails, so Windows 2003
 * servers are still reached and judged; a TLS 1.2 handshake when 1.3 hid the chain the server sends.
 */
export async function probeTls(
  target: { host: string; address: string; port: number },
  context: CertificateContext,
): Promise<TlsProbeResult> {
  const base = { ...target, timeoutMs: context.timeoutMs };
  const modern = await tlsHandshake(base);
  const legacy = worthLegacyRetry(modern) ? await tlsHandshake({ ...base, legacy: true }) : undefined;
  const analysis = analyzeTls({ modern, ...(legacy !== undefined && { legacy }) });
  const success = modern.ok ? modern : legacy?.ok ? legacy : undefined;
  if (!success)
    return {
      findings: analysis.findings,
      established: false,
      tcpFailed: !modern.ok && modern.stage === 'tcp',
    };

  let chain: { ders: Buffer[]; source: 'sent' | 'rebuilt' } = success.sentChain
    ? { ders: success.sentChain, source: 'sent' }
    : { ders: success.peerChain(), source: 'rebuilt' };
  if (!success.sentChain && success.protocol === 'TLSv1.3') {
    const capped: HandshakeResult = await tlsHandshake({ ...base, maxVersion: 'TLSv1.2' });
    if (capped.ok && capped.sentChain) chain = { ders: capped.sentChain, source: 'sent' };
  }
  const judged = await judgeCertificate(chain.ders, chain.source, context);
  return {
    findings: [...analysis.findings, ...judged.findings],
    ...(analysis.tls !== undefined && { tls: analysis.tls }),
    ...(judged.certificate !== undefined && { certificate: judged.certificate }),
    established: true,
    tcpFailed: false,
  };
}

/**
 * What a reminder sweep needs, in as few handshakes as it takes: TLS 1.2 at most first, whose plaintext
 * handshake carries the chain as sent, so one handshake usually does. A TLS 1.3-only server then gets a
 * modern handshake (Node's rebuilt chain), a Windows 2003-era one the legacy retry. `tls.ok` and the `tls`
 * block are left out: a capped handshake says nothing of the best protocol the server offers.
 */
export async function probeCertificateOnly(
  target: { host: string; address: string; port: number },
  context: CertificateContext,
): Promise<TlsProbeResult> {
  const base = { ...target, timeoutMs: context.timeoutMs };
  const capped = await tlsHandshake({ ...base, maxVersion: 'TLSv1.2' });
  let modern = capped;
  let legacy: HandshakeResult | undefined;
  if (worthLegacyRetry(capped)) {
    const uncapped = await tlsHandshake(base);
    if (uncapped.ok) modern = uncapped;
    else legacy = worthLegacyRetry(uncapped) ? await tlsHandshake({ ...base, legacy: true }) : undefined;
  }
  const analysis = analyzeTls({ modern, ...(legacy !== undefined && { legacy }) });
  const findings = analysis.findings.filter((f) => f.code !== 'tls.ok');
  const success = modern.ok ? modern : legacy?.ok ? legacy : undefined;
  if (!success) return { findings, established: false, tcpFailed: !capped.ok && capped.stage === 'tcp' };
  const judged = success.sentChain
    ? await judgeCertificate(success.sentChain, 'sent', context)
    : await judgeCertificate(success.peerChain(), 'rebuilt', context);
  return {
    findings: [...findings, ...judged.findings],
    ...(judged.certificate !== undefined && { certificate: judged.certificate }),
    established: true,
    tcpFailed: false,
  };
}
