import tls from 'node:tls';

/**
 * One client SecureContext per kind of handshake, built once per process: `tls.connect` without one builds a
 * new OpenSSL context (ciphers, protocol range, the bundled roots) for every connection, which profiled as
 * the largest avoidable cost of a check. Probes verify nothing in OpenSSL (the chain is judged by
 * build-chain.ts against the trust store plus --ca-file), so the extra CAs need no context of their own.
 */
export const LEGACY_TLS = { minVersion: 'TLSv1' as const, ciphers: 'DEFAULT:@SECLEVEL=0' };

const contexts = new Map<string, tls.SecureContext>();

export function clientSecureContext(legacy: boolean, maxVersion?: tls.SecureVersion): tls.SecureContext {
  const key = `${legacy ? 'legacy' : 'modern'}:${maxVersion ?? ''}`;
  let context = contexts.get(key);
  if (context === undefined) {
    context = tls.createSecureContext({
      ...(legacy && LEGACY_TLS),
      ...(maxVersion !== undefined && { maxVersion }),
    });
    contexts.set(key, context);
  }
  return context;
}
