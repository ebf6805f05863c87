import type { Finding, Severity } from '../../core/report';

/**
 * Findings about pasted configuration. They share the report's Finding shape but have their own codes
 * (`validports.*`, `nspi.*`, `rpcdump.*`, `event.*`): they describe a value, not a host.
 */
export interface Position {
  /** 0-based offset in the pasted text. */
  offset: number;
  line: number;
  column: number;
}

export function positionOf(text: string, offset: number): Position {
  const before = text.slice(0, offset);
  const line = before.split('\n').length;
  const column = offset - (before.lastIndexOf('\n') + 1) + 1;
  return { offset, line, column };
}

export interface IssueInput {
  title: string;
  detail: string;
  nextSteps?: string[];
  kb?: string;
  position?: Position;
  /** The offending text. */
  text?: string;
  /** The whole value with the mistake corrected, where it can be derived. */
  corrected?: string;
  evidence?: Record<string, unknown>;
}

export function issue(code: string, severity: Severity, input: IssueInput): Finding {
  const evidence: Record<string, unknown> = { ...input.evidence };
  if (input.position) evidence['position'] = input.position;
  if (input.text !== undefined) evidence['text'] = input.text;
  if (input.corrected !== undefined) evidence['corrected'] = input.corrected;
  return {
    code,
    severity,
    title: input.title,
    detail: input.detail,
    nextSteps: input.nextSteps ?? [],
    ...(input.kb !== undefined && { kb: input.kb }),
    ...(Object.keys(evidence).length > 0 && { evidence }),
  };
}

export interface ValidationResult {
  kind: string;
  valid: boolean;
  findings: Finding[];
}
