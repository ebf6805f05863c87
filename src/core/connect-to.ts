import { isIP } from 'node:net';
import { normaliseHost, type Target } from './target';

/**
 * `--connect-to HOST:PORT:ADDRESS:PORT2` (curl's meaning): connections meant for HOST:PORT go to ADDRESS:PORT2
 * while SNI, certificate names and `Host` keep the name. An empty HOST or PORT matches any. ADDRESS must be an
 * IP literal (IPv6 in brackets): a name would need a second lookup, which the target policy forbids.
 */
export interface ConnectToRule {
  /** Undefined: any host. */
  host?: string;
  /** Undefined: any port. */
  port?: number;
  address: string;
  /** Undefined: keep the port. */
  port2?: number;
}

function port(text: string, what: string): number | undefined | string {
  if (text === '') return undefined;
  if (!/^\d{1,5}$/.test(text) || Number(text) < 1 || Number(text) > 65535)
    return `${what} "${text}" is not a port from 1 to 65535`;
  return Number(text);
}

/** Splits on the colons outside brackets, so `[fd00::5]` stays one field. Linear in the input. */
function fields(text: string): string[] {
  const out: string[] = [];
  let current = '';
  let depth = 0;
  for (const char of text) {
    if (char === '[') depth++;
    else if (char === ']') depth = Math.max(0, depth - 1);
    if (char === ':' && depth === 0) {
      out.push(current);
      current = '';
    } else current += char;
  }
  out.push(current);
  return out;
}

export function parseConnectTo(text: string): ConnectToRule | { reason: string } {
  const parts = fields(text.trim());
  if (parts.length !== 4)
    return {
      reason: `--connect-to "${text}": expected HOST:PORT:ADDRESS:PORT2 (e.g. autodiscover.contoso.com:443:10.0.0.5:443)`,
    };
  const [hostText = '', portText = '', addressText = '', port2Text = ''] = parts;
  const rule: ConnectToRule = { address: '' };
  if (hostText !== '') {
    const host = normaliseHost(hostText.replace(/^\[(.*)\]$/, '$1'));
    if ('reason' in host) return { reason: `--connect-to: ${host.reason}` };
    rule.host = host.host;
  }
  const from = port(portText, 'PORT');
  if (typeof from === 'string') return { reason: `--connect-to: ${from}` };
  if (from !== undefined) rule.port = from;
  const address = addressText.replace(/^\[(.*)\]$/, '$1');
  if (isIP(address) === 0)
    return { reason: `--connect-to: ADDRESS "${addressText}" must be an IP address (IPv6 in brackets)` };
  rule.address = address.toLowerCase();
  const to = port(port2Text, 'PORT2');
  if (typeof to === 'string') return { reason: `--connect-to: ${to}` };
  if (to !== undefined) rule.port2 = to;
  return rule;
}

/** The first rule that matches host:port, as curl applies them. */
export function connectToFor(
  rules: readonly ConnectToRule[],
  host: string,
  port: number,
): { address: string; port: number } | undefined {
  const rule = rules.find(
    (r) => (r.host === undefined || r.host === host) && (r.port === undefined || r.port === port),
  );
  return rule && { address: rule.address, port: rule.port2 ?? port };
}

/** A check target after `--connect-to`: the rule's address and port, unless `--ip` already pinned one. */
export function applyConnectTo(target: Target, rules: readonly ConnectToRule[]): Target {
  if (target.connectAddress !== undefined) return target;
  const to = connectToFor(rules, target.host, target.port);
  return to === undefined
    ? target
    : { ...target, connectAddress: to.address, connectSource: '--connect-to', port: to.port };
}
