import { readFileSync } from 'node:fs';
import path from 'node:path';
import { KbError } from './kb-error';
import type { KbData } from './load';

/**
 * The knowledge base as `npm run build` writes it (scripts/compile-kb.ts): the data files under kb/ already
 * parsed and checked by the schema, as one JSON file beside the built kb/index.js, so it ships in dist/src.
 * Reading it needs neither the YAML parser nor zod, which were most of the CLI's start-up. Under ts-jest
 * (src/kb/) there is no such file and the YAML is read instead, so tests always see the current data.
 */
export const COMPILED_KB_FILE = path.join(__dirname, 'kb.json');

export const compiledKbText = (data: KbData): string => `${JSON.stringify(data)}\n`;

const KEYS: (keyof KbData)[] = ['entries', 'synonyms', 'anchors', 'flows'];

/** The compiled knowledge base, or undefined when there is none (running from source). */
export function readCompiledKb(file = COMPILED_KB_FILE): KbData | undefined {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw error;
  }
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch (error) {
    throw new KbError(file, '(file)', error instanceof Error ? error.message : String(error));
  }
  // The build wrote it after the schema passed; this only catches a truncated or hand-edited file.
  for (const key of KEYS)
    if (typeof data !== 'object' || data === null || !Array.isArray((data as Record<string, unknown>)[key]))
      throw new KbError(file, key, 'missing: run npm run build');
  return data as KbData;
}
