import { type CliCommand, type CommandGroup, type HelpTopic, optionLabel, type Program } from './args';

/**
 * Help text, made from the same command table the parser reads, so it cannot leave an option out. Loaded only
 * when help is shown.
 */

const HELP_OPTION = { label: '-h, --help', text: 'show this help' };
/** Labels longer than this put their description on the next line rather than push every column right. */
const MAX_LABEL = 24;

/** Greedy word wrap; a word longer than the width gets a line of its own. */
function wrap(text: string, width: number): string[] {
  const lines: string[] = [];
  let line = '';
  for (const word of text.split(/\s+/).filter((w) => w !== '')) {
    if (line !== '' && line.length + 1 + word.length > width) {
      lines.push(line);
      line = word;
    } else line = line === '' ? word : `${line} ${word}`;
  }
  if (line !== '') lines.push(line);
  return lines;
}

/** Two columns: labels, and descriptions wrapped to the terminal with a hanging indent. */
function table(rows: readonly { label: string; text: string }[], columns: number): string[] {
  const labelWidth = Math.min(MAX_LABEL, Math.max(...rows.map((r) => r.label.length)));
  const indent = 2 + labelWidth + 2;
  const width = Math.max(30, columns - indent);
  const out: string[] = [];
  for (const { label, text } of rows) {
    const [first = '', ...more] = wrap(text, width);
    if (label.length > labelWidth) out.push(`  ${label}`, `${' '.repeat(indent)}${first}`.trimEnd());
    else out.push(`  ${label.padEnd(labelWidth)}  ${first}`.trimEnd());
    for (const line of more) out.push(`${' '.repeat(indent)}${line}`);
  }
  return out;
}

const argLabel = (cmd: CliCommand): string =>
  cmd.args.map((a) => `<${a.name}${a.variadic ? '...' : ''}>`).join(' ');

/** `check [options] <host>`: a command as the command lists show it. */
export const commandSignature = (cmd: CliCommand): string =>
  [cmd.name, Object.keys(cmd.options).length > 0 ? '[options]' : '', argLabel(cmd)]
    .filter((part) => part !== '')
    .join(' ');

const groupSignature = (group: CommandGroup): string =>
  `${group.name} ${group.subcommands.map((c) => c.name).join('|')}`;

/** `usage` is the command as typed before its arguments: `rpccheck check`, `rpccheck watch add`. */
function commandHelp(usage: string, cmd: CliCommand, columns: number): string {
  const lines = [
    `Usage: ${usage} [options]${cmd.args.length > 0 ? ` ${argLabel(cmd)}` : ''}`,
    '',
    ...wrap(cmd.summary, columns),
  ];
  if (cmd.args.length > 0)
    lines.push(
      '',
      'Arguments:',
      ...table(
        cmd.args.map((a) => ({ label: a.name, text: a.description })),
        columns,
      ),
    );
  const options = Object.entries(cmd.options).map(([key, spec]) => ({
    label: optionLabel(key, spec),
    text: `${spec.required ? '(required) ' : ''}${spec.description}`,
  }));
  lines.push('', 'Options:', ...table([...options, HELP_OPTION], columns));
  return lines.join('\n');
}

function groupHelp(program: Program, group: CommandGroup, columns: number): string {
  return [
    `Usage: ${program.name} ${group.name} <command> [options]`,
    '',
    ...wrap(group.summary, columns),
    '',
    'Commands:',
    ...table(
      group.subcommands.map((c) => ({ label: commandSignature(c), text: c.summary })),
      columns,
    ),
    '',
    `\`${program.name} ${group.name} <command> --help\` shows a command's arguments and options.`,
  ].join('\n');
}

function programHelp(program: Program, columns: number): string {
  const rows = program.commands.map((c) =>
    c.kind === 'command'
      ? { label: commandSignature(c), text: c.summary }
      : { label: groupSignature(c), text: c.summary },
  );
  return [
    `Usage: ${program.name} <command> [options]`,
    `       ${program.name} <host> [options]   (the same as ${program.name} ${program.defaultCommand} <host>)`,
    '',
    ...wrap(program.summary, columns),
    '',
    'Commands:',
    ...table([...rows, { label: 'help [command]', text: 'show help for a command' }], columns),
    '',
    'Options:',
    ...table([{ label: '-V, --version', text: 'print the version' }, HELP_OPTION], columns),
    '',
    `\`${program.name} <command> --help\` shows a command's arguments and options.`,
  ].join('\n');
}

/** The help for a topic the parser chose, wrapped to `columns`. */
export function helpText(topic: HelpTopic, columns: number): string {
  switch (topic.kind) {
    case 'program':
      return programHelp(topic.program, columns);
    case 'group':
      return groupHelp(topic.program, topic.group, columns);
    case 'command':
      return commandHelp(topic.usage, topic.command, columns);
  }
}
