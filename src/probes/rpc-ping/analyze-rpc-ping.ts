import { signInLabel } from '../../core/endpoint-table';
import type { Finding, RpcPingSummary } from '../../core/report';
import { finding } from '../../findings/catalog';
import type { EndpointRow } from './ping-endpoint';

const PORTS = [6001, 6002, 6004];

/** The ValidPorts entries that would allow these ports for a name, in the form Exchange writes them. */
export function validPortsEntries(name: string, ports: readonly number[]): string[] {
  const entries: string[] = [];
  if (ports.includes(6001) && ports.includes(6002)) entries.push(`${name}:6001-6002`);
  else for (const port of ports.filter((p) => p === 6001 || p === 6002)) entries.push(`${name}:${port}`);
  for (const port of ports.filter((p) => p !== 6001 && p !== 6002)) entries.push(`${name}:${port}`);
  return entries;
}

/** How the account signed in, and whether it was given as a UPN (`user@domain`) rather than `DOMAIN\user`. */
export type SignInFacts = NonNullable<RpcPingSummary['signIn']> & { upn: boolean };

/** The likely causes of a 401 to the account, most likely first, for the way it signed in. */
function rejectionCauses(signIn: SignInFacts): string {
  const causes = [
    'a wrong or expired password, or a locked account',
    signIn.upn
      ? 'the user@domain form (try DOMAIN\\user: some front ends resolve only that)'
      : 'the DOMAIN\\user form (check the NetBIOS domain name)',
    signIn.scheme === 'Basic'
      ? 'a WAF or reverse proxy in front that does not pass Basic through'
      : 'Extended Protection with TLS terminated in front of Exchange: a load balancer or WAF presenting another certificate than the one Exchange holds makes the channel binding (of the certificate rpccheck saw) differ from what Exchange expects; pass TLS through, or give the device and Exchange the same certificate',
  ];
  return causes.map((cause, i) => `(${i + 1}) ${cause}`).join('; ');
}

/** Per-(name, port) outcomes and the echo → spec §8 findings, one per name form and kind. Pure. */
export function analyzeRpcPing(
  rows: readonly EndpointRow[],
  echo: { ok: boolean; detail: string; status?: number },
  signIn: SignInFacts = { scheme: 'Basic', channelBinding: false, upn: false },
): Finding[] {
  const how = { scheme: signIn.scheme, channelBinding: signIn.channelBinding };
  if (echo.status === 401 || rows.some((r) => r.outcome === 'unauthorized'))
    return [
      finding('rpc.credentials_rejected', {
        title: 'The RPC proxy rejects the test account',
        detail: `The proxy answered 401 to the account signing in with ${signInLabel(how)} (${echo.status === 401 ? echo.detail : (rows.find((r) => r.outcome === 'unauthorized')?.detail ?? '401')}). Likely causes: ${rejectionCauses(signIn)}.`,
        evidence: { signIn: how },
      }),
    ];
  if (rows.length === 0 && !echo.ok)
    return [
      finding('rpc.ping_skipped', {
        title: 'Authenticated RPC ping stopped after the echo',
        detail: `The echo request with the test account got ${echo.status === undefined ? `no answer (${echo.detail})` : echo.detail}, so the endpoint pings were not sent: each would log in again, and repeated failures can lock the account.`,
      }),
    ];
  const findings: Finding[] = [];
  if (echo.ok)
    findings.push(
      finding('rpc.echo_ok', {
        title: 'The RPC proxy answers the echo request',
        detail: `Echo answered ${echo.detail}: the proxy works with these credentials. Signed in with ${signInLabel(how)}.`,
        evidence: { signIn: how },
      }),
    );
  const names = [...new Set(rows.map((r) => r.name))];
  for (const name of names) {
    const mine = rows.filter((r) => r.name === name);
    const by = (outcome: EndpointRow['outcome']) => mine.filter((r) => r.outcome === outcome);
    const evidence = (list: EndpointRow[]) => ({
      name,
      endpoints: list.map((r) => ({
        port: r.port,
        outcome: r.outcome,
        ms: r.ms,
        ...(r.detail !== undefined && { detail: r.detail }),
      })),
    });
    if (by('ok').length > 0)
      findings.push(
        finding('rpc.endpoint_ok', {
          title: `${name}: ${by('ok')
            .map((r) => r.port)
            .join(', ')} answer through the proxy`,
          detail: `CONN/A3 and CONN/C2 arrived for ${by('ok')
            .map((r) => `${name}:${r.port} (${r.ms} ms)`)
            .join(', ')}.`,
          evidence: evidence(by('ok')),
        }),
      );
    const refused = by('refused');
    if (refused.length > 0) {
      const add = validPortsEntries(
        name,
        refused.map((r) => r.port),
      );
      findings.push(
        finding('rpc.endpoint_refused', {
          title: `${name}: the proxy refuses ${refused.map((r) => r.port).join(', ')}`,
          detail: `${refused[0]?.detail ?? 'RPC error'}. ValidPorts does not allow this name form: add ${add.join(';')}.`,
          nextSteps: [`Add to HKLM\\Software\\Microsoft\\Rpc\\RpcProxy\\ValidPorts: ${add.join(';')}`],
          evidence: { ...evidence(refused), add },
        }),
      );
    }
    if (by('not_found').length > 0)
      findings.push(
        finding('rpc.endpoint_not_found', {
          title: `${name}: Invalid RPC Port / 404 for ${by('not_found')
            .map((r) => r.port)
            .join(', ')}`,
          detail: `${by('not_found')[0]?.detail ?? '404'}: Exchange 2013+ accepts only the Autodiscover name and ports 6001-6004.`,
          evidence: evidence(by('not_found')),
        }),
      );
    const slow = [...by('timeout'), ...by('error')];
    if (slow.length > 0)
      findings.push(
        finding('rpc.endpoint_timeout', {
          title: `${name}: no answer on ${slow.map((r) => r.port).join(', ')}`,
          detail: slow.map((r) => `${r.port}: ${r.detail ?? r.outcome}`).join('; '),
          evidence: evidence(slow),
        }),
      );
  }
  return findings;
}

export { PORTS as RPC_PING_PORTS };
