import { isIP } from 'node:net';
import type { Target } from './target';
import { addressOrigin, checkAddress, checkName, checkPort, type TargetPolicy } from './target-policy';

/** Names that are loopback by definition (RFC 6761): refused as the policy would refuse 127.0.0.1. */
const LOOPBACK_NAME = /(?:^|\.)localhost$/i;

/**
 * What the target policy says before any DNS query or packet: the port, a denied name, and the addresses known
 * without DNS (an IP literal, a `via` address, localhost). Undefined when nothing known yet refuses the target;
 * a name's resolved addresses are still judged when the check runs.
 */
export function refusalWithoutDns(target: Target, policy: TargetPolicy): string | undefined {
  const port = checkPort(policy, target.port);
  if (!port.allowed) return port.reason;
  const name = checkName(policy, target.host);
  if (!name.allowed) return name.reason;
  const address =
    isIP(target.host) !== 0 ? target.host : LOOPBACK_NAME.test(target.host) ? '127.0.0.1' : undefined;
  for (const candidate of [address, target.connectAddress]) {
    if (candidate === undefined) continue;
    const decision = checkAddress(policy, target.host, candidate, addressOrigin(target, candidate));
    if (!decision.allowed) return decision.reason;
  }
  return undefined;
}
