import type { Finding, Severity } from '../core/report';

/**
 * Every finding code rpccheck emits (spec §4 and §8), with its fixed severity, the knowledge-base entry
 * that explains it and the next steps an Exchange admin should take. Analysis code supplies only what
 * was seen (title, detail, evidence); adding a finding means adding a row here.
 */
interface FindingDefinition {
  severity: Severity;
  kb?: string;
  nextSteps: string[];
}

const IIS_CERT_STEPS = [
  'Open IIS Manager → Web Sites → Default Web Site → Properties → Directory Security → Server Certificate (IIS 6), or Bindings → https → Edit (IIS 7+), and check which certificate is bound.',
];

export const FINDINGS = {
  'dns.unresolvable': {
    severity: 'critical',
    kb: 'dns-not-resolving',
    nextSteps: [
      'Check the spelling of the host name Outlook uses as its proxy server (Exchange Proxy Settings).',
      'Make sure the public DNS zone has an A (or AAAA) record for it; from inside, check split DNS.',
      'Try `nslookup <host>` from the client network and from outside.',
    ],
  },
  'tcp.unreachable': {
    severity: 'critical',
    kb: 'firewall-443',
    nextSteps: [
      'Make sure the firewall or NAT publishes TCP 443 to the front end (Client Access) server.',
      'Check that IIS is running on the front end and listening on 443 (`netstat -ano | findstr :443`).',
      'Start the World Wide Web Publishing Service (W3SVC) if Outlook Web Access is down too.',
    ],
  },
  'tls.handshake_failed': {
    severity: 'critical',
    kb: 'tls-handshake-failure',
    nextSteps: [
      'Make sure a certificate is bound to the web site in IIS (View Certificate must not be greyed out).',
      'Check that nothing else (another service, a load balancer in TCP mode with no backend) answers on the port.',
      'Enable TLS 1.2 with modern cipher suites on the server (IIS Crypto or the SCHANNEL registry keys).',
    ],
  },
  'tls.legacy_protocol': {
    severity: 'warning',
    kb: 'tls-legacy-protocols',
    nextSteps: [
      'Enable TLS 1.2 on the server (SCHANNEL protocols in the registry; Windows Server 2003 cannot, plan a migration).',
      'Current Outlook and Windows builds disable TLS 1.0/1.1 by default: clients will start failing.',
    ],
  },
  'tls.ok': { severity: 'ok', nextSteps: [] },
  'cert.expired': {
    severity: 'critical',
    kb: 'ssl-expired',
    nextSteps: [
      'Renew the certificate with your CA (or in-house CA), keeping every name Outlook and Autodiscover use.',
      ...IIS_CERT_STEPS,
      'Bind the renewed certificate to the Default Web Site (Exchange 2007+: `Enable-ExchangeCertificate -Services IIS`).',
    ],
  },
  'cert.not_yet_valid': {
    severity: 'critical',
    kb: 'ssl-not-yet-valid',
    nextSteps: [
      'Check the clock and time zone on the server and clients: a wrong clock makes a new certificate look not yet valid.',
      'If the certificate was issued with a future start date, bind the previous one until then.',
    ],
  },
  'cert.expiring_soon': {
    severity: 'warning',
    kb: 'ssl-expired',
    nextSteps: [
      'Request the renewal now: public CAs need time for validation.',
      'Install and bind the renewed certificate before the expiry date, then re-run this check.',
      'Watch the host (`/rpccheck watch <host>`) so the channel is reminded before it expires.',
    ],
  },
  'cert.self_signed': {
    severity: 'critical',
    kb: 'ssl-self-signed',
    nextSteps: [
      'Outlook shows no certificate warning for RPC over HTTP: it simply fails. Replace the self-signed certificate with one from a public CA.',
      'If you must keep it, install it in the Trusted Root Certification Authorities store of the server and every client.',
    ],
  },
  'cert.untrusted_ca': {
    severity: 'critical',
    kb: 'ssl-untrusted-ca',
    nextSteps: [
      'The certificate comes from a CA clients do not trust (often an in-house CA). Install that CA root certificate in Trusted Root Certification Authorities on the server and all clients (Group Policy for domain members).',
      'Or replace the certificate with one from a public CA, which avoids touching every client.',
    ],
  },
  'cert.incomplete_chain': {
    severity: 'critical',
    kb: 'ssl-missing-intermediate',
    nextSteps: [
      "Install the CA's intermediate certificate in the server's Intermediate Certification Authorities store (Local Computer), then restart IIS so it sends it.",
      'Download the intermediate from your CA (the AIA "CA Issuers" URL in the certificate points to it).',
    ],
  },
  'cert.name_mismatch': {
    severity: 'critical',
    kb: 'ssl-name-mismatch',
    nextSteps: [
      'Reissue the certificate with the proxy host name Outlook uses as a Subject Alternative Name.',
      'Or change the proxy server name in the Outlook profile (Exchange Proxy Settings) to a name on the certificate.',
      'With a wildcard certificate, set the principal name (`msstd:`) to match the certificate subject.',
    ],
  },
  'cert.weak_signature': {
    severity: 'critical',
    kb: 'ssl-weak-signature',
    nextSteps: [
      'Reissue the certificate (and any intermediate) with a SHA-256 signature: current Windows and browsers reject SHA-1 and MD5.',
    ],
  },
  'cert.weak_key': {
    severity: 'critical',
    kb: 'ssl-weak-key',
    nextSteps: [
      'Create a new certificate request with an RSA key of at least 2048 bits (or ECDSA P-256) and reissue.',
    ],
  },
  'cert.ok': { severity: 'ok', nextSteps: [] },
  'rpc.proxy_reachable': { severity: 'ok', nextSteps: [] },
  'rpc.proxy_missing': {
    severity: 'critical',
    kb: 'rpcproxy-not-installed',
    nextSteps: [
      'Install the "RPC over HTTP Proxy" component (Add/Remove Windows Components → Networking Services on 2003; `ServerManagerCmd -i RPC-over-HTTP-proxy` on 2008).',
      'Check that the /rpc virtual directory exists under the Default Web Site in IIS Manager.',
      'On Exchange 2007+, enable Outlook Anywhere (`Enable-OutlookAnywhere` / `Set-OutlookAnywhere`).',
    ],
  },
  'rpc.proxy_error': {
    severity: 'critical',
    kb: 'rpcproxy-validports',
    nextSteps: [
      'Look in Event Viewer on the front end for RPC Proxy Event ID 2 ("ValidPorts could not be parsed").',
      'Check HKLM\\Software\\Microsoft\\Rpc\\RpcProxy\\ValidPorts lists NetBIOS and FQDN names with 6001-6002 and 6004 (`rpccheck validate validports "<value>"`).',
      'Make sure the front end can resolve and reach the back end on 6001, 6002 and 6004.',
    ],
  },
  'rpc.methods_blocked': {
    severity: 'critical',
    kb: 'reverse-proxy-rpc-verbs',
    nextSteps: [
      'A reverse proxy or WAF in front of Exchange rejects RPC_IN_DATA / RPC_OUT_DATA: publish /rpc through an RPC-aware proxy (TMG, WAP, a load balancer in TCP mode).',
      'Or move clients to MAPI over HTTP (Exchange 2013 SP1+).',
    ],
  },
  'rpc.anonymous_access': {
    severity: 'critical',
    kb: 'auth-anonymous-enabled',
    nextSteps: [
      'IIS Manager → Default Web Site → RPC → Properties → Directory Security → Authentication and access control → Edit: clear "Enable anonymous access".',
      'Check that AllowAnonymous under HKLM\\Software\\Microsoft\\Rpc\\RpcProxy is not set (unless SSL offloading really needs it).',
      'Leave Basic authentication as the only method.',
    ],
  },
  'rpc.auth_basic_only': { severity: 'ok', nextSteps: [] },
  'rpc.auth_integrated': {
    severity: 'warning',
    kb: 'auth-integrated-prompts',
    nextSteps: [
      'IIS Manager → Default Web Site → RPC → Properties → Directory Security → Authentication and access control → Edit: leave only Basic authentication checked.',
      'Exchange 2007/2010 rewrite this every 15 minutes: use `Set-OutlookAnywhere -ClientAuthenticationMethod Basic -IISAuthenticationMethods Basic`.',
      'Keep NTLM only where the whole path is NTLM-aware (and where Exchange 2013 proxies to 2010).',
    ],
  },
  'rpc.auth_none': {
    severity: 'warning',
    kb: 'auth-no-method',
    nextSteps: [
      'Enable Basic authentication on the /rpc virtual directory.',
      'If a reverse proxy answers, check that it passes the WWW-Authenticate headers through.',
    ],
  },
  'rpc.unexpected_response': {
    severity: 'warning',
    kb: 'rpc-unexpected-response',
    nextSteps: [
      'Something other than the RPC proxy answers /rpc/rpcproxy.dll: check reverse proxies, load balancer rules and IIS redirects on the Default Web Site.',
      'Load balancers should poll /rpc/healthcheck.htm (Exchange 2013+), not /.',
    ],
  },
  'http.basic_over_plaintext': {
    severity: 'critical',
    kb: 'auth-basic-plaintext',
    nextSteps: [
      'Require SSL on the /rpc virtual directory (IIS Manager → RPC → Directory Security → Secure communications → Require secure channel).',
      'Close port 80 to /rpc at the firewall; passwords sent with Basic over HTTP are readable by anyone on the path.',
    ],
  },
  'ntlm.server_identity': { severity: 'info', nextSteps: [] },
  'exchange.healthcheck': { severity: 'info', nextSteps: [] },
  'rpc.credentials_rejected': {
    severity: 'critical',
    kb: 'rpc-credentials-rejected',
    nextSteps: [
      'Check the test account password and try the DOMAIN\\user form.',
      'Make sure the account has a mailbox and is not locked out.',
      'If a WAF or reverse proxy sits in front, check that it passes Basic authentication through.',
      'With Extended Protection on (Exchange 2019 CU14+), TLS must reach Exchange unbroken, or the device in front must present the same certificate: NTLM binds the sign-in to the certificate the client saw.',
    ],
  },
  // Not in spec §8's table: the ping was asked for (an account is configured) but not sent, and why.
  'rpc.ping_skipped': { severity: 'info', nextSteps: [] },
  'rpc.echo_ok': { severity: 'ok', nextSteps: [] },
  'rpc.endpoint_ok': { severity: 'ok', nextSteps: [] },
  'rpc.endpoint_refused': {
    severity: 'critical',
    kb: 'rpcproxy-validports',
    nextSteps: [
      'Add the missing name:port entries to HKLM\\Software\\Microsoft\\Rpc\\RpcProxy\\ValidPorts (NetBIOS and FQDN forms), then wait 5 minutes or restart IIS.',
      'Make sure the front end resolves the back-end name and reaches it on 6001, 6002 and 6004.',
    ],
  },
  'rpc.endpoint_not_found': {
    severity: 'critical',
    kb: 'exchange-2013-rpc-names',
    nextSteps: [
      'Exchange 2013+ accepts only the mailbox GUID name Autodiscover gives and ports 6001-6004.',
      'Check the Outlook profile was created by Autodiscover.',
    ],
  },
  'rpc.endpoint_timeout': {
    severity: 'critical',
    kb: 'exchange-ports',
    nextSteps: [
      'On the back end, run `rpcdump /v` and check ncacn_http endpoints on 6001, 6002 and 6004 (`rpccheck validate rpcdump -`).',
      'Restart the Information Store and System Attendant after fixing the port registry values.',
    ],
  },
  'autodiscover.ok': { severity: 'ok', nextSteps: [] },
  'autodiscover.unreachable': {
    severity: 'critical',
    kb: 'autodiscover-unreachable',
    nextSteps: [
      'Publish `autodiscover.<domain>` (an A or CNAME record to the Exchange front end) and make sure its name is on the certificate.',
      'Or publish the SRV record `_autodiscover._tcp.<domain>` pointing at the front end on port 443.',
      'Open TCP 443 to the front end, and check `/autodiscover/autodiscover.xml` answers 401 there.',
    ],
  },
  'autodiscover.certificate_invalid': {
    severity: 'critical',
    kb: 'autodiscover-certificate-name',
    nextSteps: [
      'Put `autodiscover.<domain>` on the certificate of the server that answers for it (a SAN), or remove the record and publish an SRV record instead.',
      'Outlook ignores certificate errors only on the root-domain candidate; on every other one the user gets a security warning.',
    ],
  },
  'autodiscover.root_domain_skipped': { severity: 'info', kb: 'autodiscover-root-domain', nextSteps: [] },
  'autodiscover.http_redirect': { severity: 'info', kb: 'autodiscover-redirect-prompt', nextSteps: [] },
  'autodiscover.error_response': {
    severity: 'critical',
    kb: 'autodiscover-email-not-found',
    nextSteps: [
      'For 500: check the address is a mailbox (or a proxy address) in this organisation: `Get-Recipient alice@contoso.com`.',
      'For 600/601: the request was not understood; a device in front may rewrite it.',
    ],
  },
  'autodiscover.redirect_loop': {
    severity: 'critical',
    kb: 'autodiscover-redirect-loop',
    nextSteps: [
      'Follow the redirect chain in the report and remove the hop that points back (often root domain ↔ `autodiscover.`).',
      'Outlook stops after 10 redirects.',
    ],
  },
  'autodiscover.no_outlook_anywhere': {
    severity: 'warning',
    kb: 'autodiscover-no-outlook-anywhere',
    nextSteps: [
      'Enable Outlook Anywhere: `Get-OutlookAnywhere | fl Server,ExternalHostname,InternalHostname,*AuthenticationMethod*`, then `Set-OutlookAnywhere -ExternalHostname mail.contoso.com -ExternalClientsRequireSsl $true`.',
    ],
  },
  'autodiscover.cert_principal_mismatch': {
    severity: 'critical',
    kb: 'autodiscover-cert-principal-name',
    nextSteps: [
      'Make the principal name match the certificate: `Set-OutlookProvider EXPR -CertPrincipalName "msstd:mail.contoso.com"` (or `msstd:*.contoso.com` for a wildcard certificate).',
      'Or clear it (`-CertPrincipalName $null`) so Outlook uses the server name.',
    ],
  },
  'autodiscover.auth_package_mismatch': {
    severity: 'warning',
    kb: 'autodiscover-auth-package-mismatch',
    nextSteps: [
      'Make the two agree: `Set-OutlookAnywhere -ExternalClientAuthenticationMethod Basic` (or Ntlm/Negotiate) sets what Autodiscover hands out; `-IISAuthenticationMethods` what /rpc offers.',
    ],
  },
  'autodiscover.settings_skipped': { severity: 'info', kb: 'mapi-basic-not-offered', nextSteps: [] },
  'autodiscover.credentials_rejected': {
    severity: 'critical',
    kb: 'autodiscover-credentials-rejected',
    nextSteps: [
      'Check the test account signs in to OWA with the same user name form (DOMAIN\\user or the UPN).',
      'A 401 from several candidates to a correct password points at a device in front that breaks the sign-in.',
    ],
  },
  'mapi.healthy': { severity: 'ok', nextSteps: [] },
  'mapi.healthcheck_failed': {
    severity: 'critical',
    kb: 'mapi-healthcheck-down',
    nextSteps: [
      'On the server, `Get-ServerComponentState <server>`: MapiProxy and the front end must be Active.',
      'Check the MSExchangeMapiFrontEndAppPool application pool is started, and that the load balancer has a healthy node.',
    ],
  },
  'mapi.not_offered': { severity: 'info', kb: 'mapi-not-enabled', nextSteps: [] },
  'mapi.ping_ok': { severity: 'ok', nextSteps: [] },
  'mapi.ping_failed': {
    severity: 'critical',
    kb: 'mapi-ntlm-proxy-keepalive',
    nextSteps: [
      'Read X-ResponseCode in the detail: 7 or 4 means a device in front strips the X- headers; 8 anonymous access reached the handler; 16 the endpoint is disabled.',
      'A 401 to a correct password through a load balancer or reverse proxy: check keep-alive to the back end and SSL offloading (Extended Protection).',
    ],
  },
  'mapi.ping_skipped': { severity: 'info', kb: 'mapi-basic-not-offered', nextSteps: [] },
} as const satisfies Record<string, FindingDefinition>;

export type FindingCode = keyof typeof FINDINGS;

export const FINDING_CODES = Object.keys(FINDINGS) as FindingCode[];

export function isFindingCode(value: string): value is FindingCode {
  return Object.hasOwn(FINDINGS, value);
}

export interface FindingInput {
  title: string;
  detail: string;
  /** Steps specific to what was seen, shown before the catalogue's general steps. */
  nextSteps?: string[];
  /** Overrides the catalogue's entry when the observation points to a more precise one. */
  kb?: string;
  evidence?: Record<string, unknown>;
}

/** Builds a finding from the catalogue row for `code` and what the analysis saw. */
export function finding(code: FindingCode, input: FindingInput): Finding {
  const definition: FindingDefinition = FINDINGS[code];
  const out: Finding = {
    code,
    severity: definition.severity,
    title: input.title,
    detail: input.detail,
    nextSteps: [...(input.nextSteps ?? []), ...definition.nextSteps],
  };
  const kb = input.kb ?? definition.kb;
  if (kb !== undefined) out.kb = kb;
  if (input.evidence !== undefined) out.evidence = input.evidence;
  return out;
}

/**
 * What each finding code means, in one sentence: the condition under which it is emitted (spec §4, §8, §9).
 * `rpccheck explain <code>` prints it, most usefully for codes no knowledge-base entry explains (the ok and
 * info ones: `tls.ok`, `rpc.ping_skipped`). Typed by the catalogue, so a new code cannot leave it out. Kept
 * apart from FINDINGS so each row there stays what a check needs, and in this file so `rpccheck explain`
 * loads nothing more than the matcher already does.
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
