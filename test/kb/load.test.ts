import { cpSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { packageRoot } from '../../src/core/package-info';
import { FINDINGS, FINDING_CODES } from '../../src/findings/catalog';
import { knowledgeBase } from '../../src/kb';
import { loadKbData } from '../../src/kb/load';

const REQUIRED_IDS = [
  'ssl-untrusted-ca',
  'ssl-self-signed',
  'ssl-name-mismatch',
  'ssl-expired',
  'ssl-missing-intermediate',
  'iis-no-certificate',
  'auth-integrated-prompts',
  'auth-anonymous-enabled',
  'rpcproxy-validports',
  'rpcproxy-not-installed',
  'exchange-ports',
  'nspi-gc-port',
  'w3svc-stopped',
  'iis-403-2-is-healthy',
  'iis-401-3-is-healthy',
  'firewall-443',
  'outlook-client-config',
  'outlook-connection-status',
];

function brokenCopy(file: string, content: string): string {
  const dir = mkdtempSync(path.join(tmpdir(), 'rpccheck-kb-'));
  cpSync(path.join(packageRoot(), 'kb'), dir, { recursive: true });
  writeFileSync(path.join(dir, file), content);
  return dir;
}

describe('knowledge-base data', () => {
  const kb = knowledgeBase();

  it('has at least 30 entries including every id of spec §5', () => {
    expect(kb.entries.length).toBeGreaterThanOrEqual(30);
    for (const id of REQUIRED_IDS) expect(kb.get(id)).toBeDefined();
  });

  it('every catalogue kb id exists, and every problem finding is explained by an entry', () => {
    for (const code of FINDING_CODES) {
      const definition = FINDINGS[code] as { kb?: string; severity: string };
      if (definition.kb !== undefined)
        expect({ code, entry: kb.get(definition.kb)?.id }).toEqual({ code, entry: definition.kb });
      if (definition.severity === 'critical' || definition.severity === 'warning') {
        expect({ code, listed: kb.entries.some((e) => e.findings.includes(code)) }).toEqual({
          code,
          listed: true,
        });
        expect(kb.forFinding(code)?.id).toBe(definition.kb);
      }
    }
  });

  it('fails loudly with the file and the field', () => {
    const missingCause = brokenCopy(
      'entries/ssl-expired.yaml',
      'id: ssl-expired\ntitle: x\nsymptoms: [a]\nverify: [a]\nfix: [a]\nfindings: []\nsources: [a]\n',
    );
    expect(() => loadKbData(missingCause)).toThrow(/ssl-expired\.yaml: cause: /);
    const badCode = brokenCopy(
      'entries/ssl-weak-key.yaml',
      'id: ssl-weak-key\ntitle: x\nsymptoms: [a]\ncause: c\nverify: [a]\nfix: [a]\nfindings: [cert.too_small]\nsources: [a]\n',
    );
    expect(() => loadKbData(badCode)).toThrow(
      /ssl-weak-key\.yaml: findings\.0: unknown finding code "cert\.too_small"/,
    );
    const wrongId = brokenCopy(
      'entries/ssl-weak-key.yaml',
      'id: weak-key\ntitle: x\nsymptoms: [a]\ncause: c\nverify: [a]\nfix: [a]\nfindings: []\nsources: [a]\n',
    );
    expect(() => loadKbData(wrongId)).toThrow(/ssl-weak-key\.yaml: id: "weak-key" must match the file name/);
    const badYaml = brokenCopy('entries/ssl-weak-key.yaml', 'id: [unclosed\n');
    expect(() => loadKbData(badYaml)).toThrow(/ssl-weak-key\.yaml: \(file\): /);
    const extraField = brokenCopy(
      'entries/ssl-weak-key.yaml',
      'id: ssl-weak-key\ntitle: x\nsymptoms: [a]\ncause: c\nverify: [a]\nfix: [a]\nfindings: []\nsources: [a]\nsevertiy: high\n',
    );
    expect(() => loadKbData(extraField)).toThrow(/ssl-weak-key\.yaml: \(root\): .*severtiy/);
    const badFlow = brokenCopy(
      'flows/troubleshoot.yaml',
      'id: troubleshoot\nstart: start\nsteps:\n  - { id: start, question: q, choices: [{ label: a, next: nowhere }, { label: b, next: start }] }\n',
    );
    expect(() => loadKbData(badFlow)).toThrow(
      /troubleshoot\.yaml: steps\.0\.choices\.0\.next: no step "nowhere"/,
    );
    const badSynonym = brokenCopy('synonyms.yaml', '- term: Two Words\n  phrases: [x]\n');
    expect(() => loadKbData(badSynonym)).toThrow(/synonyms\.yaml: 0\.term: /);
  });
});
