import { readCompiledKb } from './compiled';
import { Flows } from './flows';
import type { KbData, loadKbData } from './load';
import { type KbMatch, Matcher, type SerializedIndex } from './match';
import type { Entry } from './schema';
import { rememberTerms } from './text';

/**
 * The knowledge base itself (see index.ts for its use). Kept apart from index.ts, which also exports the
 * validators, so `rpccheck explain` loads none of them.
 */
export class KnowledgeBase {
  readonly entries: readonly Entry[];
  readonly flows: Flows;
  private readonly matcher: Matcher;
  private readonly byId: Map<string, Entry>;

  /** `index`: the search index the build made from the same data (kb.json); built here when absent. */
  constructor(data: KbData, index?: SerializedIndex) {
    this.entries = data.entries;
    this.byId = new Map(data.entries.map((entry) => [entry.id, entry]));
    this.matcher = new Matcher(data.entries, data.synonyms, data.anchors, index);
    this.flows = new Flows(data.flows);
  }

  match(text: string, limit = 5, options: { onTopic?: boolean } = {}): KbMatch[] {
    return this.matcher.match(text, limit, options);
  }

  get(id: string): Entry | undefined {
    return this.byId.get(id);
  }

  forFinding(code: string): Entry | undefined {
    return this.matcher.forFinding(code);
  }
}

let loaded: KnowledgeBase | undefined;

/**
 * From source there is no compiled file: read the YAML. It is required here, not imported at the top, so the
 * built CLI and bot never load the YAML parser and zod (load.ts) just to start.
 */
function loadFromYaml(): KbData {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  return (require('./load') as { loadKbData: typeof loadKbData }).loadKbData();
}

/** The bundled knowledge base, loaded on first use: the build's kb.json, else kb/*.yaml. */
export function knowledgeBase(): KnowledgeBase {
  if (loaded === undefined) {
    const compiled = readCompiledKb();
    if (compiled) rememberTerms(compiled.terms);
    loaded = compiled ? new KnowledgeBase(compiled.data, compiled.index) : new KnowledgeBase(loadFromYaml());
  }
  return loaded;
}
