import { plainName } from '../../core/certificate-name';
import { plural } from '../../core/plural';
import type { KnownBlock } from '@slack/types';
import { formatHostPort } from '../../core/target';
import type { Notice, NoticeHost } from '../../reminders/notice';
import { escapeText as esc, truncate } from '../escape';
import { encodeTarget } from '../target-ref';
import { actions, button, context, header, section, type SlackMessage } from './block-builders';
import { MAX_BLOCKS } from './limits';
import { expiredAgo } from '../../core/expiry';

export const ACTION_RECHECK = 'rpccheck_recheck';
export const ACTION_UNWATCH = 'rpccheck_unwatch';

const RENEW_STEPS = [
  'Request the renewal from your CA with every name Outlook and Autodiscover use.',
  'Install it and bind it to the Default Web Site in IIS (Exchange 2007+: `Enable-ExchangeCertificate -Services IIS`).',
  'If it comes from an in-house CA, make sure clients trust that root.',
  'Re-check here to confirm.',
];

function where(host: NoticeHost): string {
  return esc(
    formatHostPort(host.host, host.port) +
      (host.connectAddress !== undefined ? ` via ${host.connectAddress}` : ''),
  );
}

function inWords(days: number, expired = days < 0): string {
  if (expired) return expiredAgo(days);
  if (days === 0) return 'expires today';
  if (days === 1) return 'expires tomorrow';
  return `expires in ${days} days`;
}

/** `. Next reminders at 14, 7 days.`, `. Next reminder at 1 day.` */
function nextReminders(ahead: readonly number[]): string {
  const single = ahead.length === 1;
  return `. Next ${single ? 'reminder' : 'reminders'} at ${ahead.join(', ')} ${single && ahead[0] === 1 ? 'day' : 'days'}.`;
}

function line(notice: Notice): string {
  switch (notice.kind) {
    case 'threshold':
      return `:hourglass_flowing_sand: *${where(notice.host)}*: certificate ${inWords(notice.cert.daysLeft)} (${notice.cert.notAfter.slice(0, 10)}), issued by ${esc(plainName(notice.cert.issuer))}${notice.ahead.length > 0 ? `${nextReminders(notice.ahead)}` : '.'}`;
    case 'expired':
      return `:rotating_light: *${where(notice.host)}*: certificate ${inWords(notice.cert.daysLeft, true)} (${notice.cert.notAfter.slice(0, 10)}). Outlook Anywhere fails for everyone until it is renewed.`;
    case 'renewed':
      return `:white_check_mark: *${where(notice.host)}*: certificate renewed, now valid until ${notice.cert.notAfter.slice(0, 10)} (was ${notice.previousNotAfter.slice(0, 10)}), issued by ${esc(plainName(notice.cert.issuer))}.`;
    case 'unreachable':
      return `:warning: *${where(notice.host)}*: could not be checked in the last ${plural(notice.failures, 'sweep')}: ${esc(notice.reason)}`;
    case 'reachable_again':
      return `:large_green_circle: *${where(notice.host)}*: reachable again${notice.cert ? `; certificate ${inWords(notice.cert.daysLeft)}` : ''}.`;
  }
}

function buttons(host: NoticeHost): KnownBlock {
  const value = encodeTarget({
    input: host.input,
    host: host.host,
    port: host.port,
    ...(host.connectAddress !== undefined && { connectAddress: host.connectAddress }),
  });
  return actions([
    button('Re-check now', ACTION_RECHECK, value),
    button('Stop watching', ACTION_UNWATCH, value, 'danger'),
  ]);
}

/** One host in full (all its notices); several hosts make one digest, so a channel is not flooded. */
export function reminderMessage(notices: readonly Notice[]): SlackMessage {
  const byHost = new Map<number, Notice[]>();
  for (const notice of notices)
    byHost.set(notice.host.watchId, [...(byHost.get(notice.host.watchId) ?? []), notice]);
  const hosts = [...byHost.values()];
  const [only] = hosts;
  if (hosts.length === 1 && only) {
    const blocks: KnownBlock[] = only.map((notice) => section(line(notice)));
    if (only.some((n) => n.kind === 'threshold' || n.kind === 'expired'))
      blocks.push(section(`*To renew*\n${RENEW_STEPS.map((s, i) => `${i + 1}. ${s}`).join('\n')}`));
    blocks.push(
      buttons(only[0]!.host),
      context('rpccheck certificate reminder · `/rpccheck watches` lists what this channel watches'),
    );
    return {
      text: truncate(only.map((n) => line(n).replace(/:[a-z_]+:\s*|\*/g, '')).join(' '), 300),
      blocks,
    };
  }
  const blocks: KnownBlock[] = [header(`Certificate reminders: ${plural(hosts.length, 'host')}`)];
  const room = Math.floor((MAX_BLOCKS - 3) / 2);
  for (const host of hosts.slice(0, room))
    blocks.push(section(host.map(line).join('\n')), buttons(host[0]!.host));
  if (hosts.length > room)
    blocks.push(
      context(
        `…and ${plural(hosts.length - room, 'more host', 'more hosts')}; \`/rpccheck watches\` lists them all.`,
      ),
    );
  blocks.push(context(`To renew: ${RENEW_STEPS.slice(0, 2).join(' ')}`));
  return { text: `Certificate reminders for ${plural(hosts.length, 'host')}`, blocks };
}
