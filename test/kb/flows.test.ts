import { knowledgeBase } from '../../src/kb';
import type { FlowView } from '../../src/kb';

const flows = knowledgeBase().flows;

describe('guided troubleshooting flow', () => {
  it('starts with "what do users see?"', () => {
    const start = flows.start();
    expect(start).toMatchObject({
      kind: 'question',
      stepId: 'troubleshoot/start',
      question: 'What do users see?',
    });
  });

  it('every path ends in entries, and every end is reachable', () => {
    const reached = new Set<string>();
    const visit = (address: string, depth: number): void => {
      expect(depth).toBeLessThan(10);
      const view = flows.step(address) as FlowView;
      expect(view).toBeDefined();
      reached.add(address);
      if (view.kind === 'end') {
        expect(view.entries.length).toBeGreaterThan(0);
        for (const id of view.entries) expect(knowledgeBase().get(id)).toBeDefined();
        return;
      }
      expect(view.choices.length).toBeGreaterThanOrEqual(2);
      for (const choice of view.choices) if (!reached.has(choice.next)) visit(choice.next, depth + 1);
    };
    visit('troubleshoot/start', 0);
    const ends = [...reached].filter((address) => flows.step(address)?.kind === 'end');
    expect(ends.length).toBeGreaterThanOrEqual(15);
  });

  it('a path: prompts → over and over → integrated auth with a host check suggested', () => {
    const start = flows.start();
    if (start?.kind !== 'question') throw new Error('start is a question');
    const prompts = flows.step(start.choices[0]!.next);
    if (prompts?.kind !== 'question') throw new Error('prompts is a question');
    expect(flows.step(prompts.choices[0]!.next)).toEqual({
      kind: 'end',
      stepId: 'troubleshoot/end-integrated',
      entries: ['auth-integrated-prompts', 'http-proxy-between'],
      check: true,
    });
  });

  it('an end can point at a validator; an unknown step (a stale button) is undefined', () => {
    expect(flows.step('troubleshoot/end-validports')).toMatchObject({ kind: 'end', validator: 'validports' });
    expect(flows.step('troubleshoot/no-such-step')).toBeUndefined();
    expect(flows.step('nope')).toBeUndefined();
  });
});
