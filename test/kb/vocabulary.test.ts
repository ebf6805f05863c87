import { Vocabulary } from '../../src/kb/vocabulary';

const vocabulary = new Vocabulary([
  'The certificate expired; Outlook cannot connect. Users are prompted for the password again.',
  'Certificate warning on the proxy. Endless prompts for remote users.',
]);

describe('correcting typos against the knowledge base words', () => {
  it.each([
    ['teh certifcate expierd yesterday', 'teh certificate expired yesterday'],
    ['outlok wont conect', 'outlook wont connect'],
    ['endles pasword promts', 'endless password prompts'],
    ['Certifcate', 'certificate'],
  ])('%s → %s', (typed, corrected) => {
    expect(vocabulary.correct(typed)).toBe(corrected);
  });

  it('leaves known, short, first-letter-changed and unrelated words alone', () => {
    for (const text of ['what is for lunch', 'thanks!', 'my printer is jammed', 'ertificate', 'cert', 'prxy'])
      expect(vocabulary.correct(text)).toBe(text);
  });

  it('corrects a repeated word once and stops after a bounded number of distinct words', () => {
    const many = Array.from(
      { length: 200 },
      (_, i) => `certifcat${String.fromCharCode(97 + (i % 26))}${i}`,
    ).join(' ');
    expect(() => vocabulary.correct(many)).not.toThrow();
    expect(
      vocabulary
        .correct('outlok '.repeat(1000))
        .trim()
        .split(' ')
        .every((w) => w === 'outlook'),
    ).toBe(true);
  });
});
