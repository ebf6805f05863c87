import {
  addWatch,
  canChangeWatches,
  listWatches,
  removeWatch,
  type WatchScreen,
} from '../reminders/watch-service';
import { watchView } from '../reminders/watch-view';
import { escapeCode, escapeMrkdwn as esc } from './escape';
import { noticeMessage } from './blocks/kb-messages';
import type { KnownBlock } from '@slack/types';
import { context, section, type SlackMessage } from './blocks/block-builders';
import { MAX_BLOCKS, MAX_LISTING_CHARS, MAX_SECTION_TEXT } from './blocks/limits';
import type { SlackServices } from './services';
import type { Store } from '../store/store';
import { parseChatTarget } from '../core/target';
import { plural } from '../core/plural';

const NO_STORE = noticeMessage(
  ':construction:',
  'Watch lists need a database (RPCCHECK_DB); this bot runs without one.',
);

/** The slash command is answered in its ack (3 s), so the add-time DNS lookup gets 2 s at most. */
const WATCH_DNS_MS = 2000;

const watchScreen = ({ checkOptions }: SlackServices): WatchScreen => ({
  policy: checkOptions.policy,
  timeoutMs: Math.min(checkOptions.timeoutMs, WATCH_DNS_MS),
  ...(checkOptions.lookup !== undefined && { lookup: checkOptions.lookup }),
});

/** `/rpccheck watch` and the report's button: an existing watch is updated, never duplicated. */
export async function watchCommand(
  services: SlackServices,
  request: { target: string; days?: string; channel: string; userId: string },
): Promise<SlackMessage> {
  if (!services.store) return NO_STORE;
  if (!canChangeWatches(request.userId, services.config.admins))
    return noticeMessage(':no_entry:', 'Only the rpccheck admins of this workspace can change watch lists.');
  const result = await addWatch(
    services.store,
    {
      target: request.target,
      channel: request.channel,
      addedBy: request.userId,
      defaultDays: services.config.reminderDays,
      screen: watchScreen(services),
      ...(request.days !== undefined && { days: request.days }),
    },
    new Date(),
  );
  if (!result.ok) return noticeMessage(':warning:', `Cannot watch that: ${result.reason}`);
  return noticeMessage(
    ':eyes:',
    `${result.created ? 'Watching' : 'Updated the watch on'} ${result.watch.targetKey}: reminders at ${result.watch.days.join(', ')} ${result.watch.days.length === 1 && result.watch.days[0] === 1 ? 'day' : 'days'} before expiry.${result.warning !== undefined ? ` Note: ${result.warning}.` : ''}`,
  );
}

export async function unwatchCommand(
  services: SlackServices,
  request: { target: string; channel: string; userId: string },
): Promise<SlackMessage> {
  if (!services.store) return NO_STORE;
  if (!canChangeWatches(request.userId, services.config.admins))
    return noticeMessage(':no_entry:', 'Only the rpccheck admins of this workspace can change watch lists.');
  const result = await removeWatch(services.store, request);
  if (!result.ok) return noticeMessage(':warning:', `Cannot unwatch that: ${result.reason}`);
  if ('removed' in result && result.removed)
    return noticeMessage(':wave:', `Stopped watching ${request.target}.`);
  return noticeMessage(':shrug:', await notWatched(services.store, request));
}

/**
 * A watch is keyed by host, port and `via` address: `unwatch mail.contoso.com` does not remove
 * `mail.contoso.com via 10.0.0.5`. Name the channel's watches on that host and the exact form to type.
 */
async function notWatched(store: Store, request: { target: string; channel: string }): Promise<string> {
  const parsed = parseChatTarget(request.target);
  const none = `This channel does not watch ${request.target}.`;
  if (!parsed.ok) return none;
  const host = parsed.target.host.toLowerCase();
  const keys = (await listWatches(store, request.channel))
    .filter((w) => w.host.toLowerCase() === host)
    .map((w) => w.targetKey);
  if (keys.length === 0) return none;
  const shown = keys.slice(0, 5).map((key) => `\`/rpccheck unwatch ${key}\``);
  const more = keys.length > shown.length ? ` (and ${keys.length - shown.length} more)` : '';
  const forms = keys.length === 1 ? 'in another form' : `in ${plural(keys.length, 'other form')}`;
  return `${none} It watches that host ${forms}; to stop, type ${shown.join(' or ')}${more}.`;
}

/**
 * The channel's watches as a compact table of what the last sweep's certificate view saw: days left, trust,
 * issuer, when, and the verdict (or why the host could not be read), then the reminder thresholds.
 */
export async function watchesCommand(services: SlackServices, channel: string): Promise<SlackMessage> {
  if (!services.store) return NO_STORE;
  const watches = await listWatches(services.store, channel);
  if (watches.length === 0)
    return noticeMessage(
      ':zzz:',
      'This channel watches no hosts. Add one with `/rpccheck watch mail.contoso.com`.',
    );
  const now = new Date();
  const rows = watches.map((w) => {
    const view = watchView(w, now);
    return `${w.targetKey.padEnd(36)} ${view.certificate.padEnd(16)} ${view.trust.padEnd(9)} ${view.issuer.padEnd(28)} ${view.checked.padEnd(17)} ${w.days.join(',').padEnd(12)} ${view.status}`;
  });
  const table = [
    `${'host'.padEnd(36)} ${'certificate'.padEnd(16)} ${'trust'.padEnd(9)} ${'issuer'.padEnd(28)} ${'last sweep'.padEnd(17)} ${'reminders'.padEnd(12)} verdict`,
    ...rows,
  ];
  // Whole rows per section, each within Slack's section limit once escaped and fenced (``` twice); sections
  // while the listing stays within its budget and the block limit, then the count of the rows left out.
  const chunks: string[][] = [];
  let chunkSize = 0;
  let total = 0;
  let shown = 0;
  for (const [index, row] of table.map(escapeCode).entries()) {
    const size = row.length + 1;
    // Room is kept for the closing line that counts what is left out.
    if (total + size > MAX_LISTING_CHARS - 300) break;
    const current = chunks.at(-1);
    if (current !== undefined && chunkSize + size <= MAX_SECTION_TEXT) {
      current.push(row);
      chunkSize += size;
    } else if (chunks.length < MAX_BLOCKS - 1) {
      chunks.push([row]);
      chunkSize = 6 + size;
      total += 6;
    } else break;
    total += size;
    if (index > 0) shown++;
  }
  const left = watches.length - shown;
  const blocks: KnownBlock[] = chunks.map((chunk) => section('```' + chunk.join('\n') + '```'));
  if (left > 0)
    blocks.push(
      context(
        `…and ${plural(left, 'more watched host', 'more watched hosts')}: \`rpccheck watch list --channel ${esc(channel)}\` lists them all.`,
      ),
    );
  return {
    text: listingText(watches.length, shown),
    blocks,
  };
}

/** The listing's fallback text: how many hosts, and how many of them the blocks show when not all fit. */
export function listingText(total: number, shown: number): string {
  const all = plural(total, 'watched host');
  if (shown >= total) return all;
  if (shown === 0) return `${all}; none fit here`;
  return `${all}; ${shown === 1 ? 'the first is shown' : `the first ${shown.toLocaleString('en-US')} are shown`}`;
}
