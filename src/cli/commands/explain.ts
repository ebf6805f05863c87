import type { KnowledgeBase } from '../../kb/knowledge-base';
import type { Entry } from '../../kb/schema';
import { EXIT_REFUSED } from '../exit-codes';
import type { CliIo } from '../io';
import type { TextStyle } from '../style';

export interface ExplainDeps {
  io: CliIo;
  style: TextStyle;
  knowledgeBase?: () => KnowledgeBase;
}

function entryLines(entry: Entry, style: TextStyle): string[] {
  const lines = [
    `${style.bold(entry.title)}  ${style.dim(entry.id)}`,
    '',
    entry.cause,
    '',
    style.bold('Verify'),
    ...entry.verify.map((step, i) => `  ${i + 1}. ${step}`),
    '',
    style.bold('Fix'),
    ...entry.fix.map((step, i) => `  ${i + 1}. ${step}`),
  ];
  if (entry.findings.length > 0)
    lines.push('', style.dim(`Confirmed by: ${entry.findings.join(', ')} (rpccheck check <host>)`));
  return lines;
}

/**
 * `rpccheck explain <text...>`: knowledge-base entries for a symptom, an error text or a finding code; a finding
 * code also gets its severity and meaning from the catalogue (KnowledgeBase.explain), printed first.
 */
export async function explain(words: string[], flags: { json?: true }, deps: ExplainDeps): Promise<void> {
  const { io, style } = deps;
  const query = words.join(' ').trim();
  if (query === '') {
    io.stderr('rpccheck: explain needs some text');
    io.setExitCode(EXIT_REFUSED);
    return;
  }
  // The knowledge base (MiniSearch, the compiled entries) loads only when explain runs.
  const kb = (deps.knowledgeBase ?? (await import('../../kb/knowledge-base')).knowledgeBase)();
  const { matches, finding } = kb.explain(query, 5);
  io.setExitCode(matches.length > 0 || finding ? 0 : 1);
  if (flags.json) {
    io.stdout(JSON.stringify({ query, matches, ...(finding && { finding }) }, null, 2));
    return;
  }
  const [best, ...others] = matches;
  const entry = best && kb.get(best.id);
  const lines: string[] = [];
  if (finding)
    lines.push(
      `${style.bold(finding.code)}  ${style.severity(finding.severity, finding.severity)}`,
      finding.meaning,
    );
  if (entry) lines.push(...(finding ? [''] : []), ...entryLines(entry, style));
  if (lines.length === 0) {
    const { quoteUserText } = await import('../user-text');
    io.stdout(
      `No knowledge-base entry fits "${quoteUserText(query)}". Try the words users see, or an error text as shown.`,
    );
    return;
  }
  if (others.length > 0)
    lines.push(
      '',
      style.bold('Also relevant'),
      ...others.map((m) => `  ${m.title}  ${style.dim(`rpccheck explain ${m.id}`)}`),
    );
  io.stdout(lines.join('\n'));
}
