import { evaluateChat, KINDS, loadChatEvalMessages } from '../../bench/chat-eval/evaluate';
import { FINDINGS } from '../../src/findings/catalog';
import { knowledgeBase } from '../../src/kb';
import { isValidatorKind } from '../../src/kb';

const kb = knowledgeBase();
const messages = loadChatEvalMessages();

describe('the chat evaluation set (npm run eval:chat)', () => {
  it('is labelled consistently: known kinds, entries, validators and finding codes', () => {
    expect(messages.length).toBeGreaterThanOrEqual(200);
    for (const message of messages) {
      expect(KINDS).toContain(message.expect);
      if (message.entry !== undefined) expect(kb.get(message.entry)).toBeDefined();
      if (message.expect === 'validate') expect(isValidatorKind(message.validator ?? '')).toBe(true);
      if (message.expect === 'check' || message.expect === 'check+answer') expect(message.host).toBeDefined();
      if (message.expect === 'check+answer') {
        expect(message.findings?.length).toBeGreaterThan(0);
        for (const code of message.findings ?? []) expect(Object.keys(FINDINGS)).toContain(code);
        // The fixture must be able to confirm the labelled entry.
        expect(kb.get(message.entry ?? '')?.findings.some((c) => message.findings?.includes(c))).toBe(true);
      }
    }
  });

  it('meets its targets', () => {
    const result = evaluateChat(kb, messages);
    expect(result.rightKind / result.total).toBeGreaterThanOrEqual(0.95);
    expect(result.hostMistakes).toEqual([]);
    expect(result.chatterWithEntry).toEqual([]);
    expect(result.confirmedFirst / result.hostSymptom).toBeGreaterThanOrEqual(0.9);
  });
});
