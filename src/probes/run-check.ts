import type { Finding, Report } from '../core/report';
import type { Target } from '../core/target';
import { finding } from '../findings/catalog';
import { analyzeHealthcheck, analyzePlaintext } from './analyze-companions';
import { assembleReport, certificateContext, resolveOrEnd } from './check-report';
import type { CheckOptions, CheckOutcome } from './check-types';
import { type HttpObservation, pinnedRequest } from './http/pinned-request';
import { analyzeNtlm } from './ntlm/analyze-ntlm';
import {
  challengeFromHeaders,
  decodeChallenge,
  NTLM_NEGOTIATE,
  type NtlmServerIdentity,
} from './ntlm/ntlm-challenge';
import { probeTls } from './probe-tls';
import { runRpcPing } from './rpc-ping';
import { pingGate } from './rpc-ping/ping-gate';
import { analyzeRpcProxy, RPC_ECHO_HEADERS, RPC_PROXY_PATH } from './rpc-proxy/analyze-rpc-proxy';
import { formatHostPort } from '../core/target';

interface Pinned {
  host: string;
  address: string;
  port: number;
  timeoutMs: number;
}

function rpcRequest(
  pinned: Pinned,
  extraHeaders: Record<string, string> = {},
  secure = true,
  port = pinned.port,
) {
  return pinnedRequest({
    ...pinned,
    port,
    secure,
    method: 'RPC_IN_DATA',
    path: RPC_PROXY_PATH,
    headers: { ...RPC_ECHO_HEADERS, ...extraHeaders },
    body: '',
  });
}

/** NEGOTIATE with NTLM, then with Negotiate if the server only speaks that: the challenge names the server. */
async function probeNtlm(pinned: Pinned): Promise<NtlmServerIdentity | undefined> {
  for (const scheme of ['NTLM', 'Negotiate']) {
    const response = await rpcRequest(pinned, { authorization: `${scheme} ${NTLM_NEGOTIATE}` });
    if (!response.ok) return undefined;
    const challenge = challengeFromHeaders(response.headers['www-authenticate'] ?? []);
    if (challenge) return decodeChallenge(challenge);
    const offered = (response.headers['www-authenticate'] ?? []).join(',');
    if (!/Negotiate/i.test(offered)) return undefined;
  }
  return undefined;
}

/**
 * The full unauthenticated check: resolve and judge the target, then run every probe concurrently against
 * the checked address. Failed probes become findings; this never throws for anything the network does.
 */
export async function runCheck(target: Target, options: CheckOptions): Promise<CheckOutcome> {
  const started = performance.now();
  const now = options.now?.() ?? new Date();
  const resolution = await resolveOrEnd(target, options, started, now);
  if ('end' in resolution) return resolution.end;

  const pinned: Pinned = {
    host: target.host,
    address: resolution.address,
    port: target.port,
    timeoutMs: options.timeoutMs,
  };
  const httpPort = options.httpPort ?? 80;
  const [tls, rpc, ntlm, health, plaintext] = await Promise.all([
    probeTls(pinned, certificateContext(target, options, now)),
    rpcRequest(pinned),
    probeNtlm(pinned),
    pinnedRequest({
      ...pinned,
      secure: true,
      method: 'GET',
      path: '/rpc/healthcheck.htm',
      maxBodyBytes: 4096,
    }),
    httpPort === target.port
      ? Promise.resolve<HttpObservation | undefined>(undefined)
      : rpcRequest(pinned, {}, false, httpPort),
  ]);

  const findings: Finding[] = [...tls.findings, ...analyzePlaintext(plaintext, httpPort)];
  let rpcProxy: Report['rpcProxy'];
  if (tls.established) {
    const url = `https://${formatHostPort(target.host, target.port)}${RPC_PROXY_PATH}`;
    const analysis = analyzeRpcProxy(url, rpc);
    findings.push(...analysis.findings, ...analyzeNtlm(ntlm), ...analyzeHealthcheck(health));
    rpcProxy = analysis.rpcProxy;
  }
  let rpcPing: Report['rpcPing'];
  if (options.credentials !== undefined) {
    const gate = pingGate({
      credentials: options.credentials,
      host: target.host,
      address: resolution.address,
      tlsEstablished: tls.established,
      ...(tls.certificate !== undefined && { certificate: tls.certificate }),
      findings,
      ...(rpcProxy !== undefined && { authMethods: rpcProxy.authMethods }),
    });
    if (gate.send && tls.certificate !== undefined) {
      const ping = await runRpcPing({
        host: target.host,
        address: resolution.address,
        port: target.port,
        timeoutMs: options.timeoutMs,
        credentials: options.credentials,
        scheme: gate.scheme,
        certificateSha256: tls.certificate.fingerprintSha256,
        ...(rpc.ok && rpc.legacyTls && { legacyTls: true }),
        ...(target.backends !== undefined && { backends: target.backends }),
        ...(ntlm !== undefined && { ntlm }),
      });
      const { findings: pingFindings, ...summary } = ping;
      findings.push(...pingFindings);
      rpcPing = summary;
    } else if (!gate.send)
      findings.push(
        finding('rpc.ping_skipped', {
          title: `Authenticated RPC ping not sent: ${gate.short}`,
          detail: `The test account was not used: ${gate.reason}.`,
        }),
      );
  }
  const result = assembleReport(target, resolution.address, started, now, findings);
  if (tls.certificate) result.certificate = tls.certificate;
  if (tls.tls) result.tls = tls.tls;
  if (rpcProxy) result.rpcProxy = rpcProxy;
  if (rpcPing) result.rpcPing = rpcPing;
  return { kind: 'report', report: result };
}
