import { XMLParser, XMLValidator } from 'fast-xml-parser';
import type { AutodiscoverSettings, MapiHttpUrls, OutlookAnywhereSettings } from '../../core/report';

/**
 * Reads an Autodiscover (POX) answer with fast-xml-parser: no regular expressions on XML, no DTD (a body with
 * one is refused before parsing, so no entity is ever expanded), a size bound, and namespace checks on the
 * two elements whose namespaces MS-OXDSCLI fixes. Pure, never throws.
 */

export const MAX_XML_BYTES = 256 * 1024;
export const RESPONSE_NS = 'http://schemas.microsoft.com/exchange/autodiscover/responseschema/2006';
export const OUTLOOK_RESPONSE_NS =
  'http://schemas.microsoft.com/exchange/autodiscover/outlook/responseschema/2006a';

export type AutodiscoverAnswer =
  | { kind: 'settings'; settings: AutodiscoverSettings }
  | { kind: 'redirectUrl'; url: string }
  | { kind: 'redirectAddr'; address: string }
  | { kind: 'error'; code: string; message: string }
  | { kind: 'invalid'; reason: string };

type XmlNode = Record<string, unknown>;

const parser = new XMLParser({
  ignoreAttributes: false,
  attributeNamePrefix: '@_',
  removeNSPrefix: false,
  parseTagValue: false,
  parseAttributeValue: false,
  processEntities: true,
  htmlEntities: false,
  trimValues: true,
  maxNestedTags: 32,
});

const isNode = (value: unknown): value is XmlNode =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

const localName = (name: string): string => name.slice(name.indexOf(':') + 1);
const prefixOf = (name: string): string | undefined =>
  name.includes(':') ? name.slice(0, name.indexOf(':')) : undefined;

/** Every child element with this local name, whatever its prefix; repeated elements come as arrays. */
function children(node: XmlNode, name: string): unknown[] {
  const out: unknown[] = [];
  for (const [key, value] of Object.entries(node)) {
    if (key.startsWith('@_') || localName(key) !== name) continue;
    if (Array.isArray(value)) out.push(...(value as unknown[]));
    else out.push(value);
  }
  return out;
}

function child(node: XmlNode, name: string): XmlNode | undefined {
  return children(node, name).find(isNode);
}

/** Text of a child element; an element with attributes keeps its text under `#text`. */
function text(node: XmlNode | undefined, name: string): string | undefined {
  if (node === undefined) return undefined;
  for (const value of children(node, name)) {
    if (typeof value === 'string') return value;
    if (isNode(value) && typeof value['#text'] === 'string') return value['#text'];
  }
  return undefined;
}

function attribute(node: XmlNode, name: string): string | undefined {
  const value = node[`@_${name}`];
  return typeof value === 'string' ? value : undefined;
}

/** The namespace of an element: from its prefix's declaration or its default, else inherited. */
function namespaceOf(key: string, node: XmlNode, inherited: string | undefined): string | undefined {
  const prefix = prefixOf(key);
  return attribute(node, prefix === undefined ? 'xmlns' : `xmlns:${prefix}`) ?? inherited;
}

function rootOf(document: XmlNode): { key: string; node: XmlNode } | undefined {
  for (const [key, value] of Object.entries(document)) {
    if (key.startsWith('?') || key.startsWith('#')) continue;
    return isNode(value) ? { key, node: value } : undefined;
  }
  return undefined;
}

function outlookAnywhere(block: XmlNode): OutlookAnywhereSettings {
  const settings: OutlookAnywhereSettings = { ssl: text(block, 'SSL')?.toLowerCase() !== 'off' };
  const server = text(block, 'Server');
  const authPackage = text(block, 'AuthPackage');
  const principal = text(block, 'CertPrincipalName');
  if (server !== undefined) settings.server = server;
  if (authPackage !== undefined) settings.authPackage = authPackage;
  if (principal !== undefined) settings.certPrincipalName = principal;
  return settings;
}

function urls(node: XmlNode | undefined): MapiHttpUrls {
  const out: MapiHttpUrls = {};
  const internal = text(node, 'InternalUrl');
  const external = text(node, 'ExternalUrl');
  if (internal !== undefined) out.internalUrl = internal;
  if (external !== undefined) out.externalUrl = external;
  return out;
}

function settingsOf(account: XmlNode, user: XmlNode | undefined): AutodiscoverSettings {
  const settings: AutodiscoverSettings = { exhttp: [] };
  const displayName = text(user, 'DisplayName');
  if (displayName !== undefined) settings.displayName = displayName;
  for (const protocol of children(account, 'Protocol').filter(isNode)) {
    // The type is an element (<Type>EXPR</Type>) in the classic blocks, an attribute on mapiHttp.
    const type = (attribute(protocol, 'Type') ?? text(protocol, 'Type') ?? '').toUpperCase();
    if (type === 'EXPR' && settings.expr === undefined) settings.expr = outlookAnywhere(protocol);
    else if (type === 'EXHTTP') settings.exhttp.push(outlookAnywhere(protocol));
    else if (type === 'MAPIHTTP' && settings.mapiHttp === undefined) {
      const version = attribute(protocol, 'Version');
      settings.mapiHttp = {
        ...(version !== undefined && { version }),
        mailStore: urls(child(protocol, 'MailStore')),
        addressBook: urls(child(protocol, 'AddressBook')),
      };
    }
  }
  return settings;
}

const invalid = (reason: string): AutodiscoverAnswer => ({ kind: 'invalid', reason });

export function parseAutodiscoverResponse(body: string): AutodiscoverAnswer {
  if (Buffer.byteLength(body) > MAX_XML_BYTES) return invalid(`larger than ${MAX_XML_BYTES / 1024} KB`);
  // A DTD is how entity bombs and external entities arrive; Autodiscover never sends one.
  if (/<!DOCTYPE|<!ENTITY/i.test(body)) return invalid('it carries a DTD (<!DOCTYPE>), which is refused');
  const valid = XMLValidator.validate(body);
  if (valid !== true) return invalid(`not well-formed XML: ${valid.err.msg} (line ${valid.err.line})`);
  let document: unknown;
  try {
    document = parser.parse(body);
  } catch (error) {
    return invalid(`not readable XML: ${error instanceof Error ? error.message : String(error)}`);
  }
  const root = isNode(document) ? rootOf(document) : undefined;
  if (root === undefined || localName(root.key) !== 'Autodiscover')
    return invalid('the root element is not <Autodiscover>');
  const rootNs = namespaceOf(root.key, root.node, undefined);
  if (rootNs !== RESPONSE_NS)
    return invalid(`<Autodiscover> is in namespace "${rootNs ?? '(none)'}", not ${RESPONSE_NS}`);
  const responseKey = Object.keys(root.node).find((key) => localName(key) === 'Response');
  const response = responseKey === undefined ? undefined : root.node[responseKey];
  if (responseKey === undefined || !isNode(response)) return invalid('no <Response> element');
  const error = child(response, 'Error');
  if (error !== undefined)
    return {
      kind: 'error',
      code: text(error, 'ErrorCode') ?? '(no code)',
      message: text(error, 'Message') ?? '(no message)',
    };
  const responseNs = namespaceOf(responseKey, response, rootNs);
  if (responseNs !== OUTLOOK_RESPONSE_NS)
    return invalid(
      `<Response> is in namespace "${responseNs ?? '(none)'}", not the Outlook schema ${OUTLOOK_RESPONSE_NS}`,
    );
  const account = child(response, 'Account');
  if (account === undefined) return invalid('no <Account> element in the response');
  const action = text(account, 'Action')?.toLowerCase();
  if (action === 'redirecturl') {
    const url = text(account, 'RedirectUrl');
    return url === undefined
      ? invalid('Action redirectUrl without a <RedirectUrl>')
      : { kind: 'redirectUrl', url };
  }
  if (action === 'redirectaddr') {
    const address = text(account, 'RedirectAddr');
    return address === undefined
      ? invalid('Action redirectAddr without a <RedirectAddr>')
      : { kind: 'redirectAddr', address };
  }
  return { kind: 'settings', settings: settingsOf(account, child(response, 'User')) };
}
