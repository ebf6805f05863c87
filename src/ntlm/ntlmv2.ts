import { createHmac } from 'node:crypto';
import { md4 } from './md4';

/** NTLMv2 computations (MS-NLMP 3.3.2). Pure; randomness and time come in as arguments. */

const hmacMd5 = (key: Buffer, ...data: Buffer[]): Buffer => {
  const mac = createHmac('md5', key);
  for (const part of data) mac.update(part);
  return mac.digest();
};

/** NTOWFv2: HMAC-MD5 keyed with the NT hash over UTF-16LE(Uppercase(user) + domain). */
export function ntowfv2(password: string, user: string, domain: string): Buffer {
  return hmacMd5(md4(Buffer.from(password, 'utf16le')), Buffer.from(user.toUpperCase() + domain, 'utf16le'));
}

/**
 * The client blob that follows the NTProofStr in the NT response (MS-NLMP 2.2.2.7, "temp" in 3.3.2):
 * version 1.1, six reserved bytes, the time, the client challenge, four reserved bytes, the AV pairs (ending
 * with MsvAvEOL) and four more zero bytes.
 */
export function clientBlob(time: Buffer, clientChallenge: Buffer, avPairs: Buffer): Buffer {
  return Buffer.concat([
    Buffer.from([1, 1, 0, 0, 0, 0, 0, 0]),
    time,
    clientChallenge,
    Buffer.alloc(4),
    avPairs,
    Buffer.alloc(4),
  ]);
}

export function ntProofStr(ntowf: Buffer, serverChallenge: Buffer, blob: Buffer): Buffer {
  return hmacMd5(ntowf, serverChallenge, blob);
}

/** LMv2: HMAC-MD5 over both challenges, then the client challenge. */
export function lmv2Response(ntowf: Buffer, serverChallenge: Buffer, clientChallenge: Buffer): Buffer {
  return Buffer.concat([hmacMd5(ntowf, serverChallenge, clientChallenge), clientChallenge]);
}

/** SessionBaseKey, which is also NTLMv2's KeyExchangeKey. */
export function sessionBaseKey(ntowf: Buffer, proof: Buffer): Buffer {
  return hmacMd5(ntowf, proof);
}

/** The MIC: HMAC-MD5 keyed with the exported session key over the three messages, the MIC field zeroed. */
export function messageIntegrityCode(
  exportedSessionKey: Buffer,
  negotiate: Buffer,
  challenge: Buffer,
  authenticateWithZeroMic: Buffer,
): Buffer {
  return hmacMd5(exportedSessionKey, negotiate, challenge, authenticateWithZeroMic);
}

/** FILETIME (100 ns ticks since 1601) as 8 little-endian bytes. */
export function fileTime(ms: number): Buffer {
  const time = Buffer.alloc(8);
  time.writeBigUInt64LE((BigInt(Math.max(0, Math.floor(ms))) + 11644473600000n) * 10000n);
  return time;
}
