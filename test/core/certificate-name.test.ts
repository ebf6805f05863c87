import { plainName } from '../../src/core/certificate-name';

describe('certificate names as the certificate has them', () => {
  it('drops the RFC 4514 escapes Node writes, and only those', () => {
    expect(plainName('CN=Contoso\\, Ltd CA, O=Contoso')).toBe('CN=Contoso, Ltd CA, O=Contoso');
    expect(plainName('CN=\\<evil\\>\\;x\\=1\\+2\\#\\"q\\"\\\\')).toBe('CN=<evil>;x=1+2#"q"\\');
    // A backslash before anything else is part of the name (CONTOSO\EX01 stays whole).
    expect(plainName('CN=CONTOSO\\EX01')).toBe('CN=CONTOSO\\EX01');
  });
});
