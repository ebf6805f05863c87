import { X509Certificate } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { Cron } from 'croner';
import { ConfigError } from './core/errors';
import {
  createTargetPolicy,
  DEFAULT_ALLOWED_PORTS,
  parseRuleList,
  type TargetPolicy,
  type TargetRule,
} from './core/target-policy';

/**
 * Environment → typed configuration, in one place (spec §7). A bad value throws a ConfigError naming the
 * variable, so start-up stops with a message an operator can act on.
 */

export interface ProbeCredentials {
  user: string;
  password: string;
  /**
   * The hosts the account may be sent to (RPCCHECK_PROBE_TARGETS). Absent only when an operator named the one
   * host to check on the command line with `--user`: anything else anyone can ask for must be on the list.
   */
  targets?: readonly TargetRule[];
}

export interface Config {
  slack: {
    botToken?: string;
    signingSecret?: string;
    appToken?: string;
    apiUrl?: string;
    port: number;
  };
  dbPath: string;
  /** PostgreSQL (RPCCHECK_DATABASE_URL) for several replicas; SQLite at dbPath when absent. */
  databaseUrl?: string;
  policy: TargetPolicy;
  caFile?: string;
  /** PEM blocks read from RPCCHECK_CA_FILE, added to the system trust store. */
  extraCaPem: string[];
  timeoutMs: number;
  warnDays: number;
  sweepCron: string;
  reminderDays: number[];
  sweepConcurrency: number;
  /** On-demand checks running at once in one process; the rest wait in a fair queue. */
  maxChecks: number;
  unreachableAfter: number;
  rateLimitPerMinute: number;
  allowedChannels: string[];
  admins: string[];
  probeCredentials?: ProbeCredentials;
}

export type Env = Record<string, string | undefined>;

function value(env: Env, name: string): string | undefined {
  const raw = env[name];
  return raw === undefined || raw.trim() === '' ? undefined : raw.trim();
}

function integer(env: Env, name: string, fallback: number, min: number, max: number): number {
  const raw = value(env, name);
  if (raw === undefined) return fallback;
  if (!/^\d+$/.test(raw)) throw new ConfigError(name, `"${raw}" is not a whole number`);
  const parsed = Number(raw);
  if (parsed < min || parsed > max) throw new ConfigError(name, `${parsed} is outside ${min}-${max}`);
  return parsed;
}

function list(env: Env, name: string): string[] {
  return (value(env, name) ?? '')
    .split(',')
    .map((item) => item.trim())
    .filter((item) => item !== '');
}

/** `30,14,7,3,1` → [30, 14, 7, 3, 1], largest first, no duplicates. */
export function parseDays(text: string): number[] | string {
  const days = new Set<number>();
  for (const item of text.split(',')) {
    const trimmed = item.trim();
    if (trimmed === '') continue;
    if (!/^\d{1,4}$/.test(trimmed) || Number(trimmed) < 1)
      return `"${trimmed}" is not a number of days (1 or more)`;
    days.add(Number(trimmed));
  }
  if (days.size === 0) return 'no days given';
  return [...days].sort((a, b) => b - a);
}

/** RPCCHECK_ALLOWED_CHANNELS (empty: every channel), direct messages always: where the bot answers and posts. */
export function channelAllowed(config: Pick<Config, 'allowedChannels'>, channel: string): boolean {
  return (
    config.allowedChannels.length === 0 || config.allowedChannels.includes(channel) || channel.startsWith('D')
  );
}

/** PEM certificate blocks in a file; an unreadable file or one without certificates is a configuration error. */
export function readCaFile(path: string, variable: string): string[] {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (error) {
    throw new ConfigError(variable, `cannot read ${path}: ${(error as Error).message}`);
  }
  const blocks = [...text.matchAll(/-----BEGIN CERTIFICATE-----[\s\S]+?-----END CERTIFICATE-----/g)];
  if (blocks.length === 0) throw new ConfigError(variable, `${path} contains no PEM certificate`);
  // A block that is not a certificate would otherwise be dropped by the trust store without a word, and the
  // check would run as if the file had not been given.
  blocks.forEach((block, index) => {
    try {
      new X509Certificate(block[0]);
    } catch {
      const line = text.slice(0, block.index).split('\n').length;
      throw new ConfigError(
        variable,
        `${path}: certificate ${index + 1} of ${blocks.length} (line ${line}) is not a valid certificate`,
      );
    }
  });
  return blocks.map((block) => block[0]);
}

function url(env: Env, name: string): string | undefined {
  const raw = value(env, name);
  if (raw === undefined) return undefined;
  try {
    const parsed = new URL(raw);
    if (parsed.protocol !== 'http:' && parsed.protocol !== 'https:') throw new Error('not http(s)');
  } catch {
    throw new ConfigError(name, `"${raw}" is not an http(s) URL`);
  }
  return raw.endsWith('/') ? raw : `${raw}/`;
}

/** A postgres:// or postgresql:// connection URL (node-postgres reads the rest: host, port, database, sslmode). */
function databaseUrl(env: Env, name: string): string | undefined {
  const raw = value(env, name);
  if (raw === undefined) return undefined;
  let protocol: string | undefined;
  try {
    protocol = new URL(raw).protocol;
  } catch {
    protocol = undefined;
  }
  if (protocol !== 'postgres:' && protocol !== 'postgresql:')
    throw new ConfigError(name, 'must be a postgres:// or postgresql:// URL');
  return raw;
}

/** `DOMAIN\\user` or `user@domain`: the forms the RPC proxy's Basic authentication accepts. */
export function isProbeUser(user: string): boolean {
  return /^[^\\@\s]+\\[^\\@\s]+$|^[^\\@\s]+@[^\\@\s]+$/.test(user);
}

/**
 * The bot's test account: user, password and the hosts it may be sent to. The password alone (no user) is not
 * an account: it is what `rpccheck check --user` reads instead of prompting.
 */
function credentials(env: Env): ProbeCredentials | undefined {
  const user = value(env, 'RPCCHECK_PROBE_USER');
  const password = env['RPCCHECK_PROBE_PASSWORD'];
  if (user === undefined) return undefined;
  if (!isProbeUser(user)) throw new ConfigError('RPCCHECK_PROBE_USER', 'use DOMAIN\\user or user@domain');
  if (password === undefined || password === '')
    throw new ConfigError('RPCCHECK_PROBE_PASSWORD', 'required when RPCCHECK_PROBE_USER is set');
  const targets = parseRuleList(value(env, 'RPCCHECK_PROBE_TARGETS') ?? '', 'RPCCHECK_PROBE_TARGETS');
  // Without a list, anyone who can type /rpccheck could point the bot at a server of their own and collect
  // the password from the Authorization header.
  if (targets.length === 0)
    throw new ConfigError(
      'RPCCHECK_PROBE_TARGETS',
      'required when RPCCHECK_PROBE_USER is set: the hosts the test account may be sent to (e.g. *.contoso.com,mail.contoso.com)',
    );
  return { user, password, targets };
}

/**
 * Checks wait on the network far more than they compute (about 2 ms of CPU each once warm), so a few per core
 * keep the machine busy without letting a burst of 150 commands delay the acknowledgements.
 */
export function defaultMaxChecks(): number {
  return Math.min(32, 4 * availableParallelism());
}

export function loadConfig(env: Env = process.env): Config {
  const policy = createTargetPolicy({
    allowTargets: value(env, 'RPCCHECK_ALLOW_TARGETS') ?? '',
    denyTargets: value(env, 'RPCCHECK_DENY_TARGETS') ?? '',
    allowedPorts: value(env, 'RPCCHECK_ALLOWED_PORTS') ?? DEFAULT_ALLOWED_PORTS,
  });

  const sweepCron = value(env, 'RPCCHECK_SWEEP_CRON') ?? '0 9 * * *';
  try {
    new Cron(sweepCron, { paused: true }).stop();
  } catch (error) {
    throw new ConfigError(
      'RPCCHECK_SWEEP_CRON',
      `"${sweepCron}" is not a cron expression (${(error as Error).message})`,
    );
  }
  const reminderDays = parseDays(value(env, 'RPCCHECK_REMINDER_DAYS') ?? '30,14,7,3,1');
  if (typeof reminderDays === 'string') throw new ConfigError('RPCCHECK_REMINDER_DAYS', reminderDays);

  const botToken = value(env, 'SLACK_BOT_TOKEN');
  if (botToken !== undefined && !botToken.startsWith('xoxb-'))
    throw new ConfigError('SLACK_BOT_TOKEN', 'must be a bot token starting with xoxb-');
  const appToken = value(env, 'SLACK_APP_TOKEN');
  if (appToken !== undefined && !appToken.startsWith('xapp-'))
    throw new ConfigError('SLACK_APP_TOKEN', 'must be an app-level token starting with xapp-');
  const signingSecret = value(env, 'SLACK_SIGNING_SECRET');
  const apiUrl = url(env, 'SLACK_API_URL');
  const caFile = value(env, 'RPCCHECK_CA_FILE');
  const probeCredentials = credentials(env);
  const database = databaseUrl(env, 'RPCCHECK_DATABASE_URL');

  const config: Config = {
    slack: {
      port: integer(env, 'PORT', 3000, 0, 65535),
      ...(botToken !== undefined && { botToken }),
      ...(signingSecret !== undefined && { signingSecret }),
      ...(appToken !== undefined && { appToken }),
      ...(apiUrl !== undefined && { apiUrl }),
    },
    dbPath: value(env, 'RPCCHECK_DB') ?? './data/rpccheck.db',
    policy,
    extraCaPem: caFile === undefined ? [] : readCaFile(caFile, 'RPCCHECK_CA_FILE'),
    timeoutMs: integer(env, 'RPCCHECK_TIMEOUT_MS', 10000, 100, 300000),
    warnDays: integer(env, 'RPCCHECK_WARN_DAYS', 30, 0, 3650),
    sweepCron,
    reminderDays,
    sweepConcurrency: integer(env, 'RPCCHECK_SWEEP_CONCURRENCY', 16, 1, 256),
    maxChecks: integer(env, 'RPCCHECK_MAX_CHECKS', defaultMaxChecks(), 1, 256),
    unreachableAfter: integer(env, 'RPCCHECK_UNREACHABLE_AFTER', 2, 1, 100),
    rateLimitPerMinute: integer(env, 'RPCCHECK_RATE_LIMIT', 5, 1, 1000),
    allowedChannels: list(env, 'RPCCHECK_ALLOWED_CHANNELS'),
    admins: list(env, 'RPCCHECK_ADMINS'),
    ...(caFile !== undefined && { caFile }),
    ...(database !== undefined && { databaseUrl: database }),
    ...(probeCredentials !== undefined && { probeCredentials }),
  };
  return config;
}

/** The bot needs tokens the CLI does not; checked only when the bot starts. */
export function requireSlack(config: Config): { botToken: string; signingSecret: string; appToken?: string } {
  const { botToken, signingSecret, appToken } = config.slack;
  if (botToken === undefined) throw new ConfigError('SLACK_BOT_TOKEN', 'required to run the bot (xoxb-…)');
  if (signingSecret === undefined && appToken === undefined)
    throw new ConfigError(
      'SLACK_SIGNING_SECRET',
      'required in HTTP mode (or set SLACK_APP_TOKEN for Socket Mode)',
    );
  return { botToken, signingSecret: signingSecret ?? '', ...(appToken !== undefined && { appToken }) };
}
