import type { KnowledgeBase } from '../kb';
import type { Explanation } from '../kb';
import { entryMessage, findingAnswerMessage, noticeMessage } from './blocks/kb-messages';
import type { SlackMessage } from './blocks/block-builders';

/**
 * The answer to `explain <text>`, the same from `/rpccheck explain` and a mention: a finding code from the
 * catalogue (ok codes included), else the best entry, else a one-line "nothing fits".
 */
export function explainMessage(kb: KnowledgeBase, text: string, explanation: Explanation): SlackMessage {
  const { matches, finding } = explanation;
  const [best, ...others] = matches;
  const entry = best && kb.get(best.id);
  if (finding !== undefined) return findingAnswerMessage(finding, entry, entry === undefined ? [] : others);
  return entry
    ? entryMessage(entry, others)
    : noticeMessage(':shrug:', `Nothing in the knowledge base fits "${text}".`);
}
