import { parseDays } from '../config';
import { formatHostPort, parseChatTarget } from '../core/target';
import type { Store, Watch, WatchWithResult } from '../store/store';

/** Watch operations shared by Slack and the CLI (spec §6 and §2). */
export type WatchResult = { ok: true; watch: Watch; created: boolean } | { ok: false; reason: string };

export function targetKey(host: string, port: number, connectAddress?: string): string {
  return `${formatHostPort(host, port)}${connectAddress !== undefined ? ` via ${connectAddress}` : ''}`;
}

export function canChangeWatches(userId: string, admins: readonly string[]): boolean {
  return admins.length === 0 || admins.includes(userId);
}

export async function addWatch(
  store: Store,
  request: { target: string; channel: string; days?: string; addedBy: string; defaultDays: number[] },
  now: Date,
): Promise<WatchResult> {
  const parsed = parseChatTarget(request.target);
  if (!parsed.ok) return { ok: false, reason: parsed.reason };
  const { target } = parsed;
  const key = targetKey(target.host, target.port, target.connectAddress);
  // Re-watching without days keeps the thresholds chosen before.
  const existing =
    request.days === undefined
      ? (await store.listWatches(request.channel)).find((w) => w.targetKey === key)
      : undefined;
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
  return { ok: true, ...result };
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
}

/**
 * One target per line in any form (`via` included), optionally `,days` where days are separated by spaces or
 * semicolons (`mail.contoso.com,30 14 7`). Bad lines are reported with their number; the rest is imported.
 */
export async function importWatches(
  store: Store,
  text: string,
  channel: string,
  addedBy: string,
  defaultDays: number[],
  now: Date,
): Promise<ImportReport> {
  const report: ImportReport = { added: 0, updated: 0, errors: [] };
  const lines = text.split(/\r?\n/);
  for (let index = 0; index < lines.length; index++) {
    const line = (lines[index] ?? '').trim();
    if (line === '' || line.startsWith('#')) continue;
    const [targetText = '', daysText] = line.split(',', 2).map((part) => part.trim());
    const result = await addWatch(
      store,
      {
        target: targetText,
        channel,
        addedBy,
        defaultDays,
        ...(daysText !== undefined && daysText !== '' && { days: daysText.replace(/[\s;]+/g, ',') }),
      },
      now,
    );
    if (!result.ok) report.errors.push({ line: index + 1, text: line, reason: result.reason });
    else if (result.created) report.added++;
    else report.updated++;
  }
  return report;
}
