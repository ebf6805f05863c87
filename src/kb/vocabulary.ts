import { editDistance } from './edit-distance';

/** Words shorter than this are too easily another word ("cert"/"cart"): only longer ones are corrected. */
const MIN_LENGTH = 5;
const MAX_LENGTH = 30;
/** Distinct unknown words corrected per question: bounds the work on a pasted page of text. */
const MAX_CORRECTIONS = 64;

/**
 * The knowledge base's own words, for correcting typos before matching ("certifcate expierd" → "certificate
 * expired"). A word is replaced only when it is unknown, at least five letters long, and one known word sharing
 * its first letter is within one edit (two from seven letters), the most frequent winning a tie: typos rarely
 * hit the first letter, and unrelated chatter ("lunch", "printer") stays unknown and off topic.
 */
export class Vocabulary {
  private readonly counts = new Map<string, number>();
  /** First letter + length → words, so a lookup compares a few dozen words, not thousands. */
  private readonly buckets = new Map<string, string[]>();

  constructor(texts: readonly string[]) {
    for (const text of texts)
      for (const word of text.toLowerCase().match(/[a-z]+/g) ?? [])
        this.counts.set(word, (this.counts.get(word) ?? 0) + 1);
    for (const word of this.counts.keys()) {
      if (word.length < MIN_LENGTH - 1 || word.length > MAX_LENGTH + 2) continue;
      const key = `${word[0]}${word.length}`;
      const bucket = this.buckets.get(key) ?? [];
      bucket.push(word);
      this.buckets.set(key, bucket);
    }
  }

  private closest(word: string): string | undefined {
    const max = word.length >= 7 ? 2 : 1;
    let best: string | undefined;
    let bestDistance = max + 1;
    for (let length = word.length - max; length <= word.length + max; length++)
      for (const candidate of this.buckets.get(`${word[0]}${length}`) ?? []) {
        const distance = editDistance(word, candidate, max);
        const better =
          distance < bestDistance ||
          (distance === bestDistance &&
            best !== undefined &&
            (this.counts.get(candidate) ?? 0) > (this.counts.get(best) ?? 0));
        if (better && distance <= max) {
          best = candidate;
          bestDistance = distance;
        }
      }
    return best;
  }

  /** The text with its unknown words corrected; one pass over the text, each distinct word looked up once. */
  correct(text: string): string {
    const seen = new Map<string, string>();
    return text.replace(/[a-z]+/gi, (original) => {
      const word = original.toLowerCase();
      if (word.length < MIN_LENGTH || word.length > MAX_LENGTH || this.counts.has(word)) return original;
      const known = seen.get(word);
      if (known !== undefined) return known;
      if (seen.size >= MAX_CORRECTIONS) return original;
      const corrected = this.closest(word) ?? original;
      seen.set(word, corrected);
      return corrected;
    });
  }
}
