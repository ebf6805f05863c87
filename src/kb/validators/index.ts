import type { Finding } from '../../core/report';
import type { ValidatorKind } from '../schema';
import { looksLikeEvent, validateEvent } from './event';
import { validateNspi } from './nspi';
import { looksLikeRpcdump, validateRpcdump } from './rpcdump';
import type { ValidationResult } from './validator-findings';
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

/** Runs one validator; `valid` means no warning and no error. */
export function validate(kind: ValidatorKind, text: string): ValidationResult {
  const findings = VALIDATORS[kind](text);
  return { kind, valid: findings.every((f) => f.severity === 'ok' || f.severity === 'info'), findings };
}

/** Which validator a pasted blob is for, so the bot can run it without being told; undefined for prose. */
export function detectPaste(text: string): ValidatorKind | undefined {
  if (looksLikeEvent(text)) return 'event';
  if (/NSPI interface protocol sequences/i.test(text)) return 'nspi';
  if (looksLikeRpcdump(text) && /\[\d+\]/.test(text)) return 'rpcdump';
  if (/\bValidPorts\b.*\b[\w.-]+[:;]\d{2,5}/is.test(text)) return 'validports';
  const bare = text.trim();
  if (/^[\w.*-]+[:;]\d{1,5}(?:-\d{1,5})?(?:\s*[;,:]\s*[\w.*-]+(?:[:;]\d{1,5}(?:-\d{1,5})?)?)+;?$/.test(bare))
    return 'validports';
  if (/^\s*nca[a-z]+_[a-z]+\s*[:;]?\s*\d*\s*$/i.test(bare)) return 'nspi';
  return undefined;
}
