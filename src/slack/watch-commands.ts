import type { WatchWithResult } from '../store/store';
import { addWatch, canChangeWatches, listWatches, removeWatch } from '../reminders/watch-service';
import { escapeMrkdwn as esc } from './escape';
import { noticeMessage } from './blocks/kb-messages';
import { section, type SlackMessage } from './blocks/block-builders';
import type { SlackServices } from './services';

const NO_STORE = noticeMessage(
  ':construction:',
  'Watch lists need a database (RPCCHECK_DB); this bot runs without one.',
);

function daysLeft(watch: WatchWithResult, now: Date): string {
  const notAfter = watch.last?.notAfter;
  if (notAfter === undefined) return 'not checked yet';
  const days = Math.floor((Date.parse(notAfter) - now.getTime()) / 86400000);
  return days < 0 ? `expired ${-days}d ago` : `${days}d left`;
}

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
      ...(request.days !== undefined && { days: request.days }),
    },
    new Date(),
  );
  if (!result.ok) return noticeMessage(':warning:', `Cannot watch that: ${result.reason}`);
  return noticeMessage(
    ':eyes:',
    `${result.created ? 'Watching' : 'Updated the watch on'} ${result.watch.targetKey}: reminders at ${result.watch.days.join(', ')} days before expiry.`,
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
  return 'removed' in result && result.removed
    ? noticeMessage(':wave:', `Stopped watching ${request.target}.`)
    : noticeMessage(':shrug:', `This channel does not watch ${request.target}.`);
}

/** The channel's watches as a compact table: host, days left, last verdict, thresholds. */
export async function watchesCommand(services: SlackServices, channel: string): Promise<SlackMessage> {
  if (!services.store) return NO_STORE;
  const watches = await listWatches(services.store, channel);
  if (watches.length === 0)
    return noticeMessage(
      ':zzz:',
      'This channel watches no hosts. Add one with `/rpccheck watch mail.contoso.com`.',
    );
  const now = new Date();
  const rows = watches.map(
    (w) =>
      `${w.targetKey.padEnd(36)} ${daysLeft(w, now).padEnd(16)} ${(w.last?.verdict ?? '-').padEnd(12)} ${w.days.join(',')}`,
  );
  const table = [
    `${'host'.padEnd(36)} ${'certificate'.padEnd(16)} ${'last check'.padEnd(12)} reminders`,
    ...rows,
  ];
  const chunks: string[] = [];
  for (let i = 0; i < table.length; i += 40)
    chunks.push('```' + esc(table.slice(i, i + 40).join('\n')) + '```');
  return {
    text: `${watches.length} watched hosts`,
    blocks: chunks.slice(0, 45).map((chunk) => section(chunk)),
  };
}
