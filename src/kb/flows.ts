import type { Flow, FlowStep } from './schema';

export type FlowView =
  | { kind: 'question'; stepId: string; question: string; choices: { label: string; next: string }[] }
  | { kind: 'end'; stepId: string; entries: string[]; check: boolean; validator?: string };

function view(step: FlowStep): FlowView {
  if ('choices' in step)
    return { kind: 'question', stepId: step.id, question: step.question, choices: step.choices };
  return {
    kind: 'end',
    stepId: step.id,
    entries: step.end.entries,
    check: step.end.check ?? false,
    ...(step.end.validator !== undefined && { validator: step.end.validator }),
  };
}

/** Navigates the decision tree; a step is addressed by `flowId/stepId`, which is all a button needs to carry. */
export class Flows {
  private readonly steps = new Map<string, FlowStep>();

  constructor(private readonly flows: readonly Flow[]) {
    for (const flow of flows) for (const step of flow.steps) this.steps.set(`${flow.id}/${step.id}`, step);
  }

  start(flowId = this.flows[0]?.id ?? ''): FlowView | undefined {
    const flow = this.flows.find((f) => f.id === flowId);
    return flow ? this.step(`${flow.id}/${flow.start}`) : undefined;
  }

  /** `troubleshoot/prompts` → the step; undefined for an unknown id (a stale button). */
  step(address: string): FlowView | undefined {
    const step = this.steps.get(address);
    if (!step) return undefined;
    const result = view(step);
    const flowId = address.split('/')[0] ?? '';
    if (result.kind === 'question')
      return {
        ...result,
        stepId: address,
        choices: result.choices.map((c) => ({ ...c, next: `${flowId}/${c.next}` })),
      };
    return { ...result, stepId: address };
  }
}
