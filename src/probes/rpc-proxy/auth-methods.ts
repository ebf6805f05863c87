/** Authentication schemes named by WWW-Authenticate headers, one per challenge, in the order offered. */
const KNOWN = ['Basic', 'NTLM', 'Negotiate', 'Digest', 'Kerberos', 'Bearer'];

export function authMethods(values: readonly string[]): string[] {
  const methods: string[] = [];
  for (const value of values) {
    // Proxies may fold several challenges into one header: "Negotiate, NTLM, Basic realm=x".
    for (const challenge of value.split(/,\s*(?=[A-Za-z0-9!#$%&'*+.^_`|~-]+(?:\s+[^=\s,]|\s*$|\s*,))/)) {
      const scheme = /^\s*([A-Za-z0-9!#$%&'*+.^_`|~-]+)/.exec(challenge)?.[1];
      if (scheme === undefined) continue;
      const name = KNOWN.find((known) => known.toLowerCase() === scheme.toLowerCase()) ?? scheme;
      if (!methods.includes(name)) methods.push(name);
    }
  }
  return methods;
}

export const isIntegrated = (method: string): boolean => method === 'NTLM' || method === 'Negotiate';
export const isUsable = (method: string): boolean => method === 'Basic' || isIntegrated(method);
