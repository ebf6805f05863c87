import { plural } from '../../src/core/plural';

describe('plural', () => {
  it.each([
    [0, 'finding', undefined, '0 findings'],
    [1, 'finding', undefined, '1 finding'],
    [2, 'finding', undefined, '2 findings'],
    [1200, 'watched host', undefined, '1,200 watched hosts'],
    [1, 'entry', 'entries', '1 entry'],
    [3, 'entry', 'entries', '3 entries'],
    [89, 'more day', 'more days', '89 more days'],
    [1, 'more day', 'more days', '1 more day'],
  ])('%d %s', (count, noun, nouns, expected) => {
    expect(plural(count, noun, nouns)).toBe(expected);
  });
});
