/** The kinds `validate` accepts, apart from schema.ts so the CLI can list them without loading zod. */
export const validatorKinds = ['validports', 'nspi', 'rpcdump', 'event'] as const;

export type ValidatorKind = (typeof validatorKinds)[number];
