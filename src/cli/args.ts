import { parseArgs } from 'node:util';
import { looksLikeHost, namesNear } from '../core/command-word';
import type { editDistance as EditDistance } from '../kb/edit-distance';
import type * as UserText from './user-text';

/**
 * The command line, on Node's own util.parseArgs: a table of commands, each with its arguments and options,
 * from which both the parsing and the help text come. It replaced commander, whose loading alone was a third
 * of `rpccheck --version`'s start-up (spec §11). Pure: argv in, what to do out.
 */

/** `--name` (a flag) or `--name <value>`; the table's key is camelCase (`caFile` is `--ca-file`). */
export interface OptionSpec {
  /** How help shows the value: `<pem>`. Absent for a flag, which takes no value. */
  readonly value?: string;
  readonly description: string;
  /** Every occurrence is kept, in order (`--backend EX01 --backend EX02`); otherwise the last one counts. */
  readonly repeatable?: boolean;
  readonly required?: boolean;
  /** The value must be a whole number in this range, and arrives as a number. */
  readonly integer?: readonly [min: number, max: number];
}
export type OptionTable = { readonly [key: string]: OptionSpec };

/** A required positional argument; a variadic one takes the rest and must come last. */
export interface ArgSpec {
  readonly name: string;
  readonly description: string;
  readonly variadic?: boolean;
}

type OneValue<S extends OptionSpec> = S extends { value: string }
  ? S extends { integer: readonly [number, number] }
    ? number
    : string
  : true;
type Value<S extends OptionSpec> = S extends { repeatable: true } ? OneValue<S>[] : OneValue<S>;
type RequiredKeys<O extends OptionTable> = {
  [K in keyof O]: O[K] extends { required: true } ? K : never;
}[keyof O];

/** What an action receives for its options: typed from the same table the parser and the help read. */
export type Flags<O extends OptionTable> = { [K in RequiredKeys<O>]: Value<O[K]> } & {
  [K in Exclude<keyof O, RequiredKeys<O>>]?: Value<O[K]>;
};
export type ArgValues<A extends readonly ArgSpec[]> = {
  [I in keyof A]: A[I] extends { variadic: true } ? string[] : string;
};

export interface CliCommand {
  readonly kind: 'command';
  readonly name: string;
  readonly summary: string;
  readonly args: readonly ArgSpec[];
  readonly options: OptionTable;
  readonly run: (
    args: readonly (string | string[])[],
    flags: Readonly<Record<string, unknown>>,
  ) => Promise<void>;
}

/** `rpccheck watch add|remove|list|import`: a name that only groups subcommands. */
export interface CommandGroup {
  readonly kind: 'group';
  readonly name: string;
  readonly summary: string;
  readonly subcommands: readonly CliCommand[];
}

export interface Program {
  readonly name: string;
  readonly summary: string;
  readonly commands: readonly (CliCommand | CommandGroup)[];
  /** Run when the first word is no command: `rpccheck <host>` is `rpccheck check <host>`. */
  readonly defaultCommand: string;
}

/** A command whose action is typed by its own table; the parser guarantees the shapes the casts assume. */
export function command<const A extends readonly ArgSpec[], const O extends OptionTable>(spec: {
  name: string;
  summary: string;
  args: A;
  options: O;
  run: (args: ArgValues<A>, flags: Flags<O>) => Promise<void>;
}): CliCommand {
  return {
    kind: 'command',
    name: spec.name,
    summary: spec.summary,
    args: spec.args,
    options: spec.options,
    run: (args, flags) => spec.run(args as unknown as ArgValues<A>, flags as Flags<O>),
  };
}

/** What help to show (help.ts writes it; loaded only then). `usage`: the command as typed, `rpccheck watch add`. */
export type HelpTopic =
  | { kind: 'program'; program: Program }
  | { kind: 'group'; program: Program; group: CommandGroup }
  | { kind: 'command'; usage: string; command: CliCommand };

export type CommandLine =
  /** Help asked for (stdout, exit 0), or shown because nothing was asked (stderr, exit 3). */
  | { kind: 'help'; topic: HelpTopic; exitCode: 0 | 3 }
  | { kind: 'version' }
  /** `helpCommand`: where the usage is, should the command find a value it cannot take (a UsageError). */
  | { kind: 'run'; run: () => Promise<void>; helpCommand: string }
  /** One line naming the mistake, and where the usage is. */
  | { kind: 'usage'; message: string; helpCommand: string };

export const flagName = (key: string): string => `--${key.replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`)}`;

export const optionLabel = (key: string, spec: OptionSpec): string =>
  spec.value === undefined ? flagName(key) : `${flagName(key)} ${spec.value}`;

const isHelp = (arg: string | undefined): boolean => arg === '--help' || arg === '-h';

/** User text quoted in a message (user-text.ts, loaded only then: a line without a mistake does without it). */
const quoted = (text: string): string =>
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  (require('./user-text') as typeof UserText).quoteUserText(text);

/** The command names within two typing mistakes of `word`, closest first. */
function nearNames(word: string, names: readonly string[]): string[] {
  // Loaded only on this mistake: `--version` and every well-typed command line do without it (spec §11).
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const { editDistance } = require('../kb/edit-distance') as { editDistance: typeof EditDistance };
  return namesNear(word, names, editDistance);
}

const didYouMean = (word: string, names: readonly string[]): string => {
  const [near] = nearNames(word, names);
  return near === undefined ? '' : ` (did you mean ${near}?)`;
};

/** What the command line asks for. */
export function parseCommandLine(program: Program, argv: readonly string[]): CommandLine {
  const [first, ...rest] = argv;
  if (first === undefined) return { kind: 'help', topic: { kind: 'program', program }, exitCode: 3 };
  if (isHelp(first)) return { kind: 'help', topic: { kind: 'program', program }, exitCode: 0 };
  if (first === '--version' || first === '-V') return { kind: 'version' };
  if (first === 'help') return helpFor(program, rest);
  const named = program.commands.find((c) => c.name === first);
  if (named?.kind === 'command') return parseFor(named, `${program.name} ${named.name}`, rest);
  if (named?.kind === 'group') {
    const [sub, ...subArgs] = rest;
    if (sub === undefined)
      return { kind: 'help', topic: { kind: 'group', program, group: named }, exitCode: 3 };
    if (isHelp(sub)) return { kind: 'help', topic: { kind: 'group', program, group: named }, exitCode: 0 };
    const subcommand = named.subcommands.find((c) => c.name === sub);
    if (subcommand === undefined) {
      const names = named.subcommands.map((c) => c.name);
      const hint = didYouMean(sub, names) || `: use ${names.join(', ')}`;
      return {
        kind: 'usage',
        message: `unknown command '${named.name} ${quoted(sub)}'${hint}`,
        helpCommand: `${program.name} ${named.name} --help`,
      };
    }
    return parseFor(subcommand, `${program.name} ${named.name} ${subcommand.name}`, subArgs);
  }
  const fallback = program.commands.find((c) => c.name === program.defaultCommand);
  if (fallback?.kind !== 'command')
    throw new Error(`default command ${program.defaultCommand} is not a command`);
  // Options may come before the host: `rpccheck --json mail.contoso.com`.
  if (first.startsWith('-') || looksLikeHost(first))
    return parseFor(fallback, `${program.name} ${fallback.name}`, argv);
  const hint =
    didYouMean(first, ['help', ...program.commands.map((c) => c.name)]) ||
    `; a host name without a dot is checked with ${program.name} ${fallback.name} ${quoted(first)}`;
  return {
    kind: 'usage',
    message: `unknown command '${quoted(first)}'${hint}`,
    helpCommand: `${program.name} --help`,
  };
}

/** `rpccheck help [command [subcommand]]`: the same help as `--help` after the command. */
function helpFor(program: Program, words: readonly string[]): CommandLine {
  const [name, sub] = words;
  // `rpccheck help help`: the help command's own help is the general one.
  if (name === undefined || name === 'help')
    return { kind: 'help', topic: { kind: 'program', program }, exitCode: 0 };
  const named = program.commands.find((c) => c.name === name);
  /** `typed` is the word that matched nothing; `names` what it could have been. */
  const unknown = (what: string, typed: string, names: readonly string[]): CommandLine => ({
    kind: 'usage',
    message: `unknown command '${quoted(what)}'${didYouMean(typed, names)}`,
    helpCommand: `${program.name} --help`,
  });
  if (named === undefined) return unknown(name, name, ['help', ...program.commands.map((c) => c.name)]);
  if (named.kind === 'command')
    return {
      kind: 'help',
      topic: { kind: 'command', usage: `${program.name} ${named.name}`, command: named },
      exitCode: 0,
    };
  if (sub === undefined)
    return { kind: 'help', topic: { kind: 'group', program, group: named }, exitCode: 0 };
  const subcommand = named.subcommands.find((c) => c.name === sub);
  if (subcommand === undefined)
    return unknown(
      `${name} ${sub}`,
      sub,
      named.subcommands.map((c) => c.name),
    );
  return {
    kind: 'help',
    topic: {
      kind: 'command',
      usage: `${program.name} ${named.name} ${subcommand.name}`,
      command: subcommand,
    },
    exitCode: 0,
  };
}

/** One command's arguments and options; `usage` is how the command was called (`rpccheck watch add`). */
function parseFor(cmd: CliCommand, usage: string, argv: readonly string[]): CommandLine {
  const fail = (message: string): CommandLine => ({ kind: 'usage', message, helpCommand: `${usage} --help` });
  const byFlag = new Map(Object.entries(cmd.options).map(([key, spec]) => [flagName(key), { key, spec }]));
  const { tokens } = parseArgs({
    args: [...argv],
    options: {
      help: { type: 'boolean', short: 'h' },
      ...Object.fromEntries(
        Object.entries(cmd.options).map(([key, spec]) => [
          flagName(key).slice(2),
          { type: spec.value === undefined ? ('boolean' as const) : ('string' as const) },
        ]),
      ),
    },
    allowPositionals: true,
    // Not strict: its errors are prose about parseArgs; the tokens let each mistake be named as users typed it.
    strict: false,
    tokens: true,
  });
  if (tokens.some((t) => t.kind === 'option' && t.name === 'help'))
    return { kind: 'help', topic: { kind: 'command', usage, command: cmd }, exitCode: 0 };

  const flags: Record<string, unknown> = {};
  const positionals: string[] = [];
  for (const token of tokens) {
    if (token.kind === 'option-terminator') continue;
    if (token.kind === 'positional') {
      positionals.push(token.value);
      continue;
    }
    const option = byFlag.get(token.rawName);
    // A short option (-x) is reported as the whole word it came from: -2146893022 is not `-2`.
    if (option === undefined) {
      const word = argv[token.index] ?? token.rawName;
      // Windows error codes are often pasted in decimal: -2146893022.
      const hint = /^-\d/.test(word) ? ': to pass a negative number, put -- before it' : '';
      return fail(`unknown option '${quoted(word)}'${hint}`);
    }
    const { key, spec } = option;
    const label = optionLabel(key, spec);
    let value: string | number | true = true;
    if (spec.value === undefined) {
      if (token.value !== undefined) return fail(`option '${quoted(token.rawName)}' takes no value`);
    } else {
      // `--port --json` is a forgotten value, not a port named "--json"; `--port=-1` is still possible, and
      // `--timeout -5` is a value too, which the option's rule then judges.
      if (token.value === undefined || (!token.inlineValue && /^-(?!\d)./.test(token.value)))
        return fail(`option '${label}' needs a value`);
      value = token.value;
      if (spec.integer !== undefined) {
        const [min, max] = spec.integer;
        if (!/^\d+$/.test(value) || Number(value) < min || Number(value) > max)
          return fail(
            `option '${label}': expected a whole number from ${min} to ${max}, not '${quoted(value)}'`,
          );
        value = Number(value);
      }
    }
    if (spec.repeatable) flags[key] = [...((flags[key] as unknown[] | undefined) ?? []), value];
    else flags[key] = value;
  }
  const args: (string | string[])[] = [];
  let next = 0;
  for (const arg of cmd.args) {
    if (next >= positionals.length) return fail(`missing argument <${arg.name}${arg.variadic ? '...' : ''}>`);
    if (arg.variadic) {
      args.push(positionals.slice(next));
      next = positionals.length;
    } else args.push(positionals[next++] as string);
  }
  if (next < positionals.length) return fail(`unexpected argument '${quoted(positionals[next] ?? '')}'`);
  // After the arguments: `watch add` with neither names the target, what the command is about, first.
  for (const [key, spec] of Object.entries(cmd.options))
    if (spec.required && flags[key] === undefined) return fail(`missing option '${optionLabel(key, spec)}'`);
  return { kind: 'run', run: () => cmd.run(args, flags), helpCommand: `${usage} --help` };
}
