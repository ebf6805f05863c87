/**
 * Trims by a loop over the ends. `/[…]+$/` retries from every start in a long run of the characters (a message
 * of 40,000 commas takes seconds, spec §11); these look at each end character once.
 */

/** `text` without the characters of `set` at its end. */
export function trimEndOf(text: string, set: string): string {
  let end = text.length;
  while (end > 0 && set.includes(text[end - 1] ?? '')) end--;
  return text.slice(0, end);
}

/** `text` without the characters of `set` at its start. */
export function trimStartOf(text: string, set: string): string {
  let start = 0;
  while (start < text.length && set.includes(text[start] ?? '')) start++;
  return text.slice(start);
}
