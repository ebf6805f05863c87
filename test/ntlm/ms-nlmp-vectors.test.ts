import { createHash, createHmac } from 'node:crypto';
import { authenticateMessage, negotiateMessage, splitAccount } from '../../src/ntlm/client';
import {
  AV,
  AV_FLAG_MIC,
  buildAuthenticate,
  MIC_OFFSET,
  parseAuthenticate,
  parseAvPairs,
  parseChallenge,
  parseNegotiate,
} from '../../src/ntlm/messages';
import { clientBlob, lmv2Response, ntowfv2, ntProofStr, sessionBaseKey } from '../../src/ntlm/ntlmv2';
import { rc4 } from '../../src/ntlm/rc4';

const hex = (text: string): Buffer => Buffer.from(text.replace(/\s+/g, ''), 'hex');

/**
 * MS-NLMP 4.2.1 common values and 4.2.4 (NTLMv2 authentication). The AUTHENTICATE message below matches,
 * byte for byte, the copies in two independent implementations' test suites (a Rust and a C++ NTLM library).
 */
const USER = 'User';
const DOMAIN = 'Domain';
const PASSWORD = 'Password';
const SERVER_CHALLENGE = hex('0123456789abcdef');
const CLIENT_CHALLENGE = hex('aaaaaaaaaaaaaaaa');
const RANDOM_SESSION_KEY = Buffer.alloc(16, 0x55);
const TIME = Buffer.alloc(8);
const CHALLENGE = hex(`
  4e544c4d53535000020000000c000c003800000033828ae20123456789abcdef00000000000000002400240044000000
  060070170000000f53006500720076006500720002000c0044006f006d00610069006e0001000c00530065007200760065
  00720000000000`);
const AUTHENTICATE = hex(`
  4e 54 4c 4d 53 53 50 00 03 00 00 00 18 00 18 00 6c 00 00 00 54 00 54 00 84 00 00 00 0c 00 0c 00
  48 00 00 00 08 00 08 00 54 00 00 00 10 00 10 00 5c 00 00 00 10 00 10 00 d8 00 00 00 35 82 88 e2
  05 01 28 0a 00 00 00 0f 44 00 6f 00 6d 00 61 00 69 00 6e 00 55 00 73 00 65 00 72 00 43 00 4f 00
  4d 00 50 00 55 00 54 00 45 00 52 00 86 c3 50 97 ac 9c ec 10 25 54 76 4a 57 cc cc 19 aa aa aa aa
  aa aa aa aa 68 cd 0a b8 51 e5 1c 96 aa bc 92 7b eb ef 6a 1c 01 01 00 00 00 00 00 00 00 00 00 00
  00 00 00 00 aa aa aa aa aa aa aa aa 00 00 00 00 02 00 0c 00 44 00 6f 00 6d 00 61 00 69 00 6e 00
  01 00 0c 00 53 00 65 00 72 00 76 00 65 00 72 00 00 00 00 00 00 00 00 00 c5 da d2 54 4f c9 79 90
  94 ce 1c e9 0b c9 d0 3e`);

describe('MS-NLMP 4.2.4: NTLMv2 authentication', () => {
  const ntowf = ntowfv2(PASSWORD, USER, DOMAIN);
  const challenge = parseChallenge(CHALLENGE);
  if (!challenge) throw new Error('the MS-NLMP challenge does not parse');
  const blob = clientBlob(TIME, CLIENT_CHALLENGE, challenge.targetInfo);
  const proof = ntProofStr(ntowf, SERVER_CHALLENGE, blob);
  const baseKey = sessionBaseKey(ntowf, proof);

  it('4.2.4.1.1 NTOWFv2', () => {
    expect(ntowf.toString('hex')).toBe('0c868a403bfd7a93a3001ef22ef02e3f');
  });

  it('4.2.4.3 the CHALLENGE: server challenge, flags and the target info', () => {
    expect(challenge.serverChallenge).toEqual(SERVER_CHALLENGE);
    expect(challenge.flags >>> 0).toBe(0xe28a8233);
    expect(challenge.targetName).toBe('Server');
    expect(challenge.avPairs.map((p) => [p.id, p.value.toString('utf16le')])).toEqual([
      [AV.NB_DOMAIN, 'Domain'],
      [AV.NB_COMPUTER, 'Server'],
    ]);
  });

  it('4.2.4.2.2 NTProofStr, 4.2.4.2.1 LMv2, 4.2.4.1.2 session base key, 4.2.4.2.3 encrypted session key', () => {
    expect(proof.toString('hex')).toBe('68cd0ab851e51c96aabc927bebef6a1c');
    expect(lmv2Response(ntowf, SERVER_CHALLENGE, CLIENT_CHALLENGE).toString('hex')).toBe(
      '86c35097ac9cec102554764a57cccc19aaaaaaaaaaaaaaaa',
    );
    expect(baseKey.toString('hex')).toBe('8de40ccadbc14a82f15cb0ad0de95ca3');
    expect(rc4(baseKey, RANDOM_SESSION_KEY).toString('hex')).toBe('c5dad2544fc9799094ce1ce90bc9d03e');
  });

  it('4.2.4.3 the AUTHENTICATE message, byte for byte', () => {
    const message = buildAuthenticate({
      flags: 0xe2888235,
      lmResponse: lmv2Response(ntowf, SERVER_CHALLENGE, CLIENT_CHALLENGE),
      ntResponse: Buffer.concat([proof, blob]),
      domain: DOMAIN,
      user: USER,
      workstation: 'COMPUTER',
      encryptedRandomSessionKey: rc4(baseKey, RANDOM_SESSION_KEY),
    });
    // The example's VERSION is Windows XP's (5.1.2600); ours is written the same way, then compared apart.
    expect(message.subarray(64, 72).toString('hex')).toBe('0a0000000000000f');
    message.write('0501280a0000000f', 64, 'hex');
    expect(message.toString('hex')).toBe(AUTHENTICATE.toString('hex'));
  });

  it('parses the example AUTHENTICATE back into its fields (no MIC: the payload starts at 72)', () => {
    const parsed = parseAuthenticate(AUTHENTICATE);
    expect(parsed).toMatchObject({ domain: DOMAIN, user: USER, workstation: 'COMPUTER', flags: 0xe2888235 });
    expect(parsed?.mic).toBeUndefined();
    expect(parsed?.ntResponse.subarray(0, 16)).toEqual(proof);
  });
});

describe('authenticateMessage: NTLMv2 with MIC and channel binding', () => {
  const bindings = createHash('md5').update('a channel').digest();
  const negotiate = negotiateMessage();
  const build = (challenge = CHALLENGE, user = 'Domain\\User') =>
    authenticateMessage({
      negotiate,
      challenge,
      credentials: { user, password: PASSWORD },
      channelBindings: bindings,
      spn: 'HTTP/mail.contoso.com',
      clientChallenge: CLIENT_CHALLENGE,
      exportedSessionKey: RANDOM_SESSION_KEY,
      nowMs: 0,
    });

  it('builds what a server can verify from the password alone', () => {
    const out = build();
    if (!out.ok) throw new Error(out.reason);
    const parsed = parseAuthenticate(out.message);
    if (!parsed?.mic) throw new Error('no MIC');
    expect(parsed).toMatchObject({ domain: 'Domain', user: 'User', workstation: '' });
    const blob = parsed.ntResponse.subarray(16);
    const ntowf = ntowfv2(PASSWORD, USER, DOMAIN);
    // NTProofStr and the key chain recomputed with Node's HMAC only, not the module's helpers.
    const hmac = (key: Buffer, ...parts: Buffer[]) =>
      parts.reduce((mac, part) => mac.update(part), createHmac('md5', key)).digest();
    const proof = hmac(ntowf, SERVER_CHALLENGE, blob);
    expect(parsed.ntResponse.subarray(0, 16)).toEqual(proof);
    const exported = rc4(hmac(ntowf, proof), parsed.encryptedRandomSessionKey);
    expect(exported).toEqual(RANDOM_SESSION_KEY);
    const zeroed = Buffer.from(out.message);
    zeroed.fill(0, MIC_OFFSET, MIC_OFFSET + 16);
    expect(parsed.mic).toEqual(hmac(exported, negotiate, CHALLENGE, zeroed));
    const pairs = parseAvPairs(blob.subarray(28)) ?? [];
    expect(pairs.find((p) => p.id === AV.FLAGS)?.value.readUInt32LE(0)).toBe(AV_FLAG_MIC);
    expect(pairs.find((p) => p.id === AV.CHANNEL_BINDINGS)?.value).toEqual(bindings);
    expect(pairs.find((p) => p.id === AV.TARGET_NAME)?.value.toString('utf16le')).toBe(
      'HTTP/mail.contoso.com',
    );
    // The server's own pairs are echoed first, unchanged.
    expect(pairs.slice(0, 2).map((p) => p.value.toString('utf16le'))).toEqual(['Domain', 'Server']);
  });

  it('negotiates only what both sides asked for, Unicode rather than OEM', () => {
    const out = build();
    if (!out.ok) throw new Error(out.reason);
    const flags = parseAuthenticate(out.message)?.flags ?? 0;
    expect(flags & 0x2).toBe(0);
    expect(flags & 0x1).toBe(1);
    expect(flags & 0x40000000).not.toBe(0);
    expect(parseNegotiate(negotiate)?.flags).toBeDefined();
  });

  it('a MIC that does not cover the exact CHALLENGE bytes fails to verify', () => {
    const out = build();
    if (!out.ok) throw new Error(out.reason);
    const mic = parseAuthenticate(out.message)?.mic;
    const tampered = Buffer.from(CHALLENGE);
    tampered[tampered.length - 1] = 1;
    const zeroed = Buffer.from(out.message).fill(0, MIC_OFFSET, MIC_OFFSET + 16);
    expect(
      createHmac('md5', RANDOM_SESSION_KEY).update(negotiate).update(tampered).update(zeroed).digest(),
    ).not.toEqual(mic);
  });

  it('sends Z(24) as the LM response when the server sent a timestamp (MS-NLMP 3.1.5.1.2)', () => {
    const stamp = Buffer.from('0700080000000000000000000000', 'hex');
    // The example challenge with a MsvAvTimestamp before EOL: target info grows by 12 bytes.
    const withTime = Buffer.concat([
      CHALLENGE.subarray(0, CHALLENGE.length - 4),
      stamp.subarray(0, 12),
      Buffer.alloc(4),
    ]);
    withTime.writeUInt16LE(0x24 + 12, 40);
    withTime.writeUInt16LE(0x24 + 12, 42);
    const out = build(withTime);
    if (!out.ok) throw new Error(out.reason);
    expect(parseAuthenticate(out.message)?.lmResponse).toEqual(Buffer.alloc(24));
  });

  it('refuses a malformed challenge with a reason instead of throwing', () => {
    expect(build(CHALLENGE.subarray(0, 40))).toEqual({
      ok: false,
      reason: expect.stringMatching(/malformed/),
    });
    const oem = Buffer.from(CHALLENGE);
    oem.writeUInt32LE(0xe28a8232, 20);
    expect(build(oem)).toEqual({ ok: false, reason: expect.stringMatching(/OEM/) });
  });

  it('splits DOMAIN\\user; a UPN stays whole with an empty domain', () => {
    expect(splitAccount('CONTOSO\\probe')).toEqual({ domain: 'CONTOSO', user: 'probe' });
    expect(splitAccount('probe@contoso.com')).toEqual({ domain: '', user: 'probe@contoso.com' });
  });
});
