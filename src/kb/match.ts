import MiniSearch, { type Options } from 'minisearch';
import { FINDINGS } from '../findings/catalog';
import { editDistance } from './edit-distance';
import { type IndexSnapshot, indexHasTerm, loadIndex, snapshotIndex } from './index-snapshot';
import { Vocabulary } from './vocabulary';
import type { Entry, SynonymGroup } from './schema';
import { errorCodeForms, expandSynonyms, MAX_WORD_LENGTH, processTerm, synonymTable, tokenize } from './text';

export interface KbMatch {
  id: string;
  title: string;
  score: number;
}

/**
 * Ranking = MiniSearch's BM25 over title, symptoms, keywords and cause (stemmed, with synonyms and typo
 * tolerance) + a bonus per exact token the entry contains (403.2, 0x6ba, 6004, cert.expired): a pasted code
 * names its topic more surely than any wording. Below the floor a result is a guess and is dropped; text
 * without a single on-topic word or exact token matches nothing. Both calibrated on bench/kb-eval.
 */
export const SCORE_FLOOR = 70;
const EXACT_BONUS = 150;
/** A Windows error code (0x80090322, however written) is one exact fact, not a shared port or word: it counts twice. */
const CODE_BONUS = 2 * EXACT_BONUS;
const FINDING_CODE = /\b[a-z0-9]+\.[a-z]+(?:_[a-z]+)*\b/g;

interface IndexedEntry {
  id: string;
  title: string;
  symptoms: string;
  keywords: string;
  cause: string;
}

/**
 * Tokens worth matching exactly: they carry a digit, or they are dotted or underscored codes; and each Windows
 * error code in one form (`0x80090322`), whichever form was written (`-2146893022`, `80090322`).
 */
function exactTokens(text: string): Set<string> {
  const out = new Set<string>();
  for (const token of tokenize(text.toLowerCase()))
    if (token.length >= 3 && (/\d/.test(token) || /[a-z][._][a-z]/.test(token))) out.add(token);
  for (const form of errorCodeForms(text)) out.add(form);
  return out;
}

/** The MiniSearch index as the build writes it into kb.json, so starting up skips indexing the entries. */
export type SerializedIndex = IndexSnapshot;

export class Matcher {
  private readonly index: MiniSearch<IndexedEntry>;
  private readonly synonyms: [string, string][];
  private readonly anchors: Set<string>;
  private readonly longAnchors: string[];
  private readonly titles: Map<string, string>;
  /** Built on first use (getters below): a plain-text question, the usual kind, needs neither (spec §11). */
  private byFindingMap?: Map<string, Entry>;
  private exactMap?: Map<string, Set<string>>;
  private readonly vocabulary: Vocabulary;

  constructor(
    private readonly entries: readonly Entry[],
    synonyms: readonly SynonymGroup[],
    anchors: readonly string[],
    /** From the same entries and synonyms, by `serializedIndex()` at build time; indexed here when absent. */
    serialized?: SerializedIndex,
  ) {
    this.synonyms = synonymTable(synonyms);
    this.anchors = new Set(anchors.map((a) => processTerm(a) ?? a));
    this.longAnchors = anchors.filter((a) => a.length >= 6);
    this.titles = new Map(entries.map((entry) => [entry.id, entry.title]));
    this.vocabulary = new Vocabulary([
      ...entries.flatMap((e) => [e.title, ...e.symptoms, ...e.keywords, e.cause]),
      ...synonyms.flatMap((group) => group.phrases),
      ...anchors,
    ]);
    const options: Options<IndexedEntry> = {
      fields: ['title', 'symptoms', 'keywords', 'cause'],
      tokenize,
      processTerm,
      searchOptions: {
        boost: { keywords: 4, symptoms: 3, title: 2, cause: 0.5 },
        // Typos in longer words ("certifcate", "pasword") still match; short tokens and numbers must be exact.
        // Stemming already covers word endings, so prefix search would only add cost. A term the index holds
        // as it is is no typo: searching its neighbours too was most of a question's search time (spec §11),
        // and left every eval's first answer as it was (bench/kb-eval, bench/chat-eval).
        fuzzy: (term) =>
          term.length > 5 &&
          term.length <= MAX_WORD_LENGTH &&
          !/\d/.test(term) &&
          !indexHasTerm(this.index, term)
            ? 0.2
            : false,
        combineWith: 'OR',
      },
    };
    if (serialized !== undefined) {
      // Loading needs the same options (tokenizer, stemmer) the index was built with: these, in the build.
      this.index = loadIndex<IndexedEntry>(serialized, options);
      return;
    }
    this.index = new MiniSearch<IndexedEntry>(options);
    this.index.addAll(
      entries.map((entry) => ({
        id: entry.id,
        title: expandSynonyms(entry.title, this.synonyms),
        symptoms: entry.symptoms.map((s) => expandSynonyms(s, this.synonyms)).join(' \n '),
        keywords: [...entry.keywords, ...entry.findings]
          .map((k) => expandSynonyms(k, this.synonyms))
          .join(' \n '),
        cause: expandSynonyms(entry.cause, this.synonyms),
      })),
    );
  }

  private get byFinding(): Map<string, Entry> {
    if (this.byFindingMap) return this.byFindingMap;
    const byFinding = new Map<string, Entry>();
    // The catalogue names the entry that explains each finding; other entries listing the code come after it.
    for (const [code, definition] of Object.entries(FINDINGS)) {
      const entry = this.entries.find((e) => e.id === (definition as { kb?: string }).kb);
      if (entry) byFinding.set(code, entry);
    }
    for (const entry of this.entries)
      for (const code of entry.findings) if (!byFinding.has(code)) byFinding.set(code, entry);
    return (this.byFindingMap = byFinding);
  }

  private get exact(): Map<string, Set<string>> {
    this.exactMap ??= new Map(
      this.entries.map((entry) => [
        entry.id,
        exactTokens([entry.title, ...entry.symptoms, ...entry.keywords, ...entry.findings].join('\n')),
      ]),
    );
    return this.exactMap;
  }

  serializedIndex(): SerializedIndex {
    return snapshotIndex(this.index);
  }

  private onTopic(query: string, exact: Set<string>): boolean {
    if (exact.size > 0 && [...this.exact.values()].some((tokens) => [...exact].some((t) => tokens.has(t))))
      return true;
    // Each distinct token once: a word repeated a thousand times is one edit-distance check per anchor.
    return [...new Set(tokenize(query))].some((token) => {
      const term = processTerm(token);
      if (term !== null && this.anchors.has(term)) return true;
      // "certifcate" is still about certificates: long words may be two edits off.
      return (
        token.length >= 6 &&
        this.longAnchors.some((anchor) => editDistance(token.toLowerCase(), anchor, 2) <= 2)
      );
    });
  }

  /**
   * MiniSearch's OR search, each distinct term searched once and boosted by how often it occurs: the same
   * scores as searching every occurrence (a term's score is linear in its boost), without repeating a fuzzy
   * search per repeat, which made a message of one word pasted 300 times take a tenth of a second.
   */
  private search(query: string): ReturnType<MiniSearch<IndexedEntry>['search']> {
    const counts = new Map<string, number>();
    for (const token of tokenize(query)) {
      const term = processTerm(token);
      if (term) counts.set(term, (counts.get(term) ?? 0) + 1);
    }
    const terms = [...counts.keys()];
    return this.index.search(terms.join(' '), {
      tokenize: () => terms,
      processTerm: (term) => term,
      boostTerm: (term) => counts.get(term) ?? 1,
    });
  }

  /**
   * Entries for free text, best first, at most `limit`, none when nothing clears the floor. `onTopic`: the
   * caller knows the text is about a server (it came with a host to check), so no topic word is needed.
   */
  match(text: string, limit = 5, options: { onTopic?: boolean } = {}): KbMatch[] {
    const query = expandSynonyms(this.vocabulary.correct(text.slice(0, 4000)), this.synonyms);
    const exact = exactTokens(query);
    const codes = new Set(errorCodeForms(query));
    if (options.onTopic !== true && !this.onTopic(query, exact)) return [];
    const scores = new Map<string, number>();
    for (const result of this.search(query)) scores.set(String(result.id), result.score);
    // Without an exact token in the question there is no bonus to give, nor a reason to build `exact`.
    for (const [id, tokens] of exact.size > 0 ? this.exact : []) {
      let bonus = 0;
      for (const token of exact) if (tokens.has(token)) bonus += codes.has(token) ? CODE_BONUS : EXACT_BONUS;
      if (bonus > 0) scores.set(id, (scores.get(id) ?? 0) + bonus);
    }
    const matches: KbMatch[] = [...scores]
      .filter(([, score]) => score >= SCORE_FLOOR)
      .sort((a, b) => b[1] - a[1])
      .map(([id, score]) => ({ id, title: this.titles.get(id) ?? id, score: Math.round(score * 100) / 100 }));
    // A finding code names its entry outright: `rpccheck explain cert.expired` must lead with ssl-expired.
    for (const code of text.toLowerCase().match(FINDING_CODE) ?? []) {
      const entry = this.byFinding.get(code);
      if (!entry) continue;
      const existing = matches.findIndex((m) => m.id === entry.id);
      const top = Math.max(matches[0]?.score ?? SCORE_FLOOR, SCORE_FLOOR) + 1;
      if (existing >= 0) matches.splice(existing, 1);
      matches.unshift({ id: entry.id, title: entry.title, score: top });
      break;
    }
    return matches.slice(0, limit);
  }

  /** The entry explaining a finding code, if any. */
  forFinding(code: string): Entry | undefined {
    return this.byFinding.get(code);
  }

  get size(): number {
    return this.entries.length;
  }
}
