import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { packageRoot } from '../src/core/package-info';
import { COMPILED_KB_FILE, compiledKbText } from '../src/kb/compiled';
import { loadKbData } from '../src/kb/load';

/**
 * Build step (`npm run build`, after tsc): kb/*.yaml → dist/src/kb/kb.json, checked by the same schema and
 * cross-references as loading at run time, so a broken entry fails the build naming its file and field.
 */
export function compileKb(kbDir: string, outFile: string): { entries: number; bytes: number } {
  const data = loadKbData(kbDir);
  const text = compiledKbText(data);
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
