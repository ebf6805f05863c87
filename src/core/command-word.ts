/**
 * The first-word rule the CLI and the Slack command share (pure). A word names a host when it has a dot, a
 * colon (a port, IPv6, a URL's scheme) or a slash; a single label (`expain`, `frobnicate`, `exch01`) is taken as
 * a command, so a typo says so instead of running a DNS check. A single-label intranet name, which spec §1
 * allows, is checked with the command spelled out: `check exch01`.
 */
export const looksLikeHost = (word: string): boolean => /[.:/]/.test(word);

/** Levenshtein distance stopping past `max`: the CLI loads it only on a mistake, so it is passed in. */
export type EditDistance = (a: string, b: string, max: number) => number;

/** The names within two typing mistakes of `word` (case ignored), closest first. */
export function namesNear(word: string, names: readonly string[], distance: EditDistance): string[] {
  return names
    .map((name) => ({ name, distance: distance(word.toLowerCase(), name, 2) }))
    .filter((n) => n.distance <= 2)
    .sort((a, b) => a.distance - b.distance)
    .map((n) => n.name);
}
