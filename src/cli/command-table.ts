import { command, type Flags, type Program } from './args';
import type { AutodiscoverDeps } from './commands/autodiscover';
import type { CheckDeps } from './commands/check';
import type { ExplainDeps } from './commands/explain';
import type { SweepDeps } from './commands/sweep';
import type { ValidateDeps } from './commands/validate';
import type { WatchDeps } from './commands/watch';
import { validatorKinds } from '../kb/validator-kinds';

/**
 * Every command, its arguments and options: what the parser accepts and what help prints (spec §2). Start-up
 * (spec §11): a command's module, and with it everything it needs, is imported only when that command runs,
 * so `--version`, `--help` and `explain` load none of the others. test/cli/startup-modules.test.ts checks it.
 */

const CONNECT_TO = {
  value: '<HOST:PORT:ADDRESS:PORT2>',
  repeatable: true,
} as const;
const CA_FILE = {
  value: '<pem>',
  description: 'extra trusted CA certificates (an in-house root), added to the system store',
} as const;
const TIMEOUT = {
  value: '<ms>',
  description: 'time limit for each probe (default RPCCHECK_TIMEOUT_MS or 10000)',
  integer: [100, 300000],
} as const;
const JSON_REPORT = { description: 'print the report as one JSON document on stdout' } as const;

const CHECK_OPTIONS = {
  ip: {
    value: '<address>',
    description: 'connect to this IP; SNI, certificate name and Host stay the host name',
  },
  port: {
    value: '<n>',
    description: 'port to check (default 443, or the one in the target)',
    integer: [1, 65535],
  },
  caFile: CA_FILE,
  timeout: TIMEOUT,
  warnDays: {
    value: '<n>',
    description: 'warn when the certificate expires within this many days (default 30)',
    integer: [0, 3650],
  },
  httpPort: {
    value: '<n>',
    description: 'port of the plaintext companion probe (default 80)',
    integer: [1, 65535],
  },
  user: {
    value: '<DOMAIN\\user>',
    description:
      'test account for the authenticated RPC ping of 6001/6002/6004; password from RPCCHECK_PROBE_PASSWORD or a prompt',
  },
  backend: {
    value: '<name>',
    description:
      'back-end server to ping, NetBIOS or FQDN; repeat for several (default: the names the NTLM challenge gives)',
    repeatable: true,
  },
  connectTo: {
    ...CONNECT_TO,
    description:
      "connect to ADDRESS:PORT2 for HOST:PORT (repeatable, curl's meaning); names, SNI and Host stay as they are",
  },
  json: JSON_REPORT,
} as const;
export type CheckFlags = Flags<typeof CHECK_OPTIONS>;

const AUTODISCOVER_OPTIONS = {
  connectTo: {
    ...CONNECT_TO,
    description:
      "connect to ADDRESS:PORT2 for HOST:PORT (repeatable, curl's meaning): split DNS, a node behind a load balancer",
  },
  caFile: CA_FILE,
  timeout: TIMEOUT,
  warnDays: {
    value: '<n>',
    description: 'warn when a certificate expires within this many days',
    integer: [0, 3650],
  },
  httpPort: {
    value: '<n>',
    description: 'port of the plaintext redirect candidate (default 80)',
    integer: [1, 65535],
  },
  user: {
    value: '<DOMAIN\\user>',
    description:
      'test account to read the settings and PING MAPI; password from RPCCHECK_PROBE_PASSWORD or a prompt',
  },
  json: JSON_REPORT,
} as const;
export type AutodiscoverFlags = Flags<typeof AUTODISCOVER_OPTIONS>;

const CHANNEL = { value: '<id>', description: 'Slack channel id', required: true } as const;

/** What the commands get from the composition root (main.ts). */
export type CliDeps = CheckDeps & AutodiscoverDeps & ExplainDeps & ValidateDeps & WatchDeps & SweepDeps;

export function cliProgram(deps: CliDeps): Program {
  return {
    name: 'rpccheck',
    summary: 'Diagnose Outlook Anywhere (RPC over HTTPS) front ends and certificate expiry',
    defaultCommand: 'check',
    commands: [
      command({
        name: 'check',
        summary:
          'check an Outlook Anywhere front end: DNS, TCP, TLS and certificate, RPC proxy, authentication',
        args: [
          {
            name: 'host',
            description:
              'mail.contoso.com, mail.contoso.com:8443, https://mail.contoso.com/rpc/rpcproxy.dll, [2001:db8::1]:443',
          },
        ],
        options: CHECK_OPTIONS,
        run: async ([host], flags) => (await import('./commands/check')).check(host, flags, deps),
      }),
      command({
        name: 'autodiscover',
        summary:
          "walk Outlook's path: Autodiscover candidates, the Outlook Anywhere settings they hand out, MAPI over HTTP",
        args: [
          {
            name: 'email|domain',
            description: 'alice@contoso.com (reads the settings with --user), or contoso.com',
          },
        ],
        options: AUTODISCOVER_OPTIONS,
        run: async ([input], flags) =>
          (await import('./commands/autodiscover')).autodiscover(input, flags, deps),
      }),
      command({
        name: 'explain',
        summary: 'explain a symptom, an error message or a finding code (e.g. cert.expired)',
        args: [
          { name: 'text', description: 'what users see, a pasted error, or a finding code', variadic: true },
        ],
        options: { json: { description: 'print { query, matches: [{ id, title, score }] }' } },
        run: async ([words], flags) => (await import('./commands/explain')).explain(words, flags, deps),
      }),
      command({
        name: 'validate',
        summary: `check pasted configuration: ${validatorKinds.join(', ')} (- reads stdin)`,
        args: [
          { name: 'kind', description: validatorKinds.join(' | ') },
          { name: 'value', description: 'the value, or - to read it from stdin', variadic: true },
        ],
        options: { json: { description: 'print { kind, valid, findings }' } },
        run: async ([kind, words], flags) =>
          (await import('./commands/validate')).validate(kind, words, flags, deps),
      }),
      {
        kind: 'group',
        name: 'watch',
        summary: 'manage certificate watches (the same store the bot uses)',
        subcommands: [
          command({
            name: 'add',
            summary: "watch a host's certificate and remind a Slack channel before it expires",
            args: [{ name: 'target', description: 'host in any form; `host via 10.0.0.5` pins the address' }],
            options: {
              channel: { ...CHANNEL, description: 'Slack channel id that gets the reminders (C…)' },
              days: { value: '<list>', description: 'reminder thresholds in days, e.g. 30,14,7,3,1' },
            },
            run: async ([target], flags) => (await import('./commands/watch')).watchAdd(target, flags, deps),
          }),
          command({
            name: 'remove',
            summary: 'stop watching a host for a channel',
            args: [{ name: 'target', description: 'the host as it was added' }],
            options: { channel: CHANNEL },
            run: async ([target], flags) =>
              (await import('./commands/watch')).watchRemove(target, flags, deps),
          }),
          command({
            name: 'list',
            summary: 'list the watches, their certificates and when they were last checked',
            args: [],
            options: {
              json: { description: 'print the watches as JSON' },
              channel: { value: '<id>', description: 'only this channel' },
            },
            run: async (_args, flags) => (await import('./commands/watch')).watchList(flags, deps),
          }),
          command({
            name: 'import',
            summary: 'watch many hosts at once, from a file or stdin',
            args: [
              {
                name: 'file',
                description:
                  'one target per line (any form, `via` allowed), optional `,days` (e.g. `,30 14 7`); - reads stdin',
              },
            ],
            options: { channel: CHANNEL },
            run: async ([file], flags) => (await import('./commands/watch')).watchImport(file, flags, deps),
          }),
        ],
      },
      command({
        name: 'sweep',
        summary: 'check watched hosts and post certificate reminders (to Slack when configured)',
        args: [],
        options: { once: { description: 'sweep now and exit, instead of running on RPCCHECK_SWEEP_CRON' } },
        run: async (_args, flags) => (await import('./commands/sweep')).sweep(flags, deps),
      }),
    ],
  };
}
