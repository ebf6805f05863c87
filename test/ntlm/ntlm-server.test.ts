import { X509Certificate } from 'node:crypto';
import { tlsChannelBindingHash } from '../../src/ntlm/channel-binding';
import { authenticateMessage, negotiateMessage } from '../../src/ntlm/client';
import { buildAuthenticate, MIC_OFFSET, parseChallenge } from '../../src/ntlm/messages';
import { clientBlob, ntowfv2, ntProofStr } from '../../src/ntlm/ntlmv2';
import { NtlmServerSession } from '../fixtures/ntlm-server';
import { createPki } from '../fixtures/pki';
import { LAB } from '../fixtures/rpch-emulator';

/** The emulator's verifier refuses every client that skips a check Windows makes. */
describe('the emulator’s NTLMv2 verifier', () => {
  const pki = createPki();
  const served = new X509Certificate(pki.issueLeaf({}).certPem).raw;
  const other = new X509Certificate(pki.issueLeaf({}).certPem).raw;
  const session = (extendedProtection: boolean) =>
    new NtlmServerSession({
      names: LAB.ntlm,
      users: { [LAB.user]: LAB.password },
      ...(extendedProtection && { bindingCertificate: served }),
    });
  /** A full exchange with one session; `change` alters what the client sends. */
  const run = (
    server: NtlmServerSession,
    options: { password?: string; binding?: Buffer | 'none'; user?: string } = {},
    change: (message: Buffer) => Buffer = (m) => m,
  ) => {
    const negotiate = negotiateMessage();
    const challenge = server.answer(negotiate);
    if (!challenge) throw new Error('no challenge');
    const out = authenticateMessage({
      negotiate,
      challenge,
      credentials: { user: options.user ?? LAB.user, password: options.password ?? LAB.password },
      ...(options.binding !== 'none' && {
        channelBindings: options.binding ?? tlsChannelBindingHash(served),
      }),
      clientChallenge: Buffer.alloc(8, 1),
      exportedSessionKey: Buffer.alloc(16, 2),
      nowMs: Date.now(),
    });
    if (!out.ok) throw new Error(out.reason);
    return server.verify(change(out.message));
  };

  it('accepts the right password with MIC and binding, under Extended Protection too', () => {
    expect(run(session(false))).toEqual({ ok: true, account: LAB.user, channelBinding: true });
    expect(run(session(true))).toEqual({ ok: true, account: LAB.user, channelBinding: true });
    expect(run(session(false), { user: 'contoso\\PROBE' })).toMatchObject({ ok: true, account: LAB.user });
  });

  it('refuses a wrong password by its NTProofStr', () => {
    expect(run(session(false), { password: 'nope' })).toMatchObject({ ok: false, reason: /NTProofStr/ });
  });

  it('refuses a tampered or missing MIC', () => {
    const flip = (m: Buffer) => {
      const copy = Buffer.from(m);
      copy[MIC_OFFSET] = (copy[MIC_OFFSET] ?? 0) ^ 1;
      return copy;
    };
    expect(run(session(false), {}, flip)).toMatchObject({ ok: false, reason: 'bad MIC' });
  });

  it('refuses a correct NTLMv2 response that carries no MIC (an older client)', () => {
    const server = session(false);
    const negotiate = negotiateMessage();
    const challenge = parseChallenge(server.answer(negotiate) ?? Buffer.alloc(0));
    if (!challenge) throw new Error('no challenge');
    const ntowf = ntowfv2(LAB.password, 'probe', 'CONTOSO');
    const blob = clientBlob(Buffer.alloc(8), Buffer.alloc(8, 1), challenge.targetInfo);
    const message = buildAuthenticate({
      flags: challenge.flags,
      lmResponse: Buffer.alloc(24),
      ntResponse: Buffer.concat([ntProofStr(ntowf, challenge.serverChallenge, blob), blob]),
      domain: 'CONTOSO',
      user: 'probe',
      workstation: '',
      encryptedRandomSessionKey: Buffer.alloc(0),
    });
    expect(server.verify(message)).toEqual({ ok: false, account: LAB.user, reason: 'no MIC (MsvAvFlags)' });
  });

  it('under Extended Protection refuses a missing binding and one naming another certificate', () => {
    expect(run(session(true), { binding: 'none' })).toMatchObject({
      ok: false,
      reason: /no channel binding/,
    });
    expect(run(session(true), { binding: tlsChannelBindingHash(other) })).toMatchObject({
      ok: false,
      reason: /another certificate/,
    });
    // Without Extended Protection the binding is not checked.
    expect(run(session(false), { binding: 'none' })).toEqual({
      ok: true,
      account: LAB.user,
      channelBinding: false,
    });
  });

  it('refuses an AUTHENTICATE without a challenge, and garbage, without throwing', () => {
    expect(session(false).verify(Buffer.from('NTLMSSP\0'))).toMatchObject({ ok: false });
    const server = session(false);
    server.answer(negotiateMessage());
    expect(server.verify(Buffer.alloc(10))).toMatchObject({ ok: false });
  });
});
