import { explain } from '../../src/cli/commands/explain';
import type { CliIo } from '../../src/cli/io';
import { textStyle } from '../../src/cli/style';
import { FINDING_CODES, FINDINGS } from '../../src/findings/catalog';
import { knowledgeBase } from '../../src/kb';

/** `rpccheck explain`, in-process: what it prints and its exit code. */
async function run(words: string[], json = false): Promise<{ code: number; stdout: string }> {
  let code = 0;
  let stdout = '';
  const io: CliIo = {
    stdout: (text) => {
      stdout += `${text}\n`;
    },
    stderr: () => undefined,
    readStdin: async () => '',
    setExitCode: (c) => {
      code = c;
    },
  };
  await explain(words, json ? { json: true } : {}, { io, style: textStyle(false), knowledgeBase });
  return { code, stdout };
}

interface Answer {
  query: string;
  matches: { id: string }[];
  finding?: { code: string; severity: string; meaning: string; kb?: string };
}
const answer = async (words: string[]): Promise<Answer> =>
  JSON.parse((await run(words, true)).stdout) as Answer;

describe('rpccheck explain <finding code>', () => {
  it('answers every code of the catalogue from it, and exits 0', async () => {
    for (const code of FINDING_CODES) {
      const { finding, matches } = await answer([code]);
      expect({ code, severity: finding?.severity }).toEqual({ code, severity: FINDINGS[code].severity });
      expect(finding?.meaning).toMatch(/^\S.{10,}\.$/);
      // The entry explaining the code comes first; a code without one gets no entry that merely shares words.
      const kb = knowledgeBase().forFinding(code);
      expect({ code, first: matches[0]?.id, kb: finding?.kb }).toEqual({ code, first: kb?.id, kb: kb?.id });
      expect((await run([code])).code).toBe(0);
    }
  });

  it('prints what an ok or info code means instead of an unrelated entry', async () => {
    for (const code of [
      'autodiscover.ok',
      'mapi.healthy',
      'tls.ok',
      'cert.ok',
      'rpc.echo_ok',
      'rpc.ping_skipped',
    ]) {
      const { stdout } = await run([code]);
      const [first, meaning] = stdout.split('\n');
      expect(first).toBe(`${code}  ${FINDINGS[code as keyof typeof FINDINGS].severity}`);
      expect(meaning).toMatch(/\.$/);
      expect(stdout).not.toMatch(/Verify|No knowledge-base entry/);
    }
    expect((await run(['autodiscover.ok'])).stdout).not.toContain('autodiscover-unreachable');
    expect((await run(['mapi.healthy'])).stdout).not.toContain('mapi-healthcheck-down');
    // A code with an entry: its meaning, then the entry.
    expect((await run(['CERT.EXPIRED'])).stdout).toMatch(
      /^cert\.expired {2}critical\n.+\n\nCertificate expired.*ssl-expired/,
    );
  });

  it('keeps the answer for other text as it was: no finding field', async () => {
    expect(Object.keys(await answer(['certificate', 'expired']))).toEqual(['query', 'matches']);
    expect(await answer(['the', 'printer', 'is', 'jammed'])).toEqual({
      query: 'the printer is jammed',
      matches: [],
    });
  });

  it('quotes a question it cannot answer cut short, with control characters escaped', async () => {
    const long = await run(['zzzz'.repeat(12500)]);
    expect(long.code).toBe(1);
    expect(long.stdout.length).toBeLessThan(200);
    expect(long.stdout).toContain(`"${'z'.repeat(80)}…"`);
    const escape = await run(['printer\u001b[31mjammed']);
    expect(escape.stdout).toContain('"printer\\x1b[31mjammed"');
    expect(escape.stdout).not.toContain('\u001b');
  });
});
