import { lookup as dnsLookup } from 'node:dns/promises';
import { isIP } from 'node:net';
import type { Target } from '../core/target';
import { addressOrigin, checkAddress, checkName, checkPort, type TargetPolicy } from '../core/target-policy';

export type Lookup = (host: string) => Promise<string[]>;

export const systemLookup: Lookup = async (host) =>
  (await dnsLookup(host, { all: true, verbatim: true })).map((entry) => entry.address);

export type Resolution =
  | { kind: 'refused'; reason: string }
  | { kind: 'unresolvable'; code: string; message: string }
  | { kind: 'resolved'; address: string; addresses: string[] };

function withTimeout<T>(promise: Promise<T>, ms: number): Promise<T> {
  return new Promise<T>((resolve, reject) => {
    const timer = setTimeout(
      () => reject(Object.assign(new Error('DNS lookup timed out'), { code: 'ETIMEOUT' })),
      ms,
    );
    promise.then(
      (value) => {
        clearTimeout(timer);
        resolve(value);
      },
      (error: unknown) => {
        clearTimeout(timer);
        reject(error instanceof Error ? error : new Error(String(error)));
      },
    );
  });
}

/**
 * Resolves a target and applies the target policy to every address before anything connects. The address
 * returned is the one the probes must use: resolving again later would let DNS answer differently.
 */
export async function resolveTarget(
  target: Target,
  policy: TargetPolicy,
  options: { lookup?: Lookup; timeoutMs: number },
): Promise<Resolution> {
  const port = checkPort(policy, target.port);
  if (!port.allowed) return { kind: 'refused', reason: port.reason };
  const name = checkName(policy, target.host);
  if (!name.allowed) return { kind: 'refused', reason: name.reason };

  let addresses: string[];
  if (target.connectAddress !== undefined) addresses = [target.connectAddress];
  else if (isIP(target.host) !== 0) addresses = [target.host];
  else {
    try {
      addresses = await withTimeout((options.lookup ?? systemLookup)(target.host), options.timeoutMs);
    } catch (error) {
      const code = (error as { code?: unknown }).code;
      return {
        kind: 'unresolvable',
        code: typeof code === 'string' ? code : 'EUNKNOWN',
        message: error instanceof Error ? error.message : String(error),
      };
    }
    if (addresses.length === 0)
      return { kind: 'unresolvable', code: 'ENODATA', message: 'no A or AAAA records' };
  }
  // One bad address refuses the name: a host that also resolves to 127.0.0.1 is a rebinding attempt.
  for (const address of addresses) {
    const decision = checkAddress(policy, target.host, address, addressOrigin(target, address));
    if (!decision.allowed) return { kind: 'refused', reason: decision.reason };
  }
  const preferred = addresses.find((address) => isIP(address) === 4) ?? addresses[0] ?? '';
  return { kind: 'resolved', address: preferred, addresses };
}
