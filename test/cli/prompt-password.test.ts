import { applyKeys } from '../../src/cli/prompt-password';

describe('typing a password at the prompt', () => {
  it.each<[string, string, ReturnType<typeof applyKeys>]>([
    ['plain text then Enter', 'Pa55 word\r', { password: 'Pa55 word', done: 'enter' }],
    [
      'backspace deletes a character, even a non-ASCII one',
      'abç\u007f\u007fd\n',
      { password: 'ad', done: 'enter' },
    ],
    [
      'arrow keys and other escapes are dropped',
      'a\u001b[Db\u001b[1;5Cc\u001bOAd\r',
      { password: 'abcd', done: 'enter' },
    ],
    ['control characters are dropped', 'a\u0001\u0007b\tc\r', { password: 'abc', done: 'enter' }],
    ['Ctrl-C cancels and forgets', 'secret\u0003', { password: '', done: 'cancel' }],
    ['Ctrl-D on an empty line cancels', '\u0004', { password: '', done: 'cancel' }],
    ['Ctrl-D after text finishes', 'pw\u0004', { password: 'pw', done: 'enter' }],
    ['no Enter yet', 'partial', { password: 'partial' }],
  ])('%s', (_, keys, expected) => {
    expect(applyKeys('', keys)).toEqual(expected);
  });

  it('continues across chunks', () => {
    const first = applyKeys('', 'pa');
    expect(applyKeys(first.password, 'ss\r')).toEqual({ password: 'pass', done: 'enter' });
  });
});
