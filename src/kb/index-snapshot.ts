import MiniSearch, { type AsPlainObject, type Options } from 'minisearch';

/**
 * The search index as kb.json stores it: MiniSearch's radix tree as it was built, not its list of terms.
 * MiniSearch.loadJS rebuilds the tree by inserting every term again and turns every posting list into Maps,
 * which was the largest part of `rpccheck explain`'s start-up (spec §11). Here the tree's nodes are laid out
 * directly, in the order the build made them (so searches visit terms, and add up scores, in the same order as
 * in a freshly built index), and a term's postings become Maps only when a search reaches that term.
 */

/** `[key, child, key, child, …]`, keys in the tree's order; the key '' (MiniSearch's leaf) holds postings. */
export type PackedNode = (string | PackedNode | PackedPostings)[];
/** A term's postings: `[fieldId, [docId, frequency, docId, frequency, …], …]`. */
export type PackedPostings = (number | number[])[];

export interface IndexSnapshot {
  format: typeof FORMAT;
  /** MiniSearch's own serialization (document ids, field lengths, averages) without its term list. */
  header: Omit<AsPlainObject, 'index'>;
  tree: PackedNode;
}

const FORMAT = 'minisearch-radix-tree-1';
/** MiniSearch's key for the value stored at a node. */
const LEAF = '';

type Postings = Map<number, Map<number, number>>;
type RadixNode = Map<string, RadixNode | Postings>;

/**
 * Where MiniSearch 7 keeps its tree (`_index._tree`, a Map). Not public API: read and checked here only, so
 * another MiniSearch version makes the build fail loudly and loading fall back to MiniSearch.loadJS.
 */
function radixRoot<T>(index: MiniSearch<T>): RadixNode | undefined {
  const tree = (index as unknown as { _index?: { _tree?: unknown } })._index?._tree;
  return tree instanceof Map ? (tree as RadixNode) : undefined;
}

/**
 * Whether the index holds `term` exactly, from MiniSearch's term map (`_index`, checked like radixRoot). False
 * when it is not where this looks: the caller then treats every term as unknown, as before.
 */
export function indexHasTerm<T>(index: MiniSearch<T>, term: string): boolean {
  const terms = (index as unknown as { _index?: { has?: unknown } })._index;
  return typeof terms?.has === 'function' && (terms.has as (key: string) => boolean).call(terms, term);
}

export const isIndexSnapshot = (value: unknown): value is IndexSnapshot =>
  typeof value === 'object' &&
  value !== null &&
  (value as { format?: unknown }).format === FORMAT &&
  Array.isArray((value as { tree?: unknown }).tree);

function packNode(node: RadixNode): PackedNode {
  const packed: PackedNode = [];
  for (const [key, child] of node) {
    if (!(child instanceof Map))
      throw new Error(`index-snapshot: unexpected MiniSearch tree node at "${key}"`);
    if (key !== LEAF) packed.push(key, packNode(child as RadixNode));
    else
      packed.push(
        key,
        [...(child as Postings)].flatMap(([fieldId, docs]) => [fieldId, [...docs].flat()]),
      );
  }
  return packed;
}

/** At build time: the index's tree as kb.json stores it. */
export function snapshotIndex<T>(index: MiniSearch<T>): IndexSnapshot {
  const root = radixRoot(index);
  if (root === undefined)
    throw new Error(
      'index-snapshot: this MiniSearch version keeps its index elsewhere: update index-snapshot.ts',
    );
  const header: Partial<AsPlainObject> = index.toJSON();
  delete header.index;
  return { format: FORMAT, header: header as IndexSnapshot['header'], tree: packNode(root) };
}

/** A term's postings, turned into Maps the first time MiniSearch reads or changes them. */
class PackedTermData extends Map<number, Map<number, number>> {
  private packed: PackedPostings | undefined;

  constructor(packed: PackedPostings) {
    super();
    this.packed = packed;
  }

  unpack(): this {
    const packed = this.packed;
    if (packed === undefined) return this;
    this.packed = undefined;
    for (let i = 0; i < packed.length; i += 2) {
      const docs = packed[i + 1] as number[];
      const frequencies = new Map<number, number>();
      for (let j = 0; j < docs.length; j += 2) frequencies.set(docs[j] as number, docs[j + 1] as number);
      super.set(packed[i] as number, frequencies);
    }
    return this;
  }

  override get(key: number): Map<number, number> | undefined {
    this.unpack();
    return super.get(key);
  }
  override has(key: number): boolean {
    this.unpack();
    return super.has(key);
  }
  override set(key: number, value: Map<number, number>): this {
    this.unpack();
    return super.set(key, value);
  }
  override delete(key: number): boolean {
    this.unpack();
    return super.delete(key);
  }
  override forEach(
    callback: (value: Map<number, number>, key: number, map: Map<number, Map<number, number>>) => void,
    thisArg?: unknown,
  ): void {
    this.unpack();
    super.forEach(callback, thisArg);
  }
  override keys(): MapIterator<number> {
    this.unpack();
    return super.keys();
  }
  override values(): MapIterator<Map<number, number>> {
    this.unpack();
    return super.values();
  }
  override entries(): MapIterator<[number, Map<number, number>]> {
    this.unpack();
    return super.entries();
  }
  override [Symbol.iterator](): MapIterator<[number, Map<number, number>]> {
    return this.entries();
  }
}
// `size` is an accessor on Map.prototype, which TypeScript will not let a subclass override as one.
Object.defineProperty(PackedTermData.prototype, 'size', {
  get(this: PackedTermData): number {
    return Reflect.get(Map.prototype, 'size', this.unpack()) as number;
  },
});

function unpackNode(packed: PackedNode, into: RadixNode): void {
  for (let i = 0; i < packed.length; i += 2) {
    const key = packed[i] as string;
    if (key === LEAF) into.set(key, new PackedTermData(packed[i + 1] as PackedPostings));
    else {
      const child: RadixNode = new Map();
      unpackNode(packed[i + 1] as PackedNode, child);
      into.set(key, child);
    }
  }
}

/** The term list MiniSearch.loadJS takes, for a MiniSearch whose tree is not where radixRoot looks. */
export function terms(
  packed: PackedNode,
  prefix = '',
  out: AsPlainObject['index'] = [],
): AsPlainObject['index'] {
  for (let i = 0; i < packed.length; i += 2) {
    const key = packed[i] as string;
    if (key !== LEAF) {
      terms(packed[i + 1] as PackedNode, prefix + key, out);
      continue;
    }
    const postings = packed[i + 1] as PackedPostings;
    const fields: Record<string, Record<string, number>> = {};
    for (let f = 0; f < postings.length; f += 2) {
      const docs = postings[f + 1] as number[];
      const frequencies: Record<string, number> = {};
      for (let j = 0; j < docs.length; j += 2) frequencies[String(docs[j])] = docs[j + 1] as number;
      fields[String(postings[f])] = frequencies;
    }
    out.push([prefix, fields]);
  }
  return out;
}

/** At start-up: the index `snapshotIndex` saved; `options` as it was built with (tokenizer, stemmer). */
export function loadIndex<T>(snapshot: IndexSnapshot, options: Options<T>): MiniSearch<T> {
  const index = MiniSearch.loadJS<T>({ ...snapshot.header, index: [] }, options);
  const root = radixRoot(index);
  if (root === undefined || root.size > 0)
    return MiniSearch.loadJS<T>({ ...snapshot.header, index: terms(snapshot.tree) }, options);
  unpackNode(snapshot.tree, root);
  return index;
}
