import { createHash, generateKeyPairSync, X509Certificate } from 'node:crypto';
import forge from 'node-forge';
import {
  endPointHash,
  gssChannelBindingsStruct,
  tlsChannelBindingHash,
} from '../../src/ntlm/channel-binding';
import { expectedBinding } from '../fixtures/ntlm-server';
import { createPki } from '../fixtures/pki';

/** A self-signed certificate signed with SHA-384 or SHA-512, which the PKI factory does not make. */
function certificateSignedWith(hash: 'sha384' | 'sha512'): Buffer {
  const { privateKey, publicKey } = generateKeyPairSync('rsa', { modulusLength: 1024 });
  const cert = forge.pki.createCertificate();
  cert.publicKey = forge.pki.publicKeyFromPem(publicKey.export({ type: 'spki', format: 'pem' }).toString());
  cert.serialNumber = '01';
  cert.validity.notBefore = new Date(Date.now() - 86400000);
  cert.validity.notAfter = new Date(Date.now() + 86400000);
  cert.setSubject([{ name: 'commonName', value: 'mail.contoso.com' }]);
  cert.setIssuer([{ name: 'commonName', value: 'mail.contoso.com' }]);
  cert.sign(
    forge.pki.privateKeyFromPem(privateKey.export({ type: 'pkcs1', format: 'pem' }).toString()),
    hash === 'sha384' ? forge.md.sha384.create() : forge.md.sha512.create(),
  );
  return Buffer.from(forge.asn1.toDer(forge.pki.certificateToAsn1(cert)).getBytes(), 'binary');
}

describe('the TLS channel binding token (RFC 5929 tls-server-end-point, RFC 2744 struct)', () => {
  const pki = createPki();
  const der = (hash: 'sha256' | 'sha1' | 'md5') => new X509Certificate(pki.issueLeaf({ hash }).certPem).raw;

  it('lays the struct out as four empty address fields, the length, then the data', () => {
    expect(gssChannelBindingsStruct(Buffer.from('abc')).toString('hex')).toBe(
      `${'00'.repeat(16)}03000000616263`,
    );
  });

  it('matches the emulator’s own computation for a SHA-256-signed certificate', () => {
    const cert = der('sha256');
    expect(tlsChannelBindingHash(cert)).toEqual(expectedBinding(cert));
    expect(tlsChannelBindingHash(cert)).not.toEqual(tlsChannelBindingHash(der('sha256')));
  });

  it('hashes MD5- and SHA-1-signed certificates with SHA-256, as RFC 5929 4.1 says', () => {
    expect(endPointHash(der('sha1'))).toBe('sha256');
    expect(endPointHash(der('md5'))).toBe('sha256');
    expect(tlsChannelBindingHash(der('sha1'))).toHaveLength(16);
  });

  it.each(['sha384', 'sha512'] as const)('hashes a %s-signed certificate with its own hash', (hash) => {
    const cert = certificateSignedWith(hash);
    expect(endPointHash(cert)).toBe(hash);
    const data = Buffer.concat([
      Buffer.from('tls-server-end-point:'),
      createHash(hash).update(cert).digest(),
    ]);
    expect(tlsChannelBindingHash(cert)).toEqual(
      createHash('md5').update(gssChannelBindingsStruct(data)).digest(),
    );
  });
});
