import { type CommandLine, command, type Program, parseCommandLine } from '../../src/cli/args';
import { helpText } from '../../src/cli/help';
import { parseCli } from '../../src/cli/main';

/** A small program whose commands record what they were given, to see what the parser hands an action. */
const seen: unknown[] = [];
const program: Program = {
  name: 'tool',
  summary: 'a tool to test the parser with',
  defaultCommand: 'probe',
  commands: [
    command({
      name: 'probe',
      summary: 'probe a host',
      args: [{ name: 'host', description: 'the host' }],
      options: {
        port: { value: '<n>', description: 'port', integer: [1, 65535] },
        backend: { value: '<name>', description: 'back end', repeatable: true },
        caFile: { value: '<pem>', description: 'CA file' },
        json: { description: 'JSON out' },
      },
      run: async (args, flags) => {
        seen.push({ args, flags });
      },
    }),
    command({
      name: 'say',
      summary: 'say words',
      args: [
        { name: 'kind', description: 'how' },
        { name: 'words', description: 'what', variadic: true },
      ],
      options: {},
      run: async (args, flags) => {
        seen.push({ args, flags });
      },
    }),
    {
      kind: 'group',
      name: 'watch',
      summary: 'watches',
      subcommands: [
        command({
          name: 'add',
          summary: 'add one',
          args: [{ name: 'target', description: 'what to watch' }],
          options: { channel: { value: '<id>', description: 'channel', required: true } },
          run: async (args, flags) => {
            seen.push({ args, flags });
          },
        }),
      ],
    },
  ],
};

/** What the action receives, or the parser's answer when it runs nothing. */
async function parse(argv: string[]): Promise<unknown> {
  const line = parseCommandLine(program, argv);
  if (line.kind !== 'run') return line;
  seen.length = 0;
  await line.run();
  return seen[0];
}
const usage = (message: string | RegExp, helpCommand: string) => ({
  kind: 'usage',
  message: typeof message === 'string' ? message : expect.stringMatching(message),
  helpCommand,
});

describe('parseCommandLine', () => {
  it('hands the action its arguments and typed options, wherever the options stand', async () => {
    expect(
      await parse([
        'probe',
        '--backend',
        'EX01',
        'mail.contoso.com',
        '--port=8443',
        '--backend=EX02',
        '--json',
      ]),
    ).toEqual({
      args: ['mail.contoso.com'],
      flags: { backend: ['EX01', 'EX02'], port: 8443, json: true },
    });
    // camelCase keys are kebab-case flags; the last of a non-repeatable option counts.
    expect(await parse(['probe', 'h', '--ca-file', 'a.pem', '--ca-file', 'b.pem'])).toEqual({
      args: ['h'],
      flags: { caFile: 'b.pem' },
    });
  });

  it('runs the default command when the first word is no command', async () => {
    expect(await parse(['mail.contoso.com', '--json'])).toEqual({
      args: ['mail.contoso.com'],
      flags: { json: true },
    });
    const line = parseCommandLine(program, ['mail.contoso.com']);
    expect(line).toMatchObject({ kind: 'run', helpCommand: 'tool probe --help' });
  });

  it('collects a variadic argument, and takes words after -- as they are', async () => {
    expect(await parse(['say', 'loud', 'a', 'b', '--', '-2146893022', '--json'])).toEqual({
      args: ['loud', ['a', 'b', '-2146893022', '--json']],
      flags: {},
    });
    expect(await parse(['say', 'loud', '-'])).toEqual({ args: ['loud', ['-']], flags: {} });
  });

  it('names each mistake in one line, with the help to read', async () => {
    const probeHelp = 'tool probe --help';
    expect(await parse(['probe'])).toEqual(usage('missing argument <host>', probeHelp));
    expect(await parse(['say', 'loud'])).toEqual(usage('missing argument <words...>', 'tool say --help'));
    expect(await parse(['probe', 'a', 'b'])).toEqual(usage("unexpected argument 'b'", probeHelp));
    expect(await parse(['probe', 'a', '--bogus'])).toEqual(usage("unknown option '--bogus'", probeHelp));
    expect(await parse(['probe', 'a', '-x'])).toEqual(usage("unknown option '-x'", probeHelp));
    expect(await parse(['say', 'x', '-2146893022'])).toEqual(
      usage(/^unknown option '-2146893022': to pass a negative number, put -- before it$/, 'tool say --help'),
    );
    expect(await parse(['probe', 'a', '--json=yes'])).toEqual(
      usage("option '--json' takes no value", probeHelp),
    );
    expect(await parse(['probe', 'a', '--port'])).toEqual(
      usage("option '--port <n>' needs a value", probeHelp),
    );
    // A forgotten value is not taken from the next option; written inline, a leading dash is the value.
    expect(await parse(['probe', 'a', '--ca-file', '--json'])).toEqual(
      usage("option '--ca-file <pem>' needs a value", probeHelp),
    );
    expect(await parse(['probe', 'a', '--ca-file=-odd.pem'])).toEqual({
      args: ['a'],
      flags: { caFile: '-odd.pem' },
    });
    for (const port of ['abc', '0', '65536', '1.5', '-1'])
      expect(await parse(['probe', 'a', `--port=${port}`])).toEqual(
        usage(`option '--port <n>': expected a whole number from 1 to 65535, not '${port}'`, probeHelp),
      );
    expect(await parse(['watch', 'add', 'h'])).toEqual(
      usage("missing option '--channel <id>'", 'tool watch add --help'),
    );
    expect(await parse(['watch', 'drop', 'h'])).toEqual(
      usage("unknown command 'watch drop': use add", 'tool watch --help'),
    );
    expect(await parse(['help', 'nope'])).toEqual(usage("unknown command 'nope'", 'tool --help'));
  });

  it("takes a negative number as the value it is, and judges it by the option's rule", async () => {
    const probeHelp = 'tool probe --help';
    expect(await parse(['probe', 'a', '--port', '-5'])).toEqual(
      usage("option '--port <n>': expected a whole number from 1 to 65535, not '-5'", probeHelp),
    );
    expect(await parse(['probe', 'a', '--ca-file', '-1.pem'])).toEqual({
      args: ['a'],
      flags: { caFile: '-1.pem' },
    });
    // A word that is an option is still no value.
    expect(await parse(['probe', 'a', '--port', '-x'])).toEqual(
      usage("option '--port <n>' needs a value", probeHelp),
    );
  });

  it('names a missing argument before a missing option: the target is what the command is about', async () => {
    expect(await parse(['watch', 'add'])).toEqual(
      usage('missing argument <target>', 'tool watch add --help'),
    );
    expect(await parse(['watch', 'add', '--channel', 'C1'])).toEqual(
      usage('missing argument <target>', 'tool watch add --help'),
    );
  });

  it('takes a single word that is no command for a mistyped command, not a host', async () => {
    expect(await parse(['prbe', 'x'])).toEqual(
      usage("unknown command 'prbe' (did you mean probe?)", 'tool --help'),
    );
    expect(await parse(['hlep'])).toEqual(
      usage("unknown command 'hlep' (did you mean help?)", 'tool --help'),
    );
    expect(await parse(['frobnicate'])).toEqual(
      usage(
        "unknown command 'frobnicate'; a host name without a dot is checked with tool probe frobnicate",
        'tool --help',
      ),
    );
    expect(await parse(['watch', 'ad', 'h'])).toEqual(
      usage("unknown command 'watch ad' (did you mean add?)", 'tool watch --help'),
    );
    expect(await parse(['help', 'sya'])).toEqual(
      usage("unknown command 'sya' (did you mean say?)", 'tool --help'),
    );
    // Anything with a dot, a port, brackets or a URL is a host, and so is a line starting with an option.
    for (const host of [
      'mail.contoso.com',
      'exch01:443',
      '[::1]',
      '10.0.0.5',
      'https://exch01/rpc/rpcproxy.dll',
    ])
      expect(await parse([host])).toEqual({ args: [host], flags: {} });
    expect(await parse(['--json', 'exch01'])).toEqual({ args: ['exch01'], flags: { json: true } });
    expect(await parse(['probe', 'exch01'])).toEqual({ args: ['exch01'], flags: {} });
  });

  it('quotes what the user typed cut short and with control characters escaped', async () => {
    const escape = '\u001b[31m';
    const line = await parse(['probe', 'a', `b${escape}`]);
    expect(line).toEqual(usage("unexpected argument 'b\\x1b[31m'", 'tool probe --help'));
    const long = (await parse(['probe', 'a', `--port=${'9'.repeat(5000)}`])) as { message: string };
    expect(long.message.length).toBeLessThan(200);
    expect(long.message).toMatch(/9…'$/);
    expect(await parse([`x${escape}`])).toMatchObject({
      message: expect.stringMatching(/^unknown command 'x\\x1b\[31m'/),
    });
  });

  it('gives help and the version when asked, and help with exit 3 when nothing is asked', () => {
    const help = (line: CommandLine) =>
      line.kind === 'help' ? [line.exitCode, helpText(line.topic, 80).split('\n')[0]] : line;
    expect(help(parseCommandLine(program, []))).toEqual([3, 'Usage: tool <command> [options]']);
    for (const flag of ['--help', '-h'])
      expect(help(parseCommandLine(program, [flag]))).toEqual([0, 'Usage: tool <command> [options]']);
    for (const flag of ['--version', '-V'])
      expect(parseCommandLine(program, [flag])).toEqual({ kind: 'version' });
    // --help wins over any mistake on the same line, as it did with commander.
    expect(help(parseCommandLine(program, ['probe', '--bogus', '-h']))).toEqual([
      0,
      'Usage: tool probe [options] <host>',
    ]);
    expect(help(parseCommandLine(program, ['help', 'say']))).toEqual([
      0,
      'Usage: tool say [options] <kind> <words...>',
    ]);
    expect(help(parseCommandLine(program, ['help', 'watch', 'add']))).toEqual([
      0,
      'Usage: tool watch add [options] <target>',
    ]);
    // The help command's own help is the general one.
    expect(help(parseCommandLine(program, ['help', 'help']))).toEqual([0, 'Usage: tool <command> [options]']);
    expect(help(parseCommandLine(program, ['watch']))).toEqual([3, 'Usage: tool watch <command> [options]']);
    expect(help(parseCommandLine(program, ['watch', '--help']))).toEqual([
      0,
      'Usage: tool watch <command> [options]',
    ]);
  });
});

describe("rpccheck's command table", () => {
  const helpFor = (argv: string[]): string => {
    const line = parseCli(argv);
    if (line.kind !== 'help') throw new Error(`${argv.join(' ')}: no help`);
    return helpText(line.topic, 80);
  };

  it('lists every command, and each command help every option it takes', () => {
    const top = helpFor(['--help']);
    for (const name of ['check', 'autodiscover', 'explain', 'validate', 'watch', 'sweep'])
      expect(top).toMatch(new RegExp(`^  ${name} `, 'm'));
    const check = helpFor(['check', '--help']);
    for (const flag of [
      '--ip <address>',
      '--port <n>',
      '--ca-file <pem>',
      '--timeout <ms>',
      '--warn-days <n>',
    ])
      expect(check).toContain(flag);
    for (const flag of ['--http-port <n>', '--user <DOMAIN\\user>', '--backend <name>', '--json'])
      expect(check).toContain(flag);
    expect(check).toContain('--connect-to <HOST:PORT:ADDRESS:PORT2>');
    expect(helpFor(['help', 'watch', 'add'])).toMatch(/--channel <id>\s+\(required\)/);
    expect(helpFor(['validate', '-h'])).toContain('validports | nspi | rpcdump | event');
  });

  it('wraps help to the terminal: only a single long word may pass the edge', () => {
    for (const argv of [['--help'], ['check', '--help'], ['autodiscover', '--help'], ['watch', '--help']])
      for (const line of helpFor(argv).split('\n'))
        if (line.length > 80) expect(line.trim()).not.toContain(' ');
  });

  it('`rpccheck <host>` is check, and a command runs only when the line is whole', () => {
    expect(parseCli(['mail.contoso.com', '--port', '8443'])).toMatchObject({
      kind: 'run',
      helpCommand: 'rpccheck check --help',
    });
    expect(parseCli(['check', 'mail.contoso.com', '--port', 'abc'])).toMatchObject({ kind: 'usage' });
    expect(parseCli(['sweep', 'now'])).toEqual({
      kind: 'usage',
      message: "unexpected argument 'now'",
      helpCommand: 'rpccheck sweep --help',
    });
  });
});
