import { trustAnchors } from '../../src/probes/certificate/trust-store';
import { warmUp } from '../../src/probes/warm-up';
import { createPki } from '../fixtures/pki';

describe('warmUp', () => {
  it('prepares the trust anchors with the extra CAs, sending nothing beyond loopback', async () => {
    const pki = createPki();
    await expect(warmUp([pki.root.certPem])).resolves.toBeUndefined();
    const anchors = trustAnchors([pki.root.certPem]);
    expect(anchors.some((anchor) => anchor.fingerprintSha256 === pki.root.fingerprint256)).toBe(true);
    // The same content gives the same parsed set: parsed once, not once per check.
    expect(trustAnchors([pki.root.certPem])).toBe(anchors);
  });
});
