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
  // With a `via` address (or --ip) the check connects there and nowhere else, so only it is judged, as
  // resolveTarget does: `localhost via 10.0.0.5` is a check of 10.0.0.5.
  const address =
    target.connectAddress ??
    (isIP(target.host) !== 0 ? target.host : LOOPBACK_NAME.test(target.host) ? '127.0.0.1' : undefined);
  if (address === undefined) return undefined;
  const decision = checkAddress(policy, target.host, address, addressOrigin(target, address));
  return decision.allowed ? undefined : decision.reason;
}
