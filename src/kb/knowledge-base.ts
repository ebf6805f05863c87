import type { Severity } from '../core/report';
import { FINDING_MEANINGS, FINDINGS, type FindingCode, isFindingCode } from '../findings/catalog';
import { readCompiledKb } from './compiled';
import { Flows } from './flows';
import type { KbData, loadKbData } from './load';
import { type KbMatch, Matcher, SCORE_FLOOR, type SerializedIndex } from './match';
import type { Entry } from './schema';
import { rememberTerms } from './text';

/** A finding code as the catalogue knows it; `kb` is the entry that explains it, if one does. */
export interface FindingAnswer {
  code: FindingCode;
  severity: Severity;
  meaning: string;
  kb?: string;
}

/** What `explain` answers: entries best first, and the finding when the question is exactly a finding code. */
export interface Explanation {
  matches: KbMatch[];
  finding?: FindingAnswer;
}

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

  /**
   * The answer to `explain <text>` (CLI and Slack). A finding code of the catalogue (`cert.expired`, `TLS.OK`) is
   * answered from it, its meaning and severity, with the entry explaining it first; a code no entry explains
   * (the ok and info ones) gets no entry at all rather than one that merely shares a word (`autodiscover.ok` is
   * not "Autodiscover can't be reached").
   */
  explain(text: string, limit = 5): Explanation {
    const code = text.trim().toLowerCase();
    if (!isFindingCode(code)) return { matches: this.match(text, limit) };
    const entry = this.forFinding(code);
    const finding: FindingAnswer = {
      code,
      severity: FINDINGS[code].severity,
      meaning: FINDING_MEANINGS[code],
      ...(entry && { kb: entry.id }),
    };
    if (entry === undefined) return { matches: [], finding };
    // The entry the catalogue names leads, whatever the search scores, so `finding.kb` is the entry shown.
    const others = this.match(text, limit).filter((match) => match.id !== entry.id);
    const lead: KbMatch = {
      id: entry.id,
      title: entry.title,
      score: Math.max(SCORE_FLOOR, ...others.map((m) => m.score)) + 1,
    };
    return { matches: [lead, ...others].slice(0, limit), finding };
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
