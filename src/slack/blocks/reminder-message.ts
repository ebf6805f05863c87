import type { KnownBlock } from '@slack/types';
import { formatHostPort } from '../../core/target';
import type { Notice, NoticeHost } from '../../reminders/notice';
import { escapeMrkdwn as esc } from '../escape';
import { encodeTarget } from '../target-ref';
import { actions, button, context, header, section, type SlackMessage } from './block-builders';
import { MAX_BLOCKS } from './limits';

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

function inWords(days: number): string {
  if (days < 0) return `expired ${-days} day${days === -1 ? '' : 's'} ago`;
  if (days === 0) return 'expires today';
  if (days === 1) return 'expires tomorrow';
  return `expires in ${days} days`;
}

function line(notice: Notice): string {
  switch (notice.kind) {
    case 'threshold':
      return `:hourglass_flowing_sand: *${where(notice.host)}*: certificate ${inWords(notice.cert.daysLeft)} (${notice.cert.notAfter.slice(0, 10)}), issued by ${esc(notice.cert.issuer)}${notice.ahead.length > 0 ? `. Next reminders at ${notice.ahead.join(', ')} days.` : '.'}`;
    case 'expired':
      return `:rotating_light: *${where(notice.host)}*: certificate ${inWords(notice.cert.daysLeft)} (${notice.cert.notAfter.slice(0, 10)}). Outlook Anywhere fails for everyone until it is renewed.`;
    case 'renewed':
      return `:white_check_mark: *${where(notice.host)}*: certificate renewed, now valid until ${notice.cert.notAfter.slice(0, 10)} (was ${notice.previousNotAfter.slice(0, 10)}), issued by ${esc(notice.cert.issuer)}.`;
    case 'unreachable':
      return `:warning: *${where(notice.host)}*: could not be checked in the last ${notice.failures} sweeps: ${esc(notice.reason)}`;
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

/** One notice in full; several make one digest, so a channel is not flooded. */
export function reminderMessage(notices: readonly Notice[]): SlackMessage {
  const [first] = notices;
  if (notices.length === 1 && first) {
    const blocks: KnownBlock[] = [section(line(first))];
    if (first.kind === 'threshold' || first.kind === 'expired')
      blocks.push(section(`*To renew*\n${RENEW_STEPS.map((s, i) => `${i + 1}. ${s}`).join('\n')}`));
    blocks.push(
      buttons(first.host),
      context('rpccheck certificate reminder · `/rpccheck watches` lists what this channel watches'),
    );
    return { text: line(first).replace(/[*:]/g, '').slice(0, 300), blocks };
  }
  const blocks: KnownBlock[] = [header(`Certificate reminders: ${notices.length} hosts`)];
  const room = MAX_BLOCKS - 3;
  for (const notice of notices.slice(0, Math.floor(room / 2)))
    blocks.push(section(line(notice)), buttons(notice.host));
  if (notices.length > Math.floor(room / 2))
    blocks.push(
      context(`…and ${notices.length - Math.floor(room / 2)} more; \`/rpccheck watches\` lists them all.`),
    );
  blocks.push(context(`To renew: ${RENEW_STEPS.slice(0, 2).join(' ')}`));
  return { text: `Certificate reminders for ${notices.length} hosts`, blocks };
}
