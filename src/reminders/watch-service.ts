import { parseDays } from '../config';
import { mapConcurrent } from '../core/map-concurrent';
import { formatHostPort, parseChatTarget, type Target } from '../core/target';
import type { TargetPolicy } from '../core/target-policy';
import { type Lookup, resolveTarget } from '../probes/resolve-target';
import type { Store, Watch, WatchWithResult } from '../store/store';
import { splitCsvLine } from './csv-line';

/** Watch operations shared by Slack and the CLI (spec §6 and §2). */
export type WatchResult =
  | {
      ok: true;
      watch: Watch;
      created: boolean;
      /** Watched, but worth a word: the name does not resolve from here. */
      warning?: string;
    }
  | { ok: false; reason: string };

/** What a new watch is judged by: the target policy `check` applies, with the same DNS. */
export interface WatchScreen {
  policy: TargetPolicy;
  /** Bound for the DNS lookup (Slack must answer within 3 s). */
  timeoutMs: number;
  lookup?: Lookup;
}

/** Slack and CLI channel ids: C… (public), G… (private), D… (direct message). */
export function channelIdProblem(channel: string): string | undefined {
  return /^[CGD][A-Z0-9]+$/.test(channel)
    ? undefined
    : `"${channel}" is not a Slack channel id: give the id (C…, G… or D…, shown under the channel's name > About in Slack), not the name`;
}

/**
 * The target policy at add time, as `check` applies it before any connection: port, name rules, then every
 * address the name resolves to (a `via` address directly). A watch the policy refuses would only fail at every
 * sweep. A name that does not resolve here is watched with a warning: the bot may run where the DNS is internal.
 */
async function screenTarget(
  target: Target,
  screen: WatchScreen,
): Promise<{ refused: string } | { warning?: string }> {
  const resolution = await resolveTarget(target, screen.policy, {
    timeoutMs: screen.timeoutMs,
    ...(screen.lookup !== undefined && { lookup: screen.lookup }),
  });
  if (resolution.kind === 'refused') return { refused: resolution.reason };
  if (resolution.kind === 'unresolvable')
    return {
      warning: `${target.host} does not resolve from here (${resolution.code}); watched anyway: each sweep resolves it again and applies the target policy`,
    };
  return {};
}

/** DNS lookups an import runs at once. */
const IMPORT_LOOKUPS = 16;

export function targetKey(host: string, port: number, connectAddress?: string): string {
  return `${formatHostPort(host, port)}${connectAddress !== undefined ? ` via ${connectAddress}` : ''}`;
}

export function canChangeWatches(userId: string, admins: readonly string[]): boolean {
  return admins.length === 0 || admins.includes(userId);
}

interface WatchRequest {
  target: string;
  channel: string;
  days?: string;
  addedBy: string;
  defaultDays: number[];
  screen: WatchScreen;
}

type Screened = { target: Target } & ({ refused: string } | { warning?: string });

/** Parse and the policy: the part that waits on DNS, which an import runs for many lines at once. */
async function parseAndScreen(text: string, screen: WatchScreen): Promise<Screened | { reason: string }> {
  const parsed = parseChatTarget(text);
  if (!parsed.ok) return { reason: parsed.reason };
  return { target: parsed.target, ...(await screenTarget(parsed.target, screen)) };
}

/** The store's part, after the policy passed. */
async function saveWatch(
  store: Store,
  screened: Screened,
  request: Omit<WatchRequest, 'target' | 'screen'>,
  now: Date,
): Promise<WatchResult> {
  if ('refused' in screened) return { ok: false, reason: screened.refused };
  const { target } = screened;
  const key = targetKey(target.host, target.port, target.connectAddress);
  // Re-watching without days keeps the thresholds chosen before.
  const existing = request.days === undefined ? await store.getWatch(request.channel, key) : undefined;
  const days = request.days === undefined ? (existing?.days ?? request.defaultDays) : parseDays(request.days);
  if (typeof days === 'string') return { ok: false, reason: `days: ${days}` };
  const result = await store.upsertWatch(
    {
      channel: request.channel,
      targetKey: key,
      input: target.input,
      host: target.host,
      port: target.port,
      ...(target.connectAddress !== undefined && { connectAddress: target.connectAddress }),
      days,
      addedBy: request.addedBy,
    },
    now,
  );
  return { ok: true, ...result, ...(screened.warning !== undefined && { warning: screened.warning }) };
}

export async function addWatch(store: Store, request: WatchRequest, now: Date): Promise<WatchResult> {
  const screened = await parseAndScreen(request.target, request.screen);
  if ('reason' in screened) return { ok: false, reason: screened.reason };
  return saveWatch(store, screened, request, now);
}

export async function removeWatch(
  store: Store,
  request: { target: string; channel: string },
): Promise<WatchResult | { ok: true; removed: boolean }> {
  const parsed = parseChatTarget(request.target);
  if (!parsed.ok) return { ok: false, reason: parsed.reason };
  const { target } = parsed;
  return {
    ok: true,
    removed: await store.removeWatch(
      request.channel,
      targetKey(target.host, target.port, target.connectAddress),
    ),
  };
}

export function listWatches(store: Store, channel?: string): Promise<WatchWithResult[]> {
  return store.listWatches(channel);
}

export interface ImportReport {
  added: number;
  updated: number;
  errors: { line: number; text: string; reason: string }[];
  warnings: { line: number; text: string; warning: string }[];
}

/**
 * One target per line in any form (`via` included), optionally `,days` where days are separated by spaces,
 * semicolons or further commas (`mail.contoso.com,30 14 7`); fields may be quoted as Excel writes CSV. Bad lines
 * (the policy's refusals included) are reported with their number; the rest is imported.
 */
export async function importWatches(
  store: Store,
  text: string,
  request: { channel: string; addedBy: string; defaultDays: number[]; screen: WatchScreen },
  now: Date,
): Promise<ImportReport> {
  const report: ImportReport = { added: 0, updated: 0, errors: [], warnings: [] };
  const rows: { line: number; text: string; target: string; days?: string }[] = [];
  const lines = text.replace(/^\uFEFF/, '').split(/\r?\n/);
  for (let index = 0; index < lines.length; index++) {
    const line = (lines[index] ?? '').trim();
    if (line === '' || line.startsWith('#')) continue;
    const fields = splitCsvLine(line);
    if (!Array.isArray(fields)) {
      report.errors.push({ line: index + 1, text: line, reason: fields.reason });
      continue;
    }
    const [targetText = '', ...dayFields] = fields.map((field) => field.trim());
    const daysText = dayFields
      .join(',')
      .replace(/[\s;,]+/g, ',')
      .replace(/^,|,$/g, '');
    rows.push({
      line: index + 1,
      text: line,
      target: targetText,
      ...(daysText !== '' && { days: daysText }),
    });
  }
  // An MSP's list is hundreds of names: their lookups (each up to the probe timeout) run side by side, as a
  // sweep's do; the writes then go in line order, so a host listed twice ends with its last line's days.
  const screened = await mapConcurrent(rows, IMPORT_LOOKUPS, (row) =>
    parseAndScreen(row.target, request.screen),
  );
  for (const [i, row] of rows.entries()) {
    const outcome = screened[i] as Awaited<ReturnType<typeof parseAndScreen>>;
    const result =
      'reason' in outcome
        ? ({ ok: false, reason: outcome.reason } as const)
        : await saveWatch(
            store,
            outcome,
            { ...request, ...(row.days !== undefined && { days: row.days }) },
            now,
          );
    if (!result.ok) report.errors.push({ line: row.line, text: row.text, reason: result.reason });
    else {
      if (result.created) report.added++;
      else report.updated++;
      if (result.warning !== undefined)
        report.warnings.push({ line: row.line, text: row.text, warning: result.warning });
    }
  }
  report.errors.sort((a, b) => a.line - b.line);
  return report;
}
