import type { Finding, Report } from '../../core/report';
import { finding } from '../../findings/catalog';
import type { HandshakeResult } from './tls-handshake';

export interface TlsAttempts {
  modern: HandshakeResult;
  /** Only when the modern attempt failed at the TLS stage. */
  legacy?: HandshakeResult;
}

type Failed = Extract<HandshakeResult, { ok: false }>;
const LEGACY_PROTOCOLS = new Set(['TLSv1', 'TLSv1.1', 'SSLv3']);

function tcpFinding(failure: Failed): Finding {
  const what: Record<string, string> = {
    refused: 'the connection was refused (nothing listens on the port, or a firewall rejects it)',
    reset: 'the connection was reset',
    timeout: 'the connection timed out (a firewall drops the packets, or the host is down)',
    unreachable: `the network is unreachable (${failure.message})`,
  };
  return finding('tcp.unreachable', {
    title: `TCP connection failed: ${failure.reason}`,
    detail: `Connecting to the port failed: ${what[failure.reason] ?? failure.message}.`,
    evidence: { reason: failure.reason, code: failure.code, ms: failure.ms },
  });
}

/** Handshake attempts → tcp/tls findings and the report's `tls` block. Pure. */
export function analyzeTls(attempts: TlsAttempts): { findings: Finding[]; tls?: NonNullable<Report['tls']> } {
  const { modern, legacy } = attempts;
  if (!modern.ok && modern.stage === 'tcp') return { findings: [tcpFinding(modern)] };
  const success = modern.ok ? modern : legacy?.ok ? legacy : undefined;
  if (success) {
    const tls = {
      protocol: success.protocol,
      cipher: success.cipher,
      ...(success.alpn !== undefined && { alpn: success.alpn }),
    };
    if (LEGACY_PROTOCOLS.has(success.protocol))
      return {
        tls,
        findings: [
          finding('tls.legacy_protocol', {
            title: `Only legacy TLS: ${success.protocol}`,
            detail: `The best the server offers is ${success.protocol} with ${success.cipher}; TLS 1.2 was refused${!modern.ok ? ` (${modern.message})` : ''}.`,
            evidence: { protocol: success.protocol, cipher: success.cipher },
          }),
        ],
      };
    return {
      tls,
      findings: [
        finding('tls.ok', {
          title: `TLS handshake: ${success.protocol}, ${success.cipher}`,
          detail: `Negotiated ${success.protocol} with ${success.cipher}${success.alpn ? ` (ALPN ${success.alpn})` : ''} in ${success.ms} ms.`,
          evidence: { protocol: success.protocol, cipher: success.cipher, ms: success.ms },
        }),
      ],
    };
  }
  const failed = modern as Failed;
  // The legacy attempt's reason is more telling when it got further (e.g. no cipher in common).
  const reason =
    legacy && !legacy.ok && legacy.stage === 'tls' && failed.reason === 'closed' ? legacy : failed;
  return {
    findings: [
      finding('tls.handshake_failed', {
        title: `TLS handshake failed: ${reason.reason.replace(/_/g, ' ')}`,
        detail: `TCP connects but no TLS session is established: ${reason.message}.`,
        evidence: { reason: reason.reason, code: reason.code, message: reason.message },
      }),
    ],
  };
}

/** Whether a failed modern handshake is worth a second try with legacy protocols and ciphers. */
export function worthLegacyRetry(result: HandshakeResult): boolean {
  return !result.ok && result.stage === 'tls' && result.reason !== 'timeout' && result.reason !== 'not_tls';
}
