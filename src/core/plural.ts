/**
 * `1 finding`, `2 findings`, `1,200 watched hosts`: a count and its noun, in every adapter's wording. The plural
 * is the noun plus `s` unless given (`plural(n, 'entry', 'entries')`).
 */
export function plural(count: number, noun: string, nouns = `${noun}s`): string {
  return `${count.toLocaleString('en-US')} ${count === 1 ? noun : nouns}`;
}
