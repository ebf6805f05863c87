import MiniSearch, { type Options, type SearchOptions } from 'minisearch';
import { indexHasTerm, loadIndex, snapshotIndex, terms } from '../../src/kb/index-snapshot';
import { loadKbData } from '../../src/kb/load';
import { processTerm, tokenize } from '../../src/kb/text';

interface Doc {
  id: string;
  title: string;
  symptoms: string;
  cause: string;
}

const { entries } = loadKbData();
const docs: Doc[] = entries.map((e) => ({
  id: e.id,
  title: e.title,
  symptoms: e.symptoms.join(' \n '),
  cause: e.cause,
}));
const options: Options<Doc> = { fields: ['title', 'symptoms', 'cause'], tokenize, processTerm };

function built(): MiniSearch<Doc> {
  const index = new MiniSearch<Doc>(options);
  index.addAll(docs.slice(0, -3));
  return index;
}

/** Exact and typo'd words, prefixes, and words no entry has. */
const queries = [
  ...entries.flatMap((e) => [e.title, ...e.symptoms]),
  'certifcate expird',
  'autodisc',
  'the printer is jammed',
];
const searches: SearchOptions[] = [
  { fuzzy: 0.2, combineWith: 'OR', boost: { symptoms: 3, title: 2, cause: 0.5 } },
  { prefix: true, combineWith: 'AND' },
];
const results = (index: MiniSearch<Doc>) =>
  searches.flatMap((search) => queries.map((query) => index.search(query, search)));

describe('the index snapshot kb.json stores', () => {
  it('tells the terms the index holds exactly, built or loaded (the matcher skips fuzzy search for them)', () => {
    const original = built();
    const loaded = loadIndex(JSON.parse(JSON.stringify(snapshotIndex(original))), options);
    for (const index of [original, loaded]) {
      expect(indexHasTerm(index, processTerm('certificate') ?? '')).toBe(true);
      expect(indexHasTerm(index, 'certifcate')).toBe(false);
      expect(indexHasTerm(index, '')).toBe(false);
    }
  });

  it('searches exactly as the index it was taken from: ids, scores to the last bit, matched terms', () => {
    const original = built();
    // Through JSON, as the build writes it and the CLI reads it.
    const loaded = loadIndex(JSON.parse(JSON.stringify(snapshotIndex(original))), options);
    expect(results(loaded)).toEqual(results(original));
  });

  it("serializes back to MiniSearch's own form, term for term and in the same order", () => {
    const original = built();
    const snapshot = snapshotIndex(original);
    expect(loadIndex(snapshot, options).toJSON()).toEqual(original.toJSON());
  });

  it('falls back to the term list MiniSearch.loadJS takes, which searches alike', () => {
    const original = built();
    const { header, tree } = snapshotIndex(original);
    const byTerm = (list: ReturnType<typeof terms>) => [...list].sort((a, b) => a[0].localeCompare(b[0]));
    expect(byTerm(terms(tree))).toEqual(byTerm(original.toJSON().index));
    const fallback = MiniSearch.loadJS<Doc>({ ...header, index: terms(tree) }, options);
    expect(results(fallback)).toEqual(results(original));
  });

  it('stays a working index: documents added to or removed from it search as in the original', () => {
    const original = built();
    const loaded = loadIndex(snapshotIndex(original), options);
    for (const index of [original, loaded]) {
      index.addAll(docs.slice(-3));
      index.discard(docs[0]?.id ?? '');
      index.vacuum();
    }
    expect(results(loaded)).toEqual(results(original));
    expect(loaded.documentCount).toBe(original.documentCount);
    expect(loaded.termCount).toBe(original.termCount);
  });
});
