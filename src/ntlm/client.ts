import { rc4 } from './rc4';
import {
  AV,
  AV_FLAG_MIC,
  type AvPair,
  buildAuthenticate,
  buildNegotiate,
  encodeAvPairs,
  FLAG,
  MIC_OFFSET,
  parseChallenge,
} from './messages';
import {
  clientBlob,
  fileTime,
  lmv2Response,
  messageIntegrityCode,
  ntowfv2,
  ntProofStr,
  sessionBaseKey,
} from './ntlmv2';

/** What this client asks for: Unicode NTLMv2 with extended session security, key exchange and a version. */
export const CLIENT_FLAGS =
  FLAG.UNICODE |
  FLAG.OEM |
  FLAG.REQUEST_TARGET |
  FLAG.NTLM |
  FLAG.ALWAYS_SIGN |
  FLAG.EXTENDED_SESSIONSECURITY |
  FLAG.TARGET_INFO |
  FLAG.VERSION |
  FLAG.NEGOTIATE_128 |
  FLAG.KEY_EXCH |
  FLAG.NEGOTIATE_56;

export function negotiateMessage(): Buffer {
  return buildNegotiate(CLIENT_FLAGS);
}

/**
 * `DOMAIN\user` splits at the backslash; `user@domain` stays whole with an empty domain, as Windows sends a
 * UPN (the domain controller resolves it).
 */
export function splitAccount(account: string): { domain: string; user: string } {
  const slash = account.indexOf('\\');
  return slash < 0
    ? { domain: '', user: account }
    : { domain: account.slice(0, slash), user: account.slice(slash + 1) };
}

export interface AuthenticateInput {
  /** The NEGOTIATE and CHALLENGE exactly as sent and received: the MIC covers their bytes. */
  negotiate: Buffer;
  challenge: Buffer;
  credentials: { user: string; password: string };
  /** MsvAvChannelBindings (16 bytes, see channel-binding.ts); absent sends the all-zero "no binding" value. */
  channelBindings?: Buffer;
  /** MsvAvTargetName, the SPN the client means (`HTTP/host`). */
  spn?: string;
  /** 8 random bytes, and 16 for the exported session key; injected so tests can fix them. */
  clientChallenge: Buffer;
  exportedSessionKey: Buffer;
  nowMs: number;
}

export type AuthenticateOutput = { ok: true; message: Buffer } | { ok: false; reason: string };

/** The AV pairs the client echoes: the server's, with MIC-present flags, the channel binding and the SPN. */
function clientAvPairs(server: readonly AvPair[], input: AuthenticateInput): AvPair[] {
  const own: readonly number[] = [AV.FLAGS, AV.CHANNEL_BINDINGS, AV.TARGET_NAME];
  const flags = Buffer.alloc(4);
  const serverFlags = server.find((pair) => pair.id === AV.FLAGS)?.value;
  flags.writeUInt32LE(((serverFlags?.length === 4 ? serverFlags.readUInt32LE(0) : 0) | AV_FLAG_MIC) >>> 0);
  return [
    ...server.filter((pair) => !own.includes(pair.id)),
    { id: AV.FLAGS, value: flags },
    { id: AV.CHANNEL_BINDINGS, value: input.channelBindings ?? Buffer.alloc(16) },
    ...(input.spn !== undefined ? [{ id: AV.TARGET_NAME, value: Buffer.from(input.spn, 'utf16le') }] : []),
  ];
}

/**
 * The AUTHENTICATE message for a CHALLENGE (MS-NLMP 3.1.5.1.2 with NTLMv2, 3.3.2): the NT response over the
 * server's target info plus our AV pairs, key exchange when the server agreed to it, and the MIC. Pure.
 */
export function authenticateMessage(input: AuthenticateInput): AuthenticateOutput {
  const challenge = parseChallenge(input.challenge);
  if (!challenge) return { ok: false, reason: 'the NTLM challenge is malformed' };
  if ((challenge.flags & FLAG.UNICODE) === 0)
    return { ok: false, reason: 'the server offers only OEM-charset NTLM, which rpccheck does not speak' };
  const flags = (challenge.flags & CLIENT_FLAGS & ~FLAG.OEM) >>> 0;
  const { domain, user } = splitAccount(input.credentials.user);
  const ntowf = ntowfv2(input.credentials.password, user, domain);
  const serverTime = challenge.avPairs.find((pair) => pair.id === AV.TIMESTAMP)?.value;
  const time = serverTime?.length === 8 ? serverTime : fileTime(input.nowMs);
  const blob = clientBlob(
    time,
    input.clientChallenge,
    encodeAvPairs(clientAvPairs(challenge.avPairs, input)),
  );
  const proof = ntProofStr(ntowf, challenge.serverChallenge, blob);
  const baseKey = sessionBaseKey(ntowf, proof);
  const keyExchange = (flags & FLAG.KEY_EXCH) !== 0;
  const exportedSessionKey = keyExchange ? input.exportedSessionKey : baseKey;
  const fields = {
    flags,
    // With a server timestamp the client sends Z(24) for LM (MS-NLMP 3.1.5.1.2): an LMv2 response would let the
    // MIC-less path be replayed.
    lmResponse:
      serverTime !== undefined
        ? Buffer.alloc(24)
        : lmv2Response(ntowf, challenge.serverChallenge, input.clientChallenge),
    ntResponse: Buffer.concat([proof, blob]),
    domain,
    user,
    workstation: '',
    encryptedRandomSessionKey: keyExchange ? rc4(baseKey, exportedSessionKey) : Buffer.alloc(0),
  };
  const unsigned = buildAuthenticate({ ...fields, mic: Buffer.alloc(16) });
  const mic = messageIntegrityCode(exportedSessionKey, input.negotiate, input.challenge, unsigned);
  mic.copy(unsigned, MIC_OFFSET);
  return { ok: true, message: unsigned };
}
