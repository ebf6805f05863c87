import type { Finding } from '../core/report';
import { finding } from '../findings/catalog';
import type { HttpObservation } from './http/pinned-request';
import { authMethods } from './rpc-proxy/auth-methods';

/** Port 80: Basic offered on /rpc without TLS sends passwords in the clear. Pure. */
export function analyzePlaintext(response: HttpObservation | undefined, port: number): Finding[] {
  if (!response?.ok || response.status !== 401) return [];
  const methods = authMethods(response.headers['www-authenticate'] ?? []);
  if (!methods.includes('Basic')) return [];
  return [
    finding('http.basic_over_plaintext', {
      title: `Port ${port} offers Basic authentication on /rpc without TLS`,
      detail: `http://…:${port}/rpc/rpcproxy.dll answered 401 offering ${methods.join(', ')}: a client that follows it sends the password readable to anyone on the path.`,
      evidence: { port, methods },
    }),
  ];
}

/** Exchange 2013+ `/rpc/healthcheck.htm`: `200 OK<br/><server FQDN>`. Pure. */
export function analyzeHealthcheck(response: HttpObservation | undefined): Finding[] {
  if (!response?.ok || response.status !== 200) return [];
  const match = /^\s*200 OK\s*<br\s*\/?>\s*([^\s<]+)/i.exec(response.body);
  if (!match?.[1]) return [];
  return [
    finding('exchange.healthcheck', {
      title: `Exchange health check answers: ${match[1]}`,
      detail: `/rpc/healthcheck.htm reports the RPC component healthy on ${match[1]} (Exchange 2013 or later). Point load balancer monitors here.`,
      evidence: { backend: match[1] },
    }),
  ];
}
