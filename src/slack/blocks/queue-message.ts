import { escapeText as esc } from '../escape';
import { context, section, type SlackMessage } from './block-builders';

/** A waiting check's place in words, the same in the ack and in the waiting message. */
export function queuePlace(ahead: number): string {
  return ahead === 0 ? 'next in line' : `queued, ${ahead} ahead`;
}

/** A check waiting its turn: its place, and that this message becomes the report. */
export function queuedMessage(what: string, ahead: number): SlackMessage {
  const place = queuePlace(ahead);
  return {
    text: `:hourglass_flowing_sand: ${esc(what)}: ${place}`,
    blocks: [
      section(`:hourglass_flowing_sand: *${esc(what)}*: ${place}`),
      context('Many checks are running at once. This message becomes the report when the check is done.'),
    ],
  };
}
