import { readFileSync } from 'node:fs';
import path from 'node:path';
import { isIndexSnapshot } from './index-snapshot';
import { KbError } from './kb-error';
import type { KbData } from './load';
import type { SerializedIndex } from './match';

/**
 * The knowledge base as `npm run build` writes it (scripts/compile-kb.ts): the data files under kb/ already
 * parsed and checked by the schema, and the search index built from them, as one JSON file beside the built
 * kb/index.js, so it ships in dist/src. Reading it needs neither the YAML parser nor zod, and no indexing,
 * which together were most of `explain`'s start-up. Under ts-jest (src/kb/) there is no such file and the
 * YAML is read instead, so tests always see the current data. Besides the data and the index it holds the
 * stems of the knowledge base's words, so starting up stems only words it has not seen.
 */
export const COMPILED_KB_FILE = path.join(__dirname, 'kb.json');

export interface CompiledKb {
  data: KbData;
  index: SerializedIndex;
  /** processTerm of every word of the entries, synonyms and anchors (text.ts rememberTerms). */
  terms: Record<string, string | null>;
}

export const compiledKbText = (compiled: CompiledKb): string => `${JSON.stringify(compiled)}\n`;

const DATA_KEYS: (keyof KbData)[] = ['entries', 'synonyms', 'anchors', 'flows'];

const isObject = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null;

/** The compiled knowledge base, or undefined when there is none (running from source). */
export function readCompiledKb(file = COMPILED_KB_FILE): CompiledKb | undefined {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw error;
  }
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch (error) {
    throw new KbError(file, '(file)', error instanceof Error ? error.message : String(error));
  }
  // The build wrote it after the schema passed; this only catches a truncated or hand-edited file.
  const data = isObject(parsed) ? parsed['data'] : undefined;
  for (const key of DATA_KEYS)
    if (!isObject(data) || !Array.isArray(data[key]))
      throw new KbError(file, `data.${key}`, 'missing: run npm run build');
  // An index in an older layout (MiniSearch's own term list, before index-snapshot.ts) is rebuilt by the build.
  if (!isObject(parsed) || !isIndexSnapshot(parsed['index']))
    throw new KbError(file, 'index', 'missing or from an older build: run npm run build');
  if (!isObject(parsed['terms'])) throw new KbError(file, 'terms', 'missing: run npm run build');
  return parsed as unknown as CompiledKb;
}
