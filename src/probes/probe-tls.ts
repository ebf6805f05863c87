import type { CertificateSummary, Finding, Report } from '../core/report';
import type { CertificateContext } from './certificate/probe-certificate';
import { judgeCertificate } from './certificate/probe-certificate';
import { analyzeTls, worthLegacyRetry } from './tls/analyze-tls';
import { readSentChain, type SentChainResult } from './tls/read-sent-chain';
import { type HandshakeResult, tlsHandshake } from './tls/tls-handshake';

export interface TlsProbeResult {
  findings: Finding[];
  tls?: NonNullable<Report['tls']>;
  certificate?: CertificateSummary;
  /** False when TCP or TLS failed: the HTTP probes' results then say nothing new. */
  established: boolean;
  tcpFailed: boolean;
}

type Endpoint = { host: string; address: string; port: number };

/** The chain as sent when the hello read it, else Node's rebuilt one from the handshake that worked. */
function judgeChain(
  hello: SentChainResult,
  success: Extract<HandshakeResult, { ok: true }> | undefined,
  context: CertificateContext,
): Promise<{ findings: Finding[]; certificate?: CertificateSummary }> {
  if (hello.ok) return judgeCertificate(hello.certificates, 'sent', context);
  return judgeCertificate(success?.peerChain() ?? [], 'rebuilt', context);
}

/**
 * TCP, TLS and the certificate. A modern handshake (the best protocol the server offers) beside a TLS 1.2
 * hello that reads the chain as sent (TLS 1.3 encrypts it); a legacy retry when the modern handshake fails,
 * so Windows 2003 servers are still reached and judged.
 */
export async function probeTls(target: Endpoint, context: CertificateContext): Promise<TlsProbeResult> {
  const base = { ...target, timeoutMs: context.timeoutMs };
  let helloRead = false;
  const [modern, hello] = await Promise.all([
    tlsHandshake({ ...base, wantPeerChain: () => !helloRead }),
    readSentChain(base).then((result) => {
      helloRead = result.ok;
      return result;
    }),
  ]);
  const legacy = worthLegacyRetry(modern)
    ? await tlsHandshake({ ...base, legacy: true, wantPeerChain: () => !hello.ok })
    : undefined;
  const analysis = analyzeTls({ modern, ...(legacy !== undefined && { legacy }) });
  const success = modern.ok ? modern : legacy?.ok ? legacy : undefined;
  if (!success)
    return {
      findings: analysis.findings,
      established: false,
      tcpFailed: !modern.ok && modern.stage === 'tcp',
    };
  const judged = await judgeChain(hello, success, context);
  return {
    findings: [...analysis.findings, ...judged.findings],
    ...(analysis.tls !== undefined && { tls: analysis.tls }),
    ...(judged.certificate !== undefined && { certificate: judged.certificate }),
    established: true,
    tcpFailed: false,
  };
}

/**
 * What a reminder sweep needs, with as little work as it takes: the TLS 1.2 hello alone reads the chain as
 * sent, with no handshake of our own. A server that refuses the hello (TLS 1.3 only, or a stack that wants
 * something else) gets real handshakes, modern then legacy, and Node's rebuilt chain. `tls.ok` and the
 * `tls` block are left out: the hello says nothing of the best protocol the server offers.
 */
export async function probeCertificateOnly(
  target: Endpoint,
  context: CertificateContext,
): Promise<TlsProbeResult> {
  const base = { ...target, timeoutMs: context.timeoutMs };
  const hello = await readSentChain(base);
  if (hello.ok) {
    const judged = await judgeChain(hello, undefined, context);
    return {
      findings: judged.findings,
      ...(judged.certificate !== undefined && { certificate: judged.certificate }),
      established: true,
      tcpFailed: false,
    };
  }
  // Nothing listens, nothing answers, or not TLS: a handshake would only say it again, a timeout later.
  if (hello.stage === 'tcp' || hello.reason === 'timeout' || hello.reason === 'not_tls')
    return {
      findings: analyzeTls({ modern: hello }).findings,
      established: false,
      tcpFailed: hello.stage === 'tcp',
    };
  const modern = await tlsHandshake(base);
  const legacy = worthLegacyRetry(modern) ? await tlsHandshake({ ...base, legacy: true }) : undefined;
  const analysis = analyzeTls({ modern, ...(legacy !== undefined && { legacy }) });
  const findings = analysis.findings.filter((f) => f.code !== 'tls.ok');
  const success = modern.ok ? modern : legacy?.ok ? legacy : undefined;
  if (!success) return { findings, established: false, tcpFailed: false };
  const judged = await judgeChain(hello, success, context);
  return {
    findings: [...findings, ...judged.findings],
    ...(judged.certificate !== undefined && { certificate: judged.certificate }),
    established: true,
    tcpFailed: false,
  };
}
