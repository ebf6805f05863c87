import type { CertificateSummary, Finding, OutlookAnywhereSettings, Report } from '../../core/report';
import { finding } from '../../findings/catalog';
import { matchesHostname } from '../certificate/match-hostname';

/**
 * Pure cross-checks of what Autodiscover hands out against what the EXPR server really does (spec §9): the
 * certificate principal name Outlook demands, and the authentication package it will use on /rpc.
 */

function commonName(subject: string): string | undefined {
  for (const part of subject.split(', ')) if (part.startsWith('CN=')) return part.slice(3);
  return undefined;
}

/** Outlook compares the msstd: name with the certificate's names; a wildcard principal matches literally. */
function principalMatches(name: string, certificate: CertificateSummary): boolean {
  const cn = commonName(certificate.subject);
  const names = [...certificate.sans, ...(cn !== undefined ? [cn] : [])].map((n) => n.toLowerCase());
  if (names.includes(name)) return true;
  if (name.startsWith('*.')) return false;
  return matchesHostname(name, {
    dnsNames: certificate.sans,
    ipAddresses: [],
    ...(cn !== undefined && { commonName: cn }),
  });
}

export function checkCertPrincipal(expr: OutlookAnywhereSettings, nested: Report): Finding[] {
  const principal = expr.certPrincipalName;
  if (principal === undefined || nested.certificate === undefined) return [];
  const match = /^msstd:(.+)$/i.exec(principal.trim());
  const name = (match?.[1] ?? principal).trim().toLowerCase();
  if (principalMatches(name, nested.certificate)) return [];
  return [
    finding('autodiscover.cert_principal_mismatch', {
      title: `CertPrincipalName ${principal} does not match the certificate of ${nested.target.host}`,
      detail: `Autodiscover tells Outlook to connect only to a proxy whose certificate names "${name}", but ${nested.target.host} presents ${nested.certificate.subject} (names: ${nested.certificate.sans.join(', ') || 'none'}). Outlook fails with "Mutual Authentication could not be established".`,
      evidence: {
        certPrincipalName: principal,
        subject: nested.certificate.subject,
        sans: nested.certificate.sans,
      },
    }),
  ];
}

/** The HTTP schemes that satisfy each AuthPackage value (MS-OXDSCLI: basic, kerb, kerbntlm, ntlm, negotiate, nego2). */
const SCHEMES: Record<string, readonly string[]> = {
  basic: ['Basic'],
  ntlm: ['NTLM'],
  kerb: ['Negotiate', 'Kerberos'],
  kerbntlm: ['Negotiate', 'NTLM'],
  negotiate: ['Negotiate'],
  nego2: ['Negotiate'],
};

export function checkAuthPackage(expr: OutlookAnywhereSettings, nested: Report): Finding[] {
  const authPackage = expr.authPackage;
  const offered = nested.rpcProxy?.authMethods;
  const schemes = authPackage === undefined ? undefined : SCHEMES[authPackage.toLowerCase()];
  if (schemes === undefined || offered === undefined || offered.length === 0) return [];
  if (offered.some((method) => schemes.includes(method))) return [];
  return [
    finding('autodiscover.auth_package_mismatch', {
      title: `AuthPackage ${authPackage} is not offered by /rpc on ${nested.target.host}`,
      detail: `Autodiscover tells Outlook to sign in to Outlook Anywhere with ${authPackage}, but ${nested.rpcProxy?.url ?? '/rpc'} offers ${offered.join(', ')}. Outlook prompts for credentials again and again.`,
      evidence: { authPackage, offered },
    }),
  ];
}
