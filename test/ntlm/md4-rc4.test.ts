import { md4 } from '../../src/ntlm/md4';
import { rc4 } from '../../src/ntlm/rc4';

describe('md4', () => {
  // RFC 1320 appendix A.5.
  it.each([
    ['', '31d6cfe0d16ae931b73c59d7e0c089c0'],
    ['a', 'bde52cb31de33e46245e05fbdbd6fb24'],
    ['abc', 'a448017aaf21d8525fc10ae87aa6729d'],
    ['message digest', 'd9130a8164549fe818874806e1c7014b'],
    ['abcdefghijklmnopqrstuvwxyz', 'd79e1c308aa5bbcdeea8ed63df412da9'],
    ['ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789', '043f8582f241db351ce627e153e7f0e4'],
    [
      '12345678901234567890123456789012345678901234567890123456789012345678901234567890',
      'e33b4ddc9c38f2199c3e7b164fcc0536',
    ],
  ])('MD4(%j) is the RFC 1320 value', (input, digest) => {
    expect(md4(Buffer.from(input, 'latin1')).toString('hex')).toBe(digest);
  });

  it('gives the NT hash of MS-NLMP 4.2.2.1.2 (NTOWFv1 of "Password")', () => {
    expect(md4(Buffer.from('Password', 'utf16le')).toString('hex')).toBe('a4f49c406510bdcab6824ee7c30fd852');
  });
});

describe('rc4', () => {
  it.each([
    ['Key', 'Plaintext', 'bbf316e8d940af0ad3'],
    ['Wiki', 'pedia', '1021bf0420'],
    ['Secret', 'Attack at dawn', '45a01f645fc35b383552544b9bf5'],
  ])('RC4(%j, %j) is the known ciphertext', (key, text, cipher) => {
    expect(rc4(Buffer.from(key), Buffer.from(text)).toString('hex')).toBe(cipher);
  });

  it('RFC 6229: the first keystream bytes for the 40-bit key 0102030405', () => {
    expect(rc4(Buffer.from('0102030405', 'hex'), Buffer.alloc(16)).toString('hex')).toBe(
      'b2396305f03dc027ccc3524a0a1118a8',
    );
  });

  it('decrypts what it encrypts', () => {
    const key = Buffer.from('8de40ccadbc14a82f15cb0ad0de95ca3', 'hex');
    const data = Buffer.alloc(16, 0x55);
    expect(rc4(key, rc4(key, data))).toEqual(data);
  });
});
