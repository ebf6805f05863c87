import ipaddr from 'ipaddr.js';
import { ConfigError } from './errors';
import { formatPortList } from './port-list';
import type { ConnectSource, Target } from './target';

/**
 * The SSRF guard of spec §1. The bot probes whatever anyone in a workspace names, so every address a
 * name resolves to is judged before a packet is sent, and the probe then connects to that exact address.
 */

type Address = ipaddr.IPv4 | ipaddr.IPv6;
export type TargetRule =
  { kind: 'cidr'; text: string; range: [Address, number] } | { kind: 'name'; text: string };

export interface TargetPolicy {
  allow: readonly TargetRule[];
  deny: readonly TargetRule[];
  allowedPorts: ReadonlySet<number>;
}

export type PolicyDecision = { allowed: true } | { allowed: false; reason: string };

export const DEFAULT_ALLOWED_PORTS = '443,444,8443';

// ipaddr.js range names that are never a mail server on purpose: talking to them is either pointless or an attack.
const BLOCKED_RANGES = new Set([
  'loopback',
  'unspecified',
  'linkLocal',
  'multicast',
  'broadcast',
  'reserved',
  'benchmarking',
  'discard',
  'deprecated',
]);

export function parseRule(text: string): TargetRule | string {
  const trimmed = text.trim().toLowerCase();
  if (trimmed.includes('/')) {
    try {
      return { kind: 'cidr', text: trimmed, range: ipaddr.parseCIDR(trimmed) };
    } catch {
      return `"${text}" is not a valid CIDR range`;
    }
  }
  if (ipaddr.isValid(trimmed)) {
    const address = ipaddr.process(trimmed);
    return { kind: 'cidr', text: trimmed, range: [address, address.kind() === 'ipv4' ? 32 : 128] };
  }
  if (!/^(\*\.)?[a-z0-9_.-]+$/.test(trimmed)) return `"${text}" is neither a CIDR range nor a host name`;
  return { kind: 'name', text: trimmed.replace(/\.$/, '') };
}

/** A comma-separated list of CIDRs and names (`*.suffix` allowed); a ConfigError names `variable`. */
export function parseRuleList(list: string, variable: string): TargetRule[] {
  const rules: TargetRule[] = [];
  for (const item of list.split(',')) {
    if (item.trim() === '') continue;
    const rule = parseRule(item);
    if (typeof rule === 'string') throw new ConfigError(variable, rule);
    rules.push(rule);
  }
  return rules;
}

/** Parses `443,444,8000-8100` into a set of ports. */
export function parsePorts(list: string): Set<number> {
  const ports = new Set<number>();
  for (const item of list.split(',')) {
    const text = item.trim();
    if (text === '') continue;
    const range = /^(\d{1,5})(?:-(\d{1,5}))?$/.exec(text);
    const low = Number(range?.[1]);
    const high = Number(range?.[2] ?? range?.[1]);
    if (!range || low < 1 || high > 65535 || low > high)
      throw new Error(`"${text}" is not a port or port range`);
    for (let port = low; port <= high; port++) ports.add(port);
  }
  return ports;
}

export interface PolicyInput {
  allowTargets?: string;
  denyTargets?: string;
  allowedPorts?: string;
}

/** Builds a policy; a malformed list throws a ConfigError naming its variable. */
export function createTargetPolicy(input: PolicyInput = {}): TargetPolicy {
  let ports: Set<number>;
  try {
    ports = parsePorts(input.allowedPorts ?? DEFAULT_ALLOWED_PORTS);
  } catch (error) {
    throw new ConfigError('RPCCHECK_ALLOWED_PORTS', (error as Error).message);
  }
  ports.add(443);
  return {
    allow: parseRuleList(input.allowTargets ?? '', 'RPCCHECK_ALLOW_TARGETS'),
    deny: parseRuleList(input.denyTargets ?? '', 'RPCCHECK_DENY_TARGETS'),
    allowedPorts: ports,
  };
}

function nameMatches(rule: TargetRule, host: string): boolean {
  if (rule.kind !== 'name') return false;
  if (rule.text.startsWith('*.')) return host.endsWith(rule.text.slice(1));
  return host === rule.text;
}

function addressMatches(rule: TargetRule, address: Address): boolean {
  if (rule.kind !== 'cidr') return false;
  const [base] = rule.range;
  return base.kind() === address.kind() && address.match(rule.range);
}

/** Whether a host (by name) or the address it was reached at is covered by one of the rules. */
export function ruleListMatches(rules: readonly TargetRule[], host: string, addressText: string): boolean {
  if (rules.some((rule) => nameMatches(rule, host))) return true;
  if (!ipaddr.isValid(addressText)) return false;
  const address = ipaddr.process(addressText);
  return rules.some((rule) => addressMatches(rule, address));
}

/** IPv4 addresses an IPv6 address stands for: mapped, NAT64 (RFC 6052) and 6to4 forms tunnel to them. */
function embeddedIPv4(address: ipaddr.IPv6): ipaddr.IPv4 | undefined {
  const range = address.range();
  const bytes = address.toByteArray();
  if (range === 'ipv4Mapped') return address.toIPv4Address();
  if (range === 'rfc6052') return ipaddr.fromByteArray(bytes.slice(12)) as ipaddr.IPv4;
  if (range === '6to4') return ipaddr.fromByteArray(bytes.slice(2, 6)) as ipaddr.IPv4;
  return undefined;
}

export function checkPort(policy: TargetPolicy, port: number): PolicyDecision {
  if (policy.allowedPorts.has(port)) return { allowed: true };
  return {
    allowed: false,
    reason: `port ${port} is not allowed (allowed: ${formatPortList(policy.allowedPorts)}; an operator can add ports with RPCCHECK_ALLOWED_PORTS)`,
  };
}

/** Name rules apply before resolution, so a denied name is refused without a DNS query. */
export function checkName(policy: TargetPolicy, host: string): PolicyDecision {
  if (policy.allow.some((rule) => nameMatches(rule, host))) return { allowed: true };
  if (policy.deny.some((rule) => nameMatches(rule, host)))
    return { allowed: false, reason: `${host} is on the deny list (RPCCHECK_DENY_TARGETS)` };
  return { allowed: true };
}

/** Where an address came from: DNS, an option that gave it (`--ip`, `via`, `--connect-to`), or unsaid. */
export type AddressOrigin = 'dns' | 'given' | ConnectSource;

/** The origin of the address a target is probed at, as checkAddress words it. */
export function addressOrigin(target: Target, address: string): AddressOrigin {
  return address === target.connectAddress ? (target.connectSource ?? 'given') : 'dns';
}

const GIVEN_BY: Record<Exclude<AddressOrigin, 'dns'>, string> = {
  given: 'the address given to connect to',
  '--ip': 'given by --ip',
  '--connect-to': 'given by --connect-to',
  via: 'given with via',
};

/**
 * One sentence with a verb: `127.0.0.1 is a loopback address…`, `mail.contoso.com at 127.0.0.1 (given by --ip)
 * is…`, `mail.contoso.com resolves to 127.0.0.1, a loopback address…`. Only DNS "resolves"; a given address was
 * given. `inner` is the IPv4 address a mapped, NAT64 or 6to4 address stands for, when that is what was judged.
 */
function refusal(
  host: string,
  address: string,
  origin: AddressOrigin,
  inner: string | undefined,
  what: string,
): string {
  const is = (who: string): string => `${who} ${inner === undefined ? 'is' : `stands for ${inner},`} ${what}`;
  if (host === address) return is(address);
  if (origin !== 'dns') return is(`${host} at ${address} (${GIVEN_BY[origin]})`);
  return `${host} resolves to ${address}, ${inner === undefined ? '' : `which stands for ${inner}, `}${what}`;
}

/** Judges one resolved (or given) address for `host`; `origin` only words the refusal. */
export function checkAddress(
  policy: TargetPolicy,
  host: string,
  addressText: string,
  origin: AddressOrigin = 'dns',
): PolicyDecision {
  if (!ipaddr.isValid(addressText)) return { allowed: false, reason: `${addressText} is not an IP address` };
  const parsed = ipaddr.parse(addressText);
  const candidates: Address[] = [parsed];
  if (parsed.kind() === 'ipv6') {
    const inner = embeddedIPv4(parsed as ipaddr.IPv6);
    if (inner) candidates.push(inner);
  }
  if (policy.allow.some((rule) => nameMatches(rule, host))) return { allowed: true };
  if (candidates.every((candidate) => policy.allow.some((rule) => addressMatches(rule, candidate))))
    return { allowed: true };
  for (const candidate of candidates) {
    const inner = candidate === parsed ? undefined : candidate.toString();
    const refuse = (what: string): PolicyDecision => ({
      allowed: false,
      reason: refusal(host, addressText, origin, inner, what),
    });
    if (policy.deny.some((rule) => addressMatches(rule, candidate)))
      return refuse('an address on the deny list (RPCCHECK_DENY_TARGETS)');
    const range = candidate.range();
    if (BLOCKED_RANGES.has(range) && !policy.allow.some((rule) => addressMatches(rule, candidate)))
      return refuse(
        `${describeRange(range)}, which rpccheck does not probe (an operator can allow it with RPCCHECK_ALLOW_TARGETS)`,
      );
  }
  return { allowed: true };
}

/** The range as a noun phrase with its article: "a loopback address", "an unspecified address". */
function describeRange(range: string): string {
  const names: Record<string, string> = {
    loopback: 'a loopback address',
    unspecified: 'an unspecified address',
    linkLocal: 'a link-local address (where cloud metadata services live)',
    multicast: 'a multicast address',
    broadcast: 'a broadcast address',
    reserved: 'a reserved address',
    benchmarking: 'a reserved (benchmarking) address',
    discard: 'a reserved (discard-only) address',
    deprecated: 'a deprecated site-local address',
  };
  return names[range] ?? `an address in the ${range} range`;
}
