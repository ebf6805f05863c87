import { execFile } from 'node:child_process';
import { cpSync, existsSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { compileKb } from '../../scripts/compile-kb';
import { packageRoot } from '../../src/core/package-info';
import { KnowledgeBase } from '../../src/kb';
import { readCompiledKb } from '../../src/kb/compiled';
import { loadKbData } from '../../src/kb/load';
import { processTerm } from '../../src/kb/text';

const ROOT = packageRoot();
/** What `npm run build` wrote; `npm test` builds before jest runs. */
const BUILT = path.join(ROOT, 'dist/src/kb/kb.json');
const SCRIPT = path.join(ROOT, 'dist/scripts/compile-kb.js');

const tmp = (): string => mkdtempSync(path.join(tmpdir(), 'rpccheck-kbc-'));

function brokenCopy(file: string, content: string): string {
  const dir = tmp();
  cpSync(path.join(ROOT, 'kb'), dir, { recursive: true });
  writeFileSync(path.join(dir, file), content);
  return dir;
}

/** Every symptom, title and finding code of every entry, plus text that must match nothing. */
function queries(kb: KnowledgeBase): string[] {
  return [
    ...kb.entries.flatMap((entry) => [entry.title, ...entry.symptoms, ...entry.findings]),
    'the printer is jammed',
    'certifcate expird on the mail server',
  ];
}

describe('the compiled knowledge base (dist/src/kb/kb.json)', () => {
  const fromYaml = loadKbData();

  it('the built file holds exactly what loading the YAML gives', () => {
    if (!existsSync(BUILT))
      throw new Error(`${BUILT} is missing: run \`npm run build\` (npm test does) first`);
    expect(readCompiledKb(BUILT)?.data).toEqual(fromYaml);
  });

  it('its search index ranks every query as an index built from the YAML does', () => {
    const out = path.join(tmp(), 'kb.json');
    expect(compileKb(path.join(ROOT, 'kb'), out).entries).toBe(fromYaml.entries.length);
    const compiled = readCompiledKb(out);
    if (!compiled) throw new Error('compileKb wrote nothing');
    expect(compiled.data).toEqual(fromYaml);
    const loaded = new KnowledgeBase(compiled.data, compiled.index);
    const built = new KnowledgeBase(fromYaml);
    const all = queries(built);
    expect(all.map((q) => loaded.match(q, 5))).toEqual(all.map((q) => built.match(q, 5)));
    expect(loaded.match('certificate expired', 1)[0]?.id).toBe('ssl-expired');
  });

  it("holds processTerm's result for every word of the knowledge base, as text.ts computes it now", () => {
    const terms = readCompiledKb(BUILT)?.terms ?? {};
    for (const word of [...fromYaml.anchors, 'certificate', 'expired', 'the', '0x6ba', 'cert.expired'])
      expect(Object.keys(terms)).toContain(word);
    expect(Object.keys(terms).length).toBeGreaterThan(500);
    for (const [word, term] of Object.entries(terms))
      expect({ word, term }).toEqual({ word, term: processTerm(word) });
  });

  it('a broken entry fails compilation naming the file and the field, and writes nothing', () => {
    const broken = brokenCopy(
      'entries/ssl-expired.yaml',
      'id: ssl-expired\ntitle: x\nsymptoms: [a]\nverify: [a]\nfix: [a]\nfindings: []\nsources: [a]\n',
    );
    const out = path.join(tmp(), 'kb.json');
    expect(() => compileKb(broken, out)).toThrow(/ssl-expired\.yaml: cause: /);
    expect(existsSync(out)).toBe(false);
  });

  it('the build step exits 1 with that message', async () => {
    const broken = brokenCopy(
      'flows/troubleshoot.yaml',
      'id: troubleshoot\nstart: nowhere\nsteps:\n  - { id: start, end: { entries: [ssl-expired] } }\n',
    );
    const out = path.join(tmp(), 'kb.json');
    const result = await new Promise<{ code: number; stderr: string }>((resolve) =>
      execFile(process.execPath, [SCRIPT, broken, out], (error, _stdout, stderr) =>
        resolve({ code: typeof error?.code === 'number' ? error.code : error ? -1 : 0, stderr }),
      ),
    );
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(/^compile-kb: .*troubleshoot\.yaml: start: no step "nowhere"\n$/);
    expect(existsSync(out)).toBe(false);
  });

  it('reading: no file is no compiled knowledge base; a damaged one names what is missing', () => {
    const dir = tmp();
    expect(readCompiledKb(path.join(dir, 'absent.json'))).toBeUndefined();
    const truncated = path.join(dir, 'truncated.json');
    writeFileSync(truncated, '{"data":{"entries":[');
    expect(() => readCompiledKb(truncated)).toThrow(/truncated\.json: \(file\): /);
    const noIndex = path.join(dir, 'no-index.json');
    writeFileSync(noIndex, JSON.stringify({ data: fromYaml }));
    expect(() => readCompiledKb(noIndex)).toThrow(
      /no-index\.json: index: missing or from an older build: run npm run build/,
    );
    // Before index-snapshot.ts, kb.json held MiniSearch's own serialization: a stale build says so.
    const oldIndex = path.join(dir, 'old-index.json');
    writeFileSync(oldIndex, JSON.stringify({ data: fromYaml, index: { documentCount: 1, index: [] } }));
    expect(() => readCompiledKb(oldIndex)).toThrow(/old-index\.json: index: missing or from an older build/);
    const noTerms = path.join(dir, 'no-terms.json');
    writeFileSync(noTerms, JSON.stringify({ ...readCompiledKb(BUILT), terms: undefined }));
    expect(() => readCompiledKb(noTerms)).toThrow(/no-terms\.json: terms: missing: run npm run build/);
    const noFlows = path.join(dir, 'no-flows.json');
    writeFileSync(noFlows, JSON.stringify({ data: { ...fromYaml, flows: undefined }, index: {} }));
    expect(() => readCompiledKb(noFlows)).toThrow(/no-flows\.json: data\.flows: missing/);
  });
});
