import { MAX_PASTE_CHARS, tooLongMessage } from '../../core/input-limits';
import type { Finding } from '../../core/report';
import type { ValidatorKind } from '../schema';
import { validateEvent } from './event';
import { validateNspi } from './nspi';
import { validateRpcdump } from './rpcdump';
import { issue, type ValidationResult } from './validator-findings';
import { validateValidPorts } from './validports';

const VALIDATORS: Record<ValidatorKind, (text: string) => Finding[]> = {
  validports: validateValidPorts,
  nspi: validateNspi,
  rpcdump: validateRpcdump,
  event: validateEvent,
};

export const VALIDATOR_KINDS = Object.keys(VALIDATORS) as ValidatorKind[];

export function isValidatorKind(kind: string): kind is ValidatorKind {
  return Object.hasOwn(VALIDATORS, kind);
}

/** Runs one validator; `valid` means no warning and no error. Text over MAX_PASTE_CHARS is refused whole. */
export function validate(kind: ValidatorKind, text: string): ValidationResult {
  if (text.length > MAX_PASTE_CHARS)
    return {
      kind,
      valid: false,
      findings: [
        issue(`${kind}.too_long`, 'critical', {
          title: tooLongMessage('paste', text.length, MAX_PASTE_CHARS),
          detail:
            'Nothing was read: a value this long is not a registry value or an event, and checking part of it would miss the rest.',
        }),
      ],
    };
  const findings = VALIDATORS[kind](text);
  return { kind, valid: findings.every((f) => f.severity === 'ok' || f.severity === 'info'), findings };
}

export { detectPaste, findPaste, pasteValue, type Paste } from './detect-paste';
