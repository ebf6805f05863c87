import { signInLabel } from '../../../src/core/endpoint-table';
import { analyzeRpcPing, type SignInFacts } from '../../../src/probes/rpc-ping/analyze-rpc-ping';

const rejected = { ok: false, status: 401, detail: '401 Unauthorized' };
const detail = (signIn: SignInFacts) => analyzeRpcPing([], rejected, signIn)[0]?.detail ?? '';

describe('how the account signed in, in findings and the table footer', () => {
  it('labels each way of signing in', () => {
    expect(signInLabel({ scheme: 'Basic', channelBinding: false })).toBe('Basic');
    expect(signInLabel({ scheme: 'NTLM', channelBinding: true })).toBe('NTLMv2 with channel binding');
    expect(signInLabel({ scheme: 'Negotiate', channelBinding: true })).toBe(
      'NTLMv2 (Negotiate) with channel binding',
    );
    expect(signInLabel({ scheme: 'NTLM', channelBinding: false })).toBe('NTLMv2');
  });

  it('a 401 names the likely causes for the way the account signed in', () => {
    const ntlm = detail({ scheme: 'NTLM', channelBinding: true, upn: false });
    expect(ntlm).toMatch(/signing in with NTLMv2 with channel binding/);
    expect(ntlm).toMatch(/wrong or expired password/);
    expect(ntlm).toMatch(/the DOMAIN\\user form/);
    expect(ntlm).toMatch(/Extended Protection with TLS terminated in front of Exchange/);
    const basic = detail({ scheme: 'Basic', channelBinding: false, upn: true });
    expect(basic).toMatch(/user@domain form \(try DOMAIN\\user/);
    expect(basic).toMatch(/does not pass Basic through/);
    expect(basic).not.toMatch(/Extended Protection/);
  });

  it('the echo finding and its evidence say how the account signed in', () => {
    const [echoOk] = analyzeRpcPing(
      [],
      { ok: true, status: 200, detail: '200 Success' },
      {
        scheme: 'Negotiate',
        channelBinding: true,
        upn: false,
      },
    );
    expect(echoOk?.code).toBe('rpc.echo_ok');
    expect(echoOk?.detail).toContain('Signed in with NTLMv2 (Negotiate) with channel binding.');
    expect(echoOk?.evidence).toEqual({ signIn: { scheme: 'Negotiate', channelBinding: true } });
  });
});
