import type { Finding } from '../../core/report';
import { finding } from '../../findings/catalog';
import type { NtlmServerIdentity } from './ntlm-challenge';

/** The decoded challenge → `ntlm.server_identity`, naming the server behind the load balancer. Pure. */
export function analyzeNtlm(identity: NtlmServerIdentity | undefined): Finding[] {
  if (!identity) return [];
  const computer = identity.dnsComputer ?? identity.netbiosComputer ?? identity.targetName ?? 'unknown';
  const parts = [
    identity.netbiosComputer !== undefined && `NetBIOS name ${identity.netbiosComputer}`,
    identity.netbiosDomain !== undefined && `NetBIOS domain ${identity.netbiosDomain}`,
    identity.dnsComputer !== undefined && `DNS name ${identity.dnsComputer}`,
    identity.dnsDomain !== undefined && `DNS domain ${identity.dnsDomain}`,
    identity.version !== undefined &&
      `${identity.version.name} (${identity.version.major}.${identity.version.minor}.${identity.version.build})`,
  ].filter((part): part is string => typeof part === 'string');
  return [
    finding('ntlm.server_identity', {
      title: `NTLM answered by ${computer}`,
      detail: `${parts.join('; ')}. ValidPorts on this proxy must list the back-end names clients ask for (NetBIOS and FQDN).`,
      evidence: { ...identity },
    }),
  ];
}
