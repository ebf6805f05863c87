import { plural } from '../../core/plural';
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

/**
 * Positions in one pasted text: the line starts are found once, then each offset is a binary search, so a
 * paste with thousands of findings stays linear (slicing and splitting per finding was quadratic).
 */
export function positionsIn(text: string): (offset: number) => Position {
  const starts = [0];
  for (let at = text.indexOf('\n'); at >= 0; at = text.indexOf('\n', at + 1)) starts.push(at + 1);
  return (offset) => {
    // The last line start at or before offset (an offset on a newline belongs to the line it ends).
    let low = 0;
    let high = starts.length - 1;
    while (low < high) {
      const middle = (low + high + 1) >> 1;
      if ((starts[middle] ?? 0) <= offset) low = middle;
      else high = middle - 1;
    }
    return { offset, line: low + 1, column: offset - (starts[low] ?? 0) + 1 };
  };
}

export function positionOf(text: string, offset: number): Position {
  return positionsIn(text)(offset);
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

/** More findings than anyone reads: the first ones say what is wrong, the rest only cost time (spec §11). */
export const MAX_FINDINGS = 100;

/**
 * Findings of one validation, at most MAX_FINDINGS of them: past that each is only counted (and never built),
 * and `close()` adds one line saying how many more there were.
 */
export function collectFindings(kind: string): {
  findings: Finding[];
  report: (make: () => Finding) => void;
  close: () => Finding[];
} {
  const findings: Finding[] = [];
  let more = 0;
  return {
    findings,
    report: (make) => {
      if (findings.length < MAX_FINDINGS) findings.push(make());
      else more++;
    },
    close: () => {
      if (more > 0)
        findings.push(
          issue(`${kind}.more_findings`, 'info', {
            title: `…and ${plural(more, 'more finding', 'more findings')}`,
            detail: `rpccheck lists the first ${MAX_FINDINGS}; fix those and validate again.`,
          }),
        );
      return findings;
    },
  };
}

export interface ValidationResult {
  kind: string;
  valid: boolean;
  findings: Finding[];
}
