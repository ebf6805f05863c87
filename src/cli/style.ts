import type { Severity } from '../core/report';

/** Terminal colour, only on a TTY and never when NO_COLOR is set (no-color.org). */
export interface TextStyle {
  severity(severity: Severity | 'ok', text: string): string;
  bold(text: string): string;
  dim(text: string): string;
}

const CODES: Record<Severity, string> = { critical: '31', warning: '33', info: '36', ok: '32' };

export function textStyle(colour: boolean): TextStyle {
  const wrap = (code: string, text: string): string => (colour ? `\u001b[${code}m${text}\u001b[0m` : text);
  return {
    severity: (severity, text) => wrap(`1;${CODES[severity]}`, text),
    bold: (text) => wrap('1', text),
    dim: (text) => wrap('2', text),
  };
}

export function wantsColour(stream: { isTTY?: boolean }, env: Record<string, string | undefined>): boolean {
  return stream.isTTY === true && env['NO_COLOR'] === undefined && env['TERM'] !== 'dumb';
}
