import { MAX_BACKENDS, parseBackendName, parseTarget, type Target, type TargetParse } from '../core/target';

/** A target as a button carries it: small, and re-checked by the policy when the button is clicked. */
interface TargetRef {
  t: string;
  p: number;
  v?: string;
  b?: string[];
}

export function encodeTarget(target: Target): string {
  const ref: TargetRef = {
    t: target.host,
    p: target.port,
    ...(target.connectAddress !== undefined && { v: target.connectAddress }),
    ...(target.backends !== undefined && { b: target.backends }),
  };
  return JSON.stringify(ref);
}

export function decodeTarget(value: string): TargetParse {
  let ref: Partial<TargetRef> | null;
  try {
    ref = JSON.parse(value) as Partial<TargetRef> | null;
  } catch {
    return { ok: false, reason: 'this button is from an older version of rpccheck; run the check again' };
  }
  if (typeof ref !== 'object' || ref === null || typeof ref.t !== 'string' || typeof ref.p !== 'number')
    return { ok: false, reason: 'this button carries no target' };
  const parsed = parseTarget(ref.t);
  if (!parsed.ok) return parsed;
  // A button value comes back from the client: the names are checked again before they reach a URL.
  const backends = Array.isArray(ref.b)
    ? ref.b.slice(0, MAX_BACKENDS).map((b) => parseBackendName(String(b)))
    : [];
  const names = backends.flatMap((b) => ('name' in b ? [b.name] : []));
  if (names.length !== backends.length)
    return { ok: false, reason: 'this button carries a bad back-end name' };
  return {
    ok: true,
    target: {
      ...parsed.target,
      port: ref.p,
      ...(typeof ref.v === 'string' && { connectAddress: ref.v }),
      ...(names.length > 0 && { backends: names }),
    },
  };
}
