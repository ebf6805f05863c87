import { MAX_CHAT_CHARS, MAX_PASTE_CHARS } from '../../src/core/input-limits';
import { knowledgeBase, validate, VALIDATOR_KINDS } from '../../src/kb';
import { MAX_FINDINGS } from '../../src/kb/validators/validator-findings';
import { decideIntent } from '../../src/slack/conversation';
import { parseCommand } from '../../src/slack/parse-command';

const ANSWER =
  /^That (?:message|command|paste) is [\d,]+ characters; rpccheck reads at most 40,000\. Paste the relevant part\.$/;

describe('size limits (spec §11)', () => {
  it('a message or command of Slack’s maximum is read; one character more is answered in one line', () => {
    const kb = knowledgeBase();
    const full = `mail.contoso.com ${' '.repeat(MAX_CHAT_CHARS - 17)}`;
    expect(decideIntent(full, kb)).toMatchObject({ kind: 'check', target: { host: 'mail.contoso.com' } });
    expect(parseCommand(full)).toMatchObject({ kind: 'check' });
    const over = decideIntent(`${full}x`, kb);
    expect(over).toEqual({ kind: 'too-long', reason: expect.stringMatching(ANSWER) });
    expect(over.kind === 'too-long' && over.reason).toContain('40,001 characters');
    expect(parseCommand(`${full}x`)).toEqual({ kind: 'invalid', reason: expect.stringMatching(ANSWER) });
  });

  it.each(VALIDATOR_KINDS)('a %s paste over the limit is refused whole, with its length', (kind) => {
    const result = validate(kind, 'x'.repeat(MAX_PASTE_CHARS + 2310));
    expect(result.valid).toBe(false);
    expect(result.findings).toEqual([
      expect.objectContaining({
        code: `${kind}.too_long`,
        severity: 'critical',
        title: expect.stringMatching(ANSWER),
      }),
    ]);
    expect(result.findings[0]?.title).toContain('42,310 characters');
  });

  it('a paste with thousands of mistakes lists the first ones and counts the rest', () => {
    const result = validate('validports', ';'.repeat(1000));
    expect(result.findings).toHaveLength(MAX_FINDINGS + 1);
    expect(result.findings.slice(0, MAX_FINDINGS).every((f) => f.code === 'validports.empty_entry')).toBe(
      true,
    );
    expect(result.findings[MAX_FINDINGS]).toMatchObject({
      code: 'validports.more_findings',
      // 1,001 segments: an empty entry for each but the trailing one, then "no usable entry".
      title: `…and ${1000 + 1 - MAX_FINDINGS} more findings`,
    });
  });
});
