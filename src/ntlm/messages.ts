/**
 * NTLM messages (MS-NLMP 2.2.1): NEGOTIATE, CHALLENGE and AUTHENTICATE, and the AV pairs of the target info.
 * Pure: bytes in, fields out, and back. Parsers return undefined for anything malformed, never throw.
 */

export const SIGNATURE = 'NTLMSSP\0';

/** The negotiate flags this client uses (MS-NLMP 2.2.2.5). */
export const FLAG = {
  UNICODE: 0x00000001,
  OEM: 0x00000002,
  REQUEST_TARGET: 0x00000004,
  SIGN: 0x00000010,
  NTLM: 0x00000200,
  ALWAYS_SIGN: 0x00008000,
  TARGET_TYPE_DOMAIN: 0x00010000,
  TARGET_TYPE_SERVER: 0x00020000,
  EXTENDED_SESSIONSECURITY: 0x00080000,
  TARGET_INFO: 0x00800000,
  VERSION: 0x02000000,
  NEGOTIATE_128: 0x20000000,
  KEY_EXCH: 0x40000000,
  NEGOTIATE_56: 0x80000000,
} as const;

/** AV pair ids (MS-NLMP 2.2.2.1). */
export const AV = {
  EOL: 0,
  NB_COMPUTER: 1,
  NB_DOMAIN: 2,
  DNS_COMPUTER: 3,
  DNS_DOMAIN: 4,
  DNS_TREE: 5,
  FLAGS: 6,
  TIMESTAMP: 7,
  TARGET_NAME: 9,
  CHANNEL_BINDINGS: 10,
} as const;

/** MsvAvFlags bit: the AUTHENTICATE message carries a MIC. */
export const AV_FLAG_MIC = 0x00000002;

export interface AvPair {
  id: number;
  value: Buffer;
}

/** The AV pairs up to MsvAvEOL; undefined when a length runs past the buffer or EOL is missing. */
export function parseAvPairs(info: Buffer): AvPair[] | undefined {
  const pairs: AvPair[] = [];
  for (let at = 0; at + 4 <= info.length;) {
    const id = info.readUInt16LE(at);
    const length = info.readUInt16LE(at + 2);
    if (at + 4 + length > info.length) return undefined;
    if (id === AV.EOL) return pairs;
    pairs.push({ id, value: Buffer.from(info.subarray(at + 4, at + 4 + length)) });
    at += 4 + length;
  }
  return undefined;
}

/** The pairs followed by MsvAvEOL. */
export function encodeAvPairs(pairs: readonly AvPair[]): Buffer {
  return Buffer.concat([
    ...pairs.map((pair) => {
      const header = Buffer.alloc(4);
      header.writeUInt16LE(pair.id, 0);
      header.writeUInt16LE(pair.value.length, 2);
      return Buffer.concat([header, pair.value]);
    }),
    Buffer.alloc(4),
  ]);
}

function isMessage(message: Buffer, type: number, minLength: number): boolean {
  return (
    message.length >= minLength &&
    message.toString('latin1', 0, 8) === SIGNATURE &&
    message.readUInt32LE(8) === type
  );
}

/** A (length, max length, offset) field; undefined when it points outside the message. */
function field(message: Buffer, at: number): Buffer | undefined {
  const length = message.readUInt16LE(at);
  const offset = message.readUInt32LE(at + 4);
  if (length > 0 && (offset < 8 || offset + length > message.length)) return undefined;
  return message.subarray(offset, offset + length);
}

/** Our VERSION: Windows 10.0 build 0 with NTLMSSP_REVISION_W2K3, informational only (MS-NLMP 2.2.2.10). */
const VERSION = Buffer.from([10, 0, 0, 0, 0, 0, 0, 0x0f]);

/** A NEGOTIATE_MESSAGE naming neither domain nor workstation (MS-NLMP 2.2.1.1). */
export function buildNegotiate(flags: number): Buffer {
  const message = Buffer.alloc(40);
  message.write(SIGNATURE, 0, 'latin1');
  message.writeUInt32LE(1, 8);
  message.writeUInt32LE(flags >>> 0, 12);
  // Empty domain and workstation fields point at the end of the fixed part.
  message.writeUInt32LE(40, 20);
  message.writeUInt32LE(40, 28);
  VERSION.copy(message, 32);
  return message;
}

export function parseNegotiate(message: Buffer): { flags: number } | undefined {
  return isMessage(message, 1, 16) ? { flags: message.readUInt32LE(12) } : undefined;
}

export interface ChallengeMessage {
  flags: number;
  serverChallenge: Buffer;
  targetName: string;
  /** The raw target info, echoed into the client blob. */
  targetInfo: Buffer;
  avPairs: AvPair[];
}

export function parseChallenge(message: Buffer): ChallengeMessage | undefined {
  if (!isMessage(message, 2, 32)) return undefined;
  const targetName = field(message, 12);
  const flags = message.readUInt32LE(20);
  const targetInfo = message.length >= 48 ? field(message, 40) : Buffer.alloc(0);
  if (targetName === undefined || targetInfo === undefined) return undefined;
  const avPairs = targetInfo.length === 0 ? [] : parseAvPairs(targetInfo);
  if (avPairs === undefined) return undefined;
  return {
    flags,
    serverChallenge: Buffer.from(message.subarray(24, 32)),
    targetName: targetName.toString((flags & FLAG.UNICODE) !== 0 ? 'utf16le' : 'latin1'),
    targetInfo: Buffer.from(targetInfo),
    avPairs,
  };
}

export interface AuthenticateFields {
  flags: number;
  lmResponse: Buffer;
  ntResponse: Buffer;
  domain: string;
  user: string;
  workstation: string;
  encryptedRandomSessionKey: Buffer;
  /** 16 bytes, or zeros while the MIC is being computed; absent for a message without a MIC field. */
  mic?: Buffer;
}

/** Where the MIC sits in an AUTHENTICATE message that has one: after the 64-byte header and the VERSION. */
export const MIC_OFFSET = 72;

/**
 * An AUTHENTICATE_MESSAGE (MS-NLMP 2.2.1.3) with the payload in Windows' order: domain, user, workstation,
 * LM response, NT response, session key. Strings are UTF-16LE (only NTLMSSP_NEGOTIATE_UNICODE is spoken).
 */
export function buildAuthenticate(fields: AuthenticateFields): Buffer {
  const payload = [
    Buffer.from(fields.domain, 'utf16le'),
    Buffer.from(fields.user, 'utf16le'),
    Buffer.from(fields.workstation, 'utf16le'),
    fields.lmResponse,
    fields.ntResponse,
    fields.encryptedRandomSessionKey,
  ];
  const headerLength = fields.mic === undefined ? MIC_OFFSET : MIC_OFFSET + 16;
  const header = Buffer.alloc(headerLength);
  header.write(SIGNATURE, 0, 'latin1');
  header.writeUInt32LE(3, 8);
  // The descriptor of each payload part: domain 28, user 36, workstation 44, LM 12, NT 20, session key 52.
  const at = [28, 36, 44, 12, 20, 52];
  let offset = headerLength;
  payload.forEach((bytes, i) => {
    const slot = at[i] ?? 0;
    header.writeUInt16LE(bytes.length, slot);
    header.writeUInt16LE(bytes.length, slot + 2);
    header.writeUInt32LE(offset, slot + 4);
    offset += bytes.length;
  });
  header.writeUInt32LE(fields.flags >>> 0, 60);
  VERSION.copy(header, 64);
  fields.mic?.copy(header, MIC_OFFSET);
  return Buffer.concat([header, ...payload]);
}

export interface AuthenticateMessage extends Omit<AuthenticateFields, 'mic'> {
  /** The 16 bytes at the MIC's place when the payload starts after it; whether it is one, the NT blob's flags say. */
  mic?: Buffer;
}

export function parseAuthenticate(message: Buffer): AuthenticateMessage | undefined {
  if (!isMessage(message, 3, 64)) return undefined;
  const [lmResponse, ntResponse, domain, user, workstation, key] = [12, 20, 28, 36, 44, 52].map((at) =>
    field(message, at),
  );
  if (!lmResponse || !ntResponse || !domain || !user || !workstation || !key) return undefined;
  const offsets = [12, 20, 28, 36, 44, 52]
    .filter((at) => message.readUInt16LE(at) > 0)
    .map((at) => message.readUInt32LE(at + 4));
  const payloadStart = Math.min(message.length, ...offsets);
  return {
    flags: message.readUInt32LE(60),
    lmResponse,
    ntResponse,
    domain: domain.toString('utf16le'),
    user: user.toString('utf16le'),
    workstation: workstation.toString('utf16le'),
    encryptedRandomSessionKey: key,
    ...(payloadStart >= MIC_OFFSET + 16 && {
      mic: Buffer.from(message.subarray(MIC_OFFSET, MIC_OFFSET + 16)),
    }),
  };
}
