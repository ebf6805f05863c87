import type { KnowledgeBase } from '../../kb/knowledge-base';
import { EXIT_REFUSED } from '../exit-codes';
import type { CliIo } from '../io';
import type { TextStyle } from '../style';

export interface ExplainDeps {
  io: CliIo;
  style: TextStyle;
  knowledgeBase?: () => KnowledgeBase;
}

/** `rpccheck explain <text...>`: knowledge-base entries for a symptom, an error text or a finding code. */
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
  const matches = kb.match(query, 5);
  io.setExitCode(matches.length > 0 ? 0 : 1);
  if (flags.json) {
    io.stdout(JSON.stringify({ query, matches }, null, 2));
    return;
  }
  const [best, ...others] = matches;
  const entry = best && kb.get(best.id);
  if (!best || !entry) {
    io.stdout(`No knowledge-base entry fits "${query}". Try the words users see, or an error text as shown.`);
    return;
  }
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
  if (others.length > 0)
    lines.push(
      '',
      style.bold('Also relevant'),
      ...others.map((m) => `  ${m.title}  ${style.dim(`rpccheck explain ${m.id}`)}`),
    );
  io.stdout(lines.join('\n'));
}
