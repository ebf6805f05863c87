import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { parse } from 'yaml';
import type { z } from 'zod';
import { packageRoot } from '../core/package-info';
import { isFindingCode } from '../findings/catalog';
import { KbError } from './kb-error';
import {
  anchorsSchema,
  type Entry,
  entrySchema,
  type Flow,
  flowSchema,
  type SynonymGroup,
  synonymsSchema,
} from './schema';

export interface KbData {
  entries: Entry[];
  synonyms: SynonymGroup[];
  anchors: string[];
  flows: Flow[];
}

function readYaml(file: string): unknown {
  try {
    return parse(readFileSync(file, 'utf8'));
  } catch (error) {
    throw new KbError(
      file,
      '(file)',
      error instanceof Error ? (error.message.split('\n')[0] ?? '') : String(error),
    );
  }
}

function validated<T extends z.ZodType>(file: string, schema: T, data: unknown): z.infer<T> {
  const result = schema.safeParse(data);
  if (result.success) return result.data;
  const issue = result.error.issues[0];
  const field = issue && issue.path.length > 0 ? issue.path.join('.') : '(root)';
  throw new KbError(file, field, issue?.message ?? 'invalid');
}

const yamlFiles = (dir: string): string[] =>
  readdirSync(dir)
    .filter((name) => name.endsWith('.yaml') || name.endsWith('.yml'))
    .sort()
    .map((name) => path.join(dir, name));

/** Reads and checks every data file; cross-references (ids, finding codes, flow targets) included. */
export function loadKbData(dir = path.join(packageRoot(), 'kb')): KbData {
  const entries: Entry[] = [];
  const seen = new Map<string, string>();
  for (const file of yamlFiles(path.join(dir, 'entries'))) {
    const entry = validated(file, entrySchema, readYaml(file));
    if (path.basename(file).replace(/\.ya?ml$/, '') !== entry.id)
      throw new KbError(file, 'id', `"${entry.id}" must match the file name`);
    const other = seen.get(entry.id);
    if (other !== undefined) throw new KbError(file, 'id', `"${entry.id}" is also used by ${other}`);
    seen.set(entry.id, file);
    entry.findings.forEach((code, index) => {
      if (!isFindingCode(code))
        throw new KbError(file, `findings.${index}`, `unknown finding code "${code}"`);
    });
    entries.push(entry);
  }
  const synonymsFile = path.join(dir, 'synonyms.yaml');
  const synonyms = validated(synonymsFile, synonymsSchema, readYaml(synonymsFile));
  const anchorsFile = path.join(dir, 'anchors.yaml');
  const anchors = validated(anchorsFile, anchorsSchema, readYaml(anchorsFile));
  const flows = yamlFiles(path.join(dir, 'flows')).map((file) => {
    const flow = validated(file, flowSchema, readYaml(file));
    const ids = new Set(flow.steps.map((step) => step.id));
    if (!ids.has(flow.start)) throw new KbError(file, 'start', `no step "${flow.start}"`);
    flow.steps.forEach((step, index) => {
      if ('choices' in step)
        step.choices.forEach((choice, c) => {
          if (!ids.has(choice.next))
            throw new KbError(file, `steps.${index}.choices.${c}.next`, `no step "${choice.next}"`);
        });
      else
        step.end.entries.forEach((id, e) => {
          if (!seen.has(id)) throw new KbError(file, `steps.${index}.end.entries.${e}`, `no entry "${id}"`);
        });
    });
    return flow;
  });
  return { entries, synonyms, anchors, flows };
}
