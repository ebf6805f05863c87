import { readFileSync } from 'node:fs';
import path from 'node:path';
import { type CliCommand, flagName, type Program } from '../../src/cli/args';
import { parseCli } from '../../src/cli/main';

/**
 * The README's synopsis of the CLI and the help come from two places (the README is prose; help is made from
 * the command table): each command's line there must name every option its help lists, and no other.
 */
const README = readFileSync(path.join(__dirname, '../../README.md'), 'utf8');

/** The first code block under "## The CLI": one line per command, indented lines continuing it. */
function synopsis(): string[] {
  const section = README.slice(README.indexOf('## The CLI'));
  const block = /```\n([\s\S]*?)```/.exec(section)?.[1] ?? '';
  const lines: string[] = [];
  for (const line of block.split('\n'))
    if (/^\s/.test(line) && lines.length > 0) lines[lines.length - 1] += ` ${line.trim()}`;
    else if (line.trim() !== '') lines.push(line);
  return lines;
}

/** `rpccheck check …` → check's text; `rpccheck watch add … | remove … | list …` → each subcommand's part. */
function synopsisOf(words: string[]): string | undefined {
  for (const line of synopsis()) {
    if (!line.startsWith(`rpccheck ${words[0]} `)) continue;
    if (words.length === 1) return line;
    const parts = line.slice(`rpccheck ${words[0]} `.length).split(' | ');
    return parts.find((part) => part.startsWith(`${words[1]} `) || part === words[1]);
  }
  return undefined;
}

function commands(): { words: string[]; command: CliCommand }[] {
  const line = parseCli(['--help']);
  if (line.kind !== 'help' || line.topic.kind !== 'program') throw new Error('no program help');
  const program: Program = line.topic.program;
  return program.commands.flatMap((c) =>
    c.kind === 'command'
      ? [{ words: [c.name], command: c }]
      : c.subcommands.map((s) => ({ words: [c.name, s.name], command: s })),
  );
}

describe("the README's synopsis of the CLI", () => {
  it('lists every command with exactly the options its help lists', () => {
    const inHelp: Record<string, string[]> = {};
    const inReadme: Record<string, string[]> = {};
    for (const { words, command } of commands()) {
      const name = words.join(' ');
      inHelp[name] = Object.keys(command.options).map(flagName).sort();
      const text = synopsisOf(words);
      // Up to the line's own description (two spaces or more), which may name other commands' options.
      const usage = text?.split(/ {2,}/)[0];
      inReadme[name] =
        usage === undefined ? ['(missing)'] : [...new Set(usage.match(/--[a-z][a-z-]*/g))].sort();
    }
    expect(inReadme).toEqual(inHelp);
  });
});
