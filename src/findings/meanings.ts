import type { FindingCode } from './catalog';

/**
 * What each finding code means, in one sentence: the condition under which it is emitted (spec §4, §8, §9).
 * `rpccheck explain <code>` prints it, most usefully for codes no knowledge-base entry explains (the ok and
 * info ones: `tls.ok`, `rpc.ping_skipped`). Typed by the catalogue, so a new code cannot leave it out. Kept
 * apart from catalog.ts, which every check loads: only explaining a code reads this.
 */
export const FINDING_MEANINGS: { readonly [C in FindingCode]: string } = {
  'dns.unresolvable': 'The host name does not resolve in DNS.',
  'tcp.unreachable': 'The TCP connection was refused, reset or timed out (the evidence says which).',
  'tls.handshake_failed':
    'TCP connects but no TLS session is set up: a timeout, a TLS alert, no TLS at all, or no protocol or cipher in common.',
  'tls.legacy_protocol':
    'The best protocol the server offers is TLS 1.0 or 1.1, which current Windows and Outlook builds disable.',
  'tls.ok': 'The TLS handshake completed; the detail names the protocol and cipher that were agreed.',
  'cert.expired': "The current time is past the leaf certificate's notAfter date.",
  'cert.not_yet_valid': "The current time is before the leaf certificate's notBefore date.",
  'cert.expiring_soon':
    'The certificate expires within the warning period (30 days unless --warn-days or RPCCHECK_WARN_DAYS says otherwise).',
  'cert.self_signed': 'The leaf certificate is signed by itself, so no client trusts it unless told to.',
  'cert.untrusted_ca':
    'The chain leads to a CA outside the trust store (the system store plus --ca-file): often an in-house CA clients must be given.',
  'cert.incomplete_chain':
    'The server does not send an intermediate certificate needed to reach a trusted root.',
  'cert.name_mismatch':
    "The host name is not among the certificate's names (SANs; the CN only when there is no SAN).",
  'cert.weak_signature': 'A certificate other than the root is signed with MD5 or SHA-1.',
  'cert.weak_key': 'The key is too small: RSA under 2048 bits or EC under 256.',
  'cert.ok':
    'The certificate is trusted, names the host and is in date; the detail names its issuer and the days left.',
  'rpc.proxy_reachable':
    '/rpc/rpcproxy.dll answers as an IIS RPC proxy does: a 401 challenge, or the healthy 403.2 / 401.3 answers.',
  'rpc.proxy_missing':
    '/rpc/rpcproxy.dll answers 404: the RPC over HTTP proxy component or the /rpc virtual directory is missing.',
  'rpc.proxy_error':
    'The RPC proxy answers 5xx (e.g. 503 RPC Error: 6ba): RPCProxy.dll failed to load, or the back end is refused (ValidPorts).',
  'rpc.methods_blocked':
    'The RPC verbs get 405: a reverse proxy or WAF in front does not pass RPC_IN_DATA / RPC_OUT_DATA.',
  'rpc.anonymous_access': 'The RPC proxy answers without asking for credentials.',
  'rpc.auth_basic_only': 'Basic is the only sign-in method the RPC proxy offers.',
  'rpc.auth_integrated':
    'The RPC proxy offers Negotiate or NTLM: clients pick it first and it fails through HTTP proxies, so users are asked again and again.',
  'rpc.auth_none': 'The RPC proxy answers 401 without any usable WWW-Authenticate method.',
  'rpc.unexpected_response':
    'The RPC proxy answers with something else: a redirect, or an HTML page from something that is not the RPC proxy.',
  'http.basic_over_plaintext': 'Port 80 offers Basic authentication on /rpc without TLS.',
  'ntlm.server_identity':
    'The NTLM challenge names the server that answered: NetBIOS and DNS computer and domain names, Windows version.',
  'exchange.healthcheck':
    '/rpc/healthcheck.htm (Exchange 2013 and later) answers 200 and names the back end: a place for load balancer monitors.',
  'rpc.credentials_rejected': 'The RPC proxy answers 401 to the test account.',
  'rpc.ping_skipped':
    'A test account is configured but the authenticated RPC ping was not sent; the detail says why (host not allowed, certificate not trusted or not naming it, no usable sign-in method, or the echo failed).',
  'rpc.echo_ok':
    'The authenticated echo request (RPC_IN_DATA) was answered 200 with a 20-byte application/rpc body: the test account signs in to the RPC proxy.',
  'rpc.endpoint_ok':
    'For name:port, the RPC proxy connected the channels to the back end (CONN/A3 and CONN/C2 arrived).',
  'rpc.endpoint_refused':
    'The RPC proxy answers 503 RPC Error for name:port: the back end is refused, usually missing from ValidPorts.',
  'rpc.endpoint_not_found':
    'The RPC proxy answers 404 / Invalid RPC Port for name:port (Exchange 2013+: wrong name form or a port outside 6001-6004).',
  'rpc.endpoint_timeout':
    'The channels opened but CONN/C2 did not arrive in time: the back end does not listen on ncacn_http.',
  'autodiscover.ok':
    'An Autodiscover candidate answered as Exchange Autodiscover does; the evidence names its URL and how it was found.',
  'autodiscover.unreachable': 'No Autodiscover candidate answered as Autodiscover.',
  'autodiscover.certificate_invalid':
    'A candidate Outlook does not excuse (autodiscover.<domain>, an SRV or redirect target) presents a certificate Outlook warns about.',
  'autodiscover.root_domain_skipped':
    'The root-domain candidate did not serve Autodiscover; Outlook moves on, slowly when it times out.',
  'autodiscover.http_redirect':
    'Autodiscover was found through the port-80 redirect: Outlook asks "Allow this website to configure … server settings?".',
  'autodiscover.error_response':
    'The Autodiscover answer is an <Error>, such as 500 "The email address can\'t be found" or 600 "Invalid Request".',
  'autodiscover.redirect_loop': 'More than 10 Autodiscover redirects, or a URL seen twice.',
  'autodiscover.no_outlook_anywhere':
    'The Autodiscover settings have no EXPR or EXHTTP block: Outlook Anywhere is not published.',
  'autodiscover.cert_principal_mismatch':
    "The EXPR CertPrincipalName (msstd:NAME) names something the Outlook Anywhere server's certificate does not.",
  'autodiscover.auth_package_mismatch':
    'The EXPR AuthPackage is a method /rpc on the Outlook Anywhere server does not offer: endless prompts.',
  'autodiscover.settings_skipped':
    'The Autodiscover settings were not requested with the test account, or the answer redirected the mailbox elsewhere; the detail says why.',
  'autodiscover.credentials_rejected': 'Autodiscover answers 401 to the test account.',
  'mapi.healthy':
    '/mapi/healthcheck.htm answers 200 (the evidence names the server) and the MailStore URL asks for credentials.',
  'mapi.healthcheck_failed':
    '/mapi/healthcheck.htm answers anything but 200: the MAPI front end is offline, or the load balancer pool is empty.',
  'mapi.not_offered': 'The Autodiscover settings carry no mapiHttp block, so Outlook uses RPC over HTTP.',
  'mapi.ping_ok': 'The authenticated MAPI over HTTP PING answered 200 with X-ResponseCode: 0.',
  'mapi.ping_failed':
    'The authenticated MAPI over HTTP PING got 401, 5xx or a non-zero X-ResponseCode (8 Anonymous Not Allowed, 16 Endpoint Disabled, …).',
  'mapi.ping_skipped':
    'A test account is configured but the MAPI PING was not sent; the detail says why (host not allowed, or no method the account can use).',
};
