/**
 * The knowledge base: entries, matching, guided flows and validators for pasted configuration. Pure: no
 * Slack, no console; the CLI and the bot call this.
 *
 *   const kb = knowledgeBase();           // the compiled kb.json when built, else kb/*.yaml, validated once
 *   kb.match(text, 5)                     // [{ id, title, score }] best first; [] when nothing clears the floor
 *   kb.get(id) / kb.forFinding(code)      // an entry
 *   kb.flows.start() / kb.flows.step(id)  // a question with choices, or an end (entries, check, validator)
 *   validate(kind, text), detectPaste(text)
 */
export { KnowledgeBase, knowledgeBase } from './knowledge-base';
export type { Explanation, FindingAnswer } from './knowledge-base';
export { detectPaste, findPaste, isValidatorKind, pasteValue, validate, VALIDATOR_KINDS } from './validators';
export type { Paste } from './validators';
export type { ValidationResult } from './validators/validator-findings';
export type { Entry, ValidatorKind } from './schema';
export type { FlowView } from './flows';
export type { KbMatch, SerializedIndex } from './match';
export { KbError } from './kb-error';
