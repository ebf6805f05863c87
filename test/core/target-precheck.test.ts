import { refusalWithoutDns } from '../../src/core/target-precheck';
import { parseChatTarget } from '../../src/core/target';
import { createTargetPolicy } from '../../src/core/target-policy';

const policy = createTargetPolicy({});
const refusal = (text: string): string | undefined => {
  const parsed = parseChatTarget(text);
  if (!parsed.ok) throw new Error(parsed.reason);
  return refusalWithoutDns(parsed.target, policy);
};

describe('the target policy before any DNS (the ack of /rpccheck, Re-run, Details)', () => {
  it('refuses what is known without DNS: literals, localhost, a via address, the port', () => {
    expect(refusal('127.0.0.1')).toMatch(/^127\.0\.0\.1 is a loopback address/);
    expect(refusal('[::1]')).toMatch(/loopback/);
    expect(refusal('localhost')).toMatch(/loopback/);
    expect(refusal('mail.contoso.com via 169.254.169.254')).toMatch(
      /given with via\) is a link-local address/,
    );
    expect(refusal('mail.contoso.com:22')).toMatch(/^port 22 is not allowed/);
  });

  it('leaves names to the check, and judges only the via address when one is given, as the check does', () => {
    expect(refusal('mail.contoso.com')).toBeUndefined();
    expect(refusal('mail.contoso.com via 10.0.0.5')).toBeUndefined();
    // The check connects to 10.0.0.5 only: the name (or literal) in front of via is what it asks for, not where.
    expect(refusal('localhost via 10.0.0.5')).toBeUndefined();
    expect(refusal('127.0.0.1 via 10.0.0.5')).toBeUndefined();
  });
});
