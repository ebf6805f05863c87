import type { CertificateSummary, Finding } from '../../core/report';
import type { TargetPolicy } from '../../core/target-policy';
import type { Lookup } from '../resolve-target';
import { analyzeCertificate, type CertificateInput, summarise } from './analyze-certificate';
import { buildChain } from './build-chain';
import { fetchAia } from './fetch-aia';
import { parseSentCertificate } from './ca-cache';
import type { CertInfo } from './parse-certificate';
import { trustAnchors } from './trust-store';

export interface CertificateContext {
  host: string;
  now: Date;
  warnDays: number;
  extraCaPem: readonly string[];
  policy: TargetPolicy;
  timeoutMs: number;
  lookup?: Lookup;
}

function parseAll(ders: readonly Buffer[]): CertInfo[] {
  const out: CertInfo[] = [];
  for (const der of ders) {
    try {
      out.push(parseSentCertificate(der));
    } catch {
      // An unparseable extra certificate cannot help the chain; the leaf's failure is handled by the caller.
    }
  }
  return out;
}

/** Sent chain → trust decision (with an AIA fetch when an issuer is missing) → findings and summary. */
export async function judgeCertificate(
  ders: readonly Buffer[],
  chainSource: 'sent' | 'rebuilt',
  context: CertificateContext,
): Promise<{ findings: Finding[]; certificate?: CertificateSummary }> {
  const sent = parseAll(ders);
  const leaf = sent[0];
  if (!leaf) return { findings: [] };
  const anchors = trustAnchors(context.extraCaPem);
  let chain = buildChain(leaf, sent.slice(1), anchors);
  let aiaError: string | undefined;
  const fromAia: CertInfo[] = [];
  // Follow AIA from the last certificate reached, a few hops at most, until the path completes.
  for (let hop = 0; hop < 3 && chain.status === 'unknown_issuer'; hop++) {
    const last = chain.path[chain.path.length - 1] ?? leaf;
    const url = last.caIssuersUrls[0];
    if (url === undefined) break;
    const fetched = await fetchAia(url, context);
    if ('error' in fetched) {
      aiaError = fetched.error;
      break;
    }
    fromAia.push(...parseAll(fetched.certificates));
    const before = chain.path.length;
    chain = buildChain(leaf, sent.slice(1), anchors, fromAia);
    if (chain.status === 'unknown_issuer' && chain.path.length === before) break;
  }
  const input: CertificateInput = {
    host: context.host,
    sent,
    chain,
    now: context.now,
    warnDays: context.warnDays,
    chainSource,
    ...(aiaError !== undefined && { aiaError }),
  };
  return { findings: analyzeCertificate(input), certificate: summarise(input) };
}
