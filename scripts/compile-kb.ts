import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { packageRoot } from '../src/core/package-info';
import { COMPILED_KB_FILE, compiledKbText } from '../src/kb/compiled';
import { type KbData, loadKbData } from '../src/kb/load';
import { Matcher } from '../src/kb/match';
import { processTerm, tokenize } from '../src/kb/text';

/**
 * Build step (`npm run build`, after tsc): kb/*.yaml → dist/src/kb/kb.json, checked by the same schema and
 * cross-references as loading from YAML, so a broken entry fails the build naming its file and field. The
 * search index goes in too, built by the same Matcher code the CLI and the bot run, and the stems of the
 * knowledge base's words.
 */
/** processTerm of every word the entries, synonyms and anchors hold, as the Matcher and MiniSearch split them. */
export function termTable(data: KbData): Record<string, string | null> {
  const words = new Set(data.anchors);
  const texts = [
    ...data.entries.flatMap((e) => [e.title, ...e.symptoms, ...e.keywords, ...e.findings, e.cause]),
    ...data.synonyms.flatMap((group) => [group.term, ...group.phrases]),
  ];
  for (const text of texts) for (const token of tokenize(text.toLowerCase())) words.add(token);
  return Object.fromEntries([...words].map((word) => [word, processTerm(word)]));
}

export function compileKb(kbDir: string, outFile: string): { entries: number; bytes: number } {
  const data = loadKbData(kbDir);
  const index = new Matcher(data.entries, data.synonyms, data.anchors).serializedIndex();
  const text = compiledKbText({ data, index, terms: termTable(data) });
  mkdirSync(path.dirname(outFile), { recursive: true });
  writeFileSync(outFile, text);
  return { entries: data.entries.length, bytes: Buffer.byteLength(text) };
}

// `node dist/scripts/compile-kb.js [kb-dir] [out-file]`; the arguments exist for tests.
if (require.main === module) {
  const [kbDir = path.join(packageRoot(), 'kb'), outFile = COMPILED_KB_FILE] = process.argv.slice(2);
  try {
    const { entries, bytes } = compileKb(kbDir, outFile);
    process.stdout.write(
      `knowledge base: ${entries} entries → ${path.relative(process.cwd(), outFile)} (${bytes} bytes)\n`,
    );
  } catch (error) {
    process.stderr.write(`compile-kb: ${error instanceof Error ? error.message : String(error)}\n`);
    process.exitCode = 1;
  }
}
