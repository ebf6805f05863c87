/**
 * Decodes an NTLM CHALLENGE_MESSAGE (MS-NLMP 2.2.1.2): the target info names the server that answered,
 * which is what ValidPorts must list and what admins need to see behind a load balancer.
 */

/** nmap's http-ntlm-info NEGOTIATE: asks for target info and the version without naming us. */
export const NTLM_NEGOTIATE = 'TlRMTVNTUAABAAAAB4IIogAAAAAAAAAAAAAAAAAAAAAGAbEdAAAADw==';

export interface NtlmServerIdentity {
  targetName?: string;
  netbiosComputer?: string;
  netbiosDomain?: string;
  dnsComputer?: string;
  dnsDomain?: string;
  dnsForest?: string;
  version?: { major: number; minor: number; build: number; name: string };
  serverTime?: string;
}

const FLAG_VERSION = 0x02000000;
const AV_FIELDS: Record<number, keyof NtlmServerIdentity> = {
  1: 'netbiosComputer',
  2: 'netbiosDomain',
  3: 'dnsComputer',
  4: 'dnsDomain',
  5: 'dnsForest',
};

const WINDOWS: [major: number, minor: number, build: number | undefined, name: string][] = [
  [5, 0, undefined, 'Windows 2000'],
  [5, 1, undefined, 'Windows XP'],
  [5, 2, undefined, 'Windows Server 2003'],
  [6, 0, undefined, 'Windows Server 2008'],
  [6, 1, undefined, 'Windows Server 2008 R2'],
  [6, 2, undefined, 'Windows Server 2012'],
  [6, 3, undefined, 'Windows Server 2012 R2'],
  [10, 0, 14393, 'Windows Server 2016'],
  [10, 0, 17763, 'Windows Server 2019'],
  [10, 0, 20348, 'Windows Server 2022'],
  [10, 0, 26100, 'Windows Server 2025'],
];

export function windowsName(major: number, minor: number, build: number): string {
  const known = WINDOWS.find(
    ([ma, mi, b]) => ma === major && mi === minor && (b === undefined || b === build),
  );
  return known?.[3] ?? `Windows ${major}.${minor} build ${build}`;
}

function field(message: Buffer, at: number): Buffer | undefined {
  if (message.length < at + 8) return undefined;
  const length = message.readUInt16LE(at);
  const offset = message.readUInt32LE(at + 4);
  if (offset + length > message.length) return undefined;
  return message.subarray(offset, offset + length);
}

/** Returns undefined when the bytes are not a well-formed CHALLENGE (type 2) message. */
export function decodeChallenge(message: Buffer): NtlmServerIdentity | undefined {
  if (
    message.length < 32 ||
    message.toString('latin1', 0, 8) !== 'NTLMSSP\0' ||
    message.readUInt32LE(8) !== 2
  )
    return undefined;
  const identity: NtlmServerIdentity = {};
  const targetName = field(message, 12);
  if (targetName && targetName.length > 0) identity.targetName = targetName.toString('utf16le');
  const flags = message.readUInt32LE(20);
  if (message.length >= 56 && (flags & FLAG_VERSION) !== 0) {
    const major = message.readUInt8(48);
    const minor = message.readUInt8(49);
    const build = message.readUInt16LE(50);
    if (major > 0) identity.version = { major, minor, build, name: windowsName(major, minor, build) };
  }
  const info = message.length >= 48 ? field(message, 40) : undefined;
  let at = 0;
  while (info && at + 4 <= info.length) {
    const id = info.readUInt16LE(at);
    const length = info.readUInt16LE(at + 2);
    if (id === 0 || at + 4 + length > info.length) break;
    const value = info.subarray(at + 4, at + 4 + length);
    const name = AV_FIELDS[id];
    if (name !== undefined && name !== 'version')
      (identity as Record<string, unknown>)[name] = value.toString('utf16le');
    if (id === 7 && length === 8) {
      // FILETIME: 100 ns ticks since 1601-01-01.
      const ms = Number(value.readBigUInt64LE(0) / 10000n) - 11644473600000;
      identity.serverTime = new Date(ms).toISOString();
    }
    at += 4 + length;
  }
  return identity;
}

/** Finds the challenge in `WWW-Authenticate: NTLM <base64>` or `Negotiate <base64>` headers. */
export function challengeFromHeaders(values: readonly string[]): Buffer | undefined {
  for (const value of values) {
    for (const part of value.split(',')) {
      const match = /^\s*(?:NTLM|Negotiate)\s+([A-Za-z0-9+/=]{20,})\s*$/i.exec(part);
      if (!match?.[1]) continue;
      const raw = Buffer.from(match[1], 'base64');
      // A Negotiate token may wrap NTLMSSP in SPNEGO: look for the signature inside.
      const start = raw.indexOf('NTLMSSP\0', 0, 'latin1');
      if (start >= 0) return raw.subarray(start);
    }
  }
  return undefined;
}
