import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { type CliRun, runCli } from '../fixtures/cli-process';

/**
 * What each command loads, not how long it takes (timings are `npm run bench`'s): the built CLI runs with a
 * preload that writes every loaded module's path to a file when the process exits. Spec §11's start-up
 * budget holds only while commands import their dependencies when they run.
 */
const dir = mkdtempSync(path.join(tmpdir(), 'rpccheck-startup-'));
const PRELOAD = path.join(dir, 'record-modules.js');

interface Run extends CliRun {
  /** Loaded packages by name (`@slack/web-api`, `zod`), and rpccheck's own modules by path under dist/. */
  packages: Set<string>;
  own: Set<string>;
}

let runs = 0;
async function run(args: string[], env: Record<string, string> = {}): Promise<Run> {
  const out = path.join(dir, `modules-${++runs}.json`);
  const result = await runCli(args, {
    env: { RECORD_MODULES_TO: out, ...env },
    nodeArgs: ['--require', PRELOAD],
  });
  const files = existsSync(out) ? (JSON.parse(readFileSync(out, 'utf8')) as string[]) : [];
  const packages = new Set<string>();
  const own = new Set<string>();
  for (const file of files) {
    const inPackage = /node_modules[\\/]((?:@[^\\/]+[\\/])?[^\\/]+)/.exec(file);
    if (inPackage?.[1]) packages.add(inPackage[1].replace('\\', '/'));
    else own.add(path.relative(path.join(__dirname, '../../dist'), file).split(path.sep).join('/'));
  }
  return { ...result, packages, own };
}

/** Heavy packages that only some commands need. */
const SLACK = ['@slack/web-api', '@slack/bolt', '@slack/types', 'axios'];
const STORE = ['better-sqlite3'];
const PROBES = ['undici', 'node-forge'];
const KB_SOURCE = ['yaml', 'zod'];
const SEARCH = ['minisearch', 'wink-porter2-stemmer'];

function expectNone(result: Run, forbidden: string[]): void {
  expect(forbidden.filter((name) => result.packages.has(name))).toEqual([]);
}

beforeAll(() => {
  writeFileSync(
    PRELOAD,
    "process.on('exit', () => require('node:fs').writeFileSync(process.env.RECORD_MODULES_TO, " +
      'JSON.stringify(Object.keys(require.cache))));\n',
  );
});

describe('what each CLI command loads (spec §11 start-up)', () => {
  it('--version and --help load no package and none of the commands, only their table', async () => {
    for (const args of [
      ['--version'],
      ['--help'],
      ['check', '--help'],
      ['validate', '--help'],
      ['autodiscover', '--help'],
    ]) {
      const result = await run(args);
      expect({ args, code: result.code }).toEqual({ args, code: 0 });
      // The command line is parsed by node:util's parseArgs: no argument library to load.
      expect([...result.packages]).toEqual([]);
      expect([...result.own].filter((file) => file.startsWith('src/cli/commands/'))).toEqual([]);
      expect(
        [...result.own].filter((file) => file.startsWith('src/kb/') || file.includes('probes/')),
      ).toEqual(['src/kb/validator-kinds.js']);
    }
    expect((await run(['--version'])).stdout.trim()).toMatch(/^\d+\.\d+\.\d+/);
  });

  it('explain reads the compiled knowledge base: no YAML parser, zod, probe engine, store or Slack', async () => {
    const result = await run(['explain', 'certificate', 'expired']);
    expect(result.code).toBe(0);
    expect(result.stdout).toContain('ssl-expired');
    expect(result.packages.has('minisearch')).toBe(true);
    expect(result.own.has('src/kb/compiled.js')).toBe(true);
    expect(result.own.has('src/kb/load.js')).toBe(false);
    expect([...result.own].filter((file) => file.startsWith('src/cli/commands/'))).toEqual([
      'src/cli/commands/explain.js',
    ]);
    expectNone(result, [...SLACK, ...STORE, ...PROBES, ...KB_SOURCE]);
  });

  it('validate loads its validators and nothing heavy, not even the search index', async () => {
    const result = await run(['validate', 'validports', 'EX01:6001-6002']);
    expect(result.stdout).toContain('validports');
    expect(result.own.has('src/kb/validators/validports.js')).toBe(true);
    expectNone(result, [...SLACK, ...STORE, ...PROBES, ...KB_SOURCE, ...SEARCH]);
  });

  it('check loads the probe engine but neither the store nor Slack', async () => {
    // Nothing listens on port 1: the check runs every probe and reports the host unreachable.
    const result = await run(['check', '127.0.0.1:1', '--timeout', '500', '--json'], {
      RPCCHECK_ALLOW_TARGETS: '127.0.0.0/8',
      RPCCHECK_ALLOWED_PORTS: '1',
    });
    expect((JSON.parse(result.stdout) as { target: { host: string } }).target.host).toBe('127.0.0.1');
    expect(result.packages.has('undici')).toBe(true);
    expectNone(result, [...SLACK, ...STORE, ...KB_SOURCE]);
  });

  it('watch loads the store, and neither the probe engine nor Slack', async () => {
    const result = await run(['watch', 'list'], { RPCCHECK_DB: path.join(dir, 'watch.db') });
    expect(result.stdout).toContain('no watches');
    expect(result.packages.has('better-sqlite3')).toBe(true);
    expectNone(result, [...SLACK, ...PROBES, ...KB_SOURCE, ...SEARCH]);
  });

  it('sweep loads the store, and the Slack SDK only when a bot token is set', async () => {
    const env = { RPCCHECK_DB: path.join(dir, 'sweep.db') };
    const printed = await run(['sweep', '--once'], env);
    expect(printed.stderr).toContain('0 hosts checked');
    expect(printed.packages.has('better-sqlite3')).toBe(true);
    expectNone(printed, [...SLACK, ...KB_SOURCE]);
    const slack = await run(['sweep', '--once'], { ...env, SLACK_BOT_TOKEN: 'xoxb-test' });
    expect(slack.stderr).toContain('0 hosts checked');
    expect(slack.packages.has('@slack/web-api')).toBe(true);
  });
});
