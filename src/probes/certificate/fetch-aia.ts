import { X509Certificate } from 'node:crypto';
import forge from 'node-forge';
import { parseTarget } from '../../core/target';
import type { TargetPolicy } from '../../core/target-policy';
import { pinnedRequest } from '../http/pinned-request';
import { type Lookup, resolveTarget } from '../resolve-target';

const MAX_AIA_BYTES = 64 * 1024;

/** DER, PEM or a PKCS#7 bundle (.p7c) → DER certificates. */
export function certificatesFromAiaBody(body: Buffer): Buffer[] {
  const text = body.toString('latin1');
  const pems = text.match(/-----BEGIN CERTIFICATE-----[\s\S]+?-----END CERTIFICATE-----/g);
  if (pems) return pems.map((pem) => new X509Certificate(pem).raw);
  try {
    return [new X509Certificate(body).raw];
  } catch {
    // Not one certificate: try PKCS#7 SignedData, whose certificates sit in a [0] IMPLICIT SET.
  }
  const found: Buffer[] = [];
  const walk = (node: forge.asn1.Asn1, depth: number): void => {
    if (!Array.isArray(node.value) || depth > 6) return;
    for (const child of node.value) {
      if (child.tagClass === forge.asn1.Class.UNIVERSAL && child.type === forge.asn1.Type.SEQUENCE) {
        try {
          found.push(new X509Certificate(Buffer.from(forge.asn1.toDer(child).getBytes(), 'binary')).raw);
          continue;
        } catch {
          // Not a certificate; look inside.
        }
      }
      walk(child, depth + 1);
    }
  };
  try {
    walk(forge.asn1.fromDer(forge.util.createBuffer(text)), 0);
  } catch {
    return [];
  }
  return found;
}

/**
 * Fetches an AIA "CA Issuers" URL under the target policy: the URL comes from the server's certificate, so
 * it is as untrusted as user input. Plain http on the usual ports only, bounded in time and size.
 */
export async function fetchAia(
  url: string,
  options: { policy: TargetPolicy; timeoutMs: number; lookup?: Lookup },
): Promise<{ certificates: Buffer[] } | { error: string }> {
  let parsedUrl: URL;
  try {
    parsedUrl = new URL(url);
  } catch {
    return { error: `"${url}" is not a URL` };
  }
  if (parsedUrl.protocol !== 'http:' && parsedUrl.protocol !== 'https:')
    return { error: `${parsedUrl.protocol} AIA URLs are not fetched` };
  const secure = parsedUrl.protocol === 'https:';
  const parsed = parseTarget(
    `${parsedUrl.hostname.replace(/^\[|\]$/g, '')}${parsedUrl.port ? `:${parsedUrl.port}` : secure ? '' : ':80'}`,
  );
  if (!parsed.ok) return { error: parsed.reason };
  const aiaPolicy = { ...options.policy, allowedPorts: new Set([...options.policy.allowedPorts, 80]) };
  const resolution = await resolveTarget(parsed.target, aiaPolicy, {
    timeoutMs: options.timeoutMs,
    ...(options.lookup !== undefined && { lookup: options.lookup }),
  });
  if (resolution.kind === 'refused') return { error: `refused by the target policy: ${resolution.reason}` };
  if (resolution.kind === 'unresolvable') return { error: `${parsed.target.host} does not resolve` };
  const response = await pinnedRequest({
    host: parsed.target.host,
    address: resolution.address,
    port: parsed.target.port,
    secure,
    method: 'GET',
    path: `${parsedUrl.pathname}${parsedUrl.search}`,
    timeoutMs: options.timeoutMs,
    maxBodyBytes: MAX_AIA_BYTES,
  });
  if (!response.ok) return { error: response.message };
  if (response.status !== 200) return { error: `HTTP ${response.status}` };
  if (response.truncated) return { error: `larger than ${MAX_AIA_BYTES} bytes` };
  const certificates = certificatesFromAiaBody(Buffer.from(response.body, 'latin1'));
  return certificates.length > 0 ? { certificates } : { error: 'no certificate in the answer' };
}
