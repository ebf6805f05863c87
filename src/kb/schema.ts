import { z } from 'zod';
import { validatorKinds } from './validator-kinds';

/** The shape of the data files under kb/, checked on load so a broken entry fails with its file and field. */

const text = z.string().trim().min(1);
const kebab = z.string().regex(/^[a-z0-9]+(?:-[a-z0-9]+)*$/, 'must be kebab-case (a-z, 0-9, -)');

export const entrySchema = z.strictObject({
  id: kebab,
  title: text,
  symptoms: z.array(text).min(1),
  keywords: z.array(z.union([text, z.number().transform(String)])).default([]),
  cause: text,
  verify: z.array(text).min(1),
  fix: z.array(text).min(1),
  findings: z.array(z.string().regex(/^[a-z0-9]+\.[a-z_]+$/, 'must be a finding code like cert.expired')),
  sources: z.array(text).min(1),
});

export const synonymsSchema = z.array(
  z.strictObject({
    term: z.string().regex(/^[a-z0-9]+$/, 'must be one lower-case word'),
    phrases: z.array(text).min(1),
  }),
);

export const anchorsSchema = z.array(z.string().regex(/^[a-z0-9_.]+$/, 'must be one lower-case word')).min(1);

const choice = z.strictObject({ label: text, next: kebab });
const question = z.strictObject({ id: kebab, question: text, choices: z.array(choice).min(2).max(5) });
const ending = z.strictObject({
  id: kebab,
  end: z.strictObject({
    entries: z.array(kebab).min(1),
    check: z.boolean().optional(),
    validator: z.enum(validatorKinds).optional(),
  }),
});

export const flowSchema = z.strictObject({
  id: kebab,
  start: kebab,
  steps: z.array(z.union([question, ending])).min(1),
});

export type Entry = z.infer<typeof entrySchema>;
export type SynonymGroup = z.infer<typeof synonymsSchema>[number];
export type Flow = z.infer<typeof flowSchema>;
export type FlowStep = Flow['steps'][number];
export { validatorKinds };
export type { ValidatorKind } from './validator-kinds';
