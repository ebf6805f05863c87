import type { Finding } from '../../core/report';
import { validatorKinds } from '../../kb/validator-kinds';
import { EXIT_REFUSED } from '../exit-codes';
import type { CliIo } from '../io';
import type { TextStyle } from '../style';

export interface ValidateDeps {
  io: CliIo;
  style: TextStyle;
}

const LABEL = { critical: 'ERROR', warning: 'WARNING', info: 'INFO', ok: 'OK' } as const;

/** `safe` makes the pasted text a title, detail or correction quotes inert (a `reg query` paste holds \r). */
function formatFinding(f: Finding, style: TextStyle, safe: (text: string) => string): string[] {
  const evidence = f.evidence ?? {};
  const position = evidence['position'] as { line: number; column: number } | undefined;
  const lines = [
    `${style.severity(f.severity, LABEL[f.severity].padEnd(8))} ${style.bold(safe(f.title))}  ${style.dim(f.code)}`,
    `         ${safe(f.detail)}`,
  ];
  if (position) lines.push(`         at line ${position.line}, column ${position.column}`);
  if (typeof evidence['corrected'] === 'string')
    lines.push(`         corrected: ${safe(evidence['corrected'])}`);
  f.nextSteps.forEach((step, i) => lines.push(`         ${i + 1}. ${step}`));
  return lines;
}

/** `rpccheck validate <kind> <value|->`: exit 0 valid, 1 warnings only, 2 errors, 3 unknown kind. */
export async function validate(
  kind: string,
  words: string[],
  flags: { json?: true },
  deps: ValidateDeps,
): Promise<void> {
  const { io, style } = deps;
  const [{ isValidatorKind, validate: validateValue }, { quoteUserText, terminalSafe }] = await Promise.all([
    import('../../kb/validators'),
    import('../user-text'),
  ]);
  if (!isValidatorKind(kind)) {
    io.stderr(`rpccheck: unknown kind "${quoteUserText(kind)}": use ${validatorKinds.join(', ')}`);
    io.setExitCode(EXIT_REFUSED);
    return;
  }
  const value = words.length === 1 && words[0] === '-' ? await io.readStdin() : words.join(' ');
  const result = validateValue(kind, value);
  const worst = result.findings.some((f) => f.severity === 'critical')
    ? 2
    : result.findings.some((f) => f.severity === 'warning')
      ? 1
      : 0;
  io.setExitCode(worst);
  if (flags.json) {
    io.stdout(JSON.stringify(result, null, 2));
    return;
  }
  const verdict = worst === 2 ? 'critical' : worst === 1 ? 'warning' : 'ok';
  const lines = [
    `${style.severity(verdict, worst === 2 ? 'INVALID' : worst === 1 ? 'WARNINGS' : 'VALID')}  ${kind}`,
    '',
  ];
  for (const f of result.findings) lines.push(...formatFinding(f, style, terminalSafe), '');
  io.stdout(lines.join('\n').trimEnd());
}
