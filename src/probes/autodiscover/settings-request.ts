import type { ProbeCredentials } from '../../config';
import { domainOf } from '../../core/mailbox';
import type { AutodiscoverSettings } from '../../core/report';
import { header } from '../http/pinned-request';
import { MAX_REDIRECTS, redirectTarget, REQUEST_HEADERS, requestBody } from './candidates';
import { MAX_XML_BYTES } from './parse-response';
import { accountGate, chooseSignIn } from './sign-in';
import { type HopContext, postHop, type WalkChain, type WalkRow, xmlOf } from './walk';

/**
 * The authenticated settings request (spec §9) to the endpoint the walk chose: section 8's gate before the
 * password goes anywhere, redirects (redirectUrl, 3xx) walked again without credentials first so each new
 * host is validated and gated on its own. Never throws.
 */
export type SettingsOutcome =
  | { kind: 'settings'; url: string; settings: AutodiscoverSettings; signIn: string; hops: WalkChain }
  | { kind: 'skipped'; url: string; short: string; reason: string }
  | { kind: 'rejected'; url: string; scheme: string; detail: string }
  | { kind: 'error'; url: string; code: string; message: string }
  /** redirectAddr to another domain: discovery would restart there (hybrid: Exchange Online), not followed. */
  | { kind: 'redirected'; url: string; address: string }
  | { kind: 'failed'; url: string; detail: string; hops: WalkChain };

export async function requestSettings(
  endpoint: WalkRow,
  credentials: ProbeCredentials,
  context: HopContext,
): Promise<SettingsOutcome> {
  const ready = endpoint.endpoint;
  const url = endpoint.url;
  if (ready === undefined) return { kind: 'failed', url, detail: 'no connection to sign in over', hops: [] };
  const choice = chooseSignIn(endpoint.authMethods ?? []);
  if ('short' in choice) return { kind: 'skipped', url, short: choice.short, reason: choice.reason };
  const gate = accountGate({
    credentials,
    host: ready.host,
    address: ready.address,
    tlsEstablished: ready.tlsEstablished,
    ...(ready.certificate !== undefined && { certificate: ready.certificate }),
    findings: ready.certificateFindings,
    method: choice.method,
  });
  if (!gate.send) return { kind: 'skipped', url, short: gate.short, reason: gate.reason };
  if (ready.certificate === undefined)
    return { kind: 'failed', url, detail: 'no certificate to pin', hops: [] };
  const response = await choice.method.send(
    {
      host: ready.host,
      address: ready.address,
      port: ready.port,
      method: 'POST',
      path: `${ready.url.pathname}${ready.url.search}`,
      headers: { ...REQUEST_HEADERS },
      body: requestBody(context.email),
      timeoutMs: context.options.timeoutMs,
      maxBodyBytes: MAX_XML_BYTES,
      certificateSha256: ready.certificate.fingerprintSha256,
    },
    credentials,
  );
  if (!response.ok) return { kind: 'failed', url, detail: `${response.code}: ${response.message}`, hops: [] };
  if (response.status === 401)
    return {
      kind: 'rejected',
      url,
      scheme: choice.method.scheme,
      detail:
        choice.method.scheme === 'Basic'
          ? 'a wrong password or user name form, or a device in front that does not pass Basic through'
          : 'a wrong password or user name form; or, with Extended Protection (Exchange 2019 CU14+), a load balancer or WAF that terminates TLS, so the channel binding names another certificate',
    };
  const redirect = async (location: string): Promise<SettingsOutcome> => {
    const next = redirectTarget(location, url);
    if ('reason' in next) return { kind: 'failed', url, detail: next.reason, hops: [] };
    if (context.hops >= MAX_REDIRECTS)
      return { kind: 'failed', url, detail: `more than ${MAX_REDIRECTS} redirects`, hops: [] };
    const chain = await postHop(next.url, 'redirect', { ...context, hops: context.hops + 1 });
    const end = chain[chain.length - 1];
    if (end === undefined || end.outcome !== 'autodiscover')
      return {
        kind: 'failed',
        url: next.url,
        detail: end?.detail ?? 'the redirect target did not answer',
        hops: chain,
      };
    const outcome = await requestSettings(end, credentials, {
      ...context,
      hops: context.hops + chain.length,
    });
    return 'hops' in outcome ? { ...outcome, hops: [...chain, ...outcome.hops] } : outcome;
  };
  if ([301, 302, 307, 308].includes(response.status)) return redirect(header(response, 'location') ?? '');
  if (response.status !== 200)
    return { kind: 'failed', url, detail: `HTTP ${response.status} to the signed-in request`, hops: [] };
  const answer = xmlOf(response);
  switch (answer.kind) {
    case 'settings':
      return { kind: 'settings', url, settings: answer.settings, signIn: choice.method.scheme, hops: [] };
    case 'error':
      return { kind: 'error', url, code: answer.code, message: answer.message };
    case 'invalid':
      return { kind: 'failed', url, detail: `the XML was refused: ${answer.reason}`, hops: [] };
    case 'redirectUrl':
      return redirect(answer.url);
    case 'redirectAddr': {
      if (domainOf(answer.address).toLowerCase() !== domainOf(context.email).toLowerCase())
        return { kind: 'redirected', url, address: answer.address };
      // Outlook restarts discovery for the new address; within the same domain that is this endpoint again.
      if (context.hops >= MAX_REDIRECTS)
        return {
          kind: 'failed',
          url,
          detail: `more than ${MAX_REDIRECTS} redirects (redirectAddr)`,
          hops: [],
        };
      return requestSettings(endpoint, credentials, {
        ...context,
        email: answer.address,
        hops: context.hops + 1,
      });
    }
  }
}
