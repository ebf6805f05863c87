import type { ActionsBlock, Button, ContextBlock, HeaderBlock, KnownBlock, SectionBlock } from '@slack/types';
import { plural } from '../../core/plural';
import { escapeCode, truncate } from '../escape';
import {
  MAX_BUTTON_TEXT,
  MAX_BUTTON_VALUE,
  MAX_CONTEXT_TEXT,
  MAX_HEADER_TEXT,
  MAX_SECTION_TEXT,
} from './limits';

/** Small constructors that enforce the limits, so no builder can produce a message Slack rejects. */

export interface SlackMessage {
  text: string;
  blocks: KnownBlock[];
}

export const header = (text: string): HeaderBlock => ({
  type: 'header',
  text: { type: 'plain_text', text: truncate(text, MAX_HEADER_TEXT), emoji: true },
});

export const section = (mrkdwn: string): SectionBlock => ({
  type: 'section',
  text: { type: 'mrkdwn', text: truncate(mrkdwn, MAX_SECTION_TEXT) },
});

export const context = (mrkdwn: string): ContextBlock => ({
  type: 'context',
  elements: [{ type: 'mrkdwn', text: truncate(mrkdwn, MAX_CONTEXT_TEXT) }],
});

export const divider = (): KnownBlock => ({ type: 'divider' });

export function button(text: string, actionId: string, value: string, style?: 'primary' | 'danger'): Button {
  if (value.length > MAX_BUTTON_VALUE)
    throw new Error(`button value for ${actionId} is over ${MAX_BUTTON_VALUE} characters`);
  return {
    type: 'button',
    text: { type: 'plain_text', text: truncate(text, MAX_BUTTON_TEXT), emoji: true },
    action_id: actionId,
    value,
    ...(style !== undefined && { style }),
  };
}

/** Slack requires action_ids to be unique within a message; a suffix keeps repeated actions apart. */
export const actions = (elements: Button[]): ActionsBlock => ({
  type: 'actions',
  elements: elements
    .slice(0, 25)
    .map((element, index) => ({ ...element, action_id: `${element.action_id}:${index}` })),
});

/** The action id without the uniqueness suffix added by `actions()`. */
export const baseActionId = (actionId: string): string => actionId.split(':')[0] ?? actionId;

/**
 * Outside text as a code block within `max` characters: escaped (escapeCode), cut at a line end where it must
 * be, and then closed all the same and followed by how much was left out, so a cut never swallows the fence or
 * what follows the block.
 */
export function fencedCode(code: string, max: number): string {
  const whole = `\`\`\`${escapeCode(code)}\`\`\``;
  if (whole.length <= max) return whole;
  const escaped = escapeCode(code);
  let room = max - 6 - 60;
  let cut = truncate(escaped, Math.max(room, 1)).slice(0, -1);
  const lineEnd = cut.lastIndexOf('\n');
  if (lineEnd > room / 2) cut = cut.slice(0, lineEnd);
  room = code.length - unescapedLength(cut);
  return `\`\`\`${cut}\n…\`\`\`\n_${plural(room, 'more character', 'more characters')} not shown_`;
}

/** How many characters of the original an escaped text stands for. */
function unescapedLength(escaped: string): number {
  return escaped.replace(/&(?:amp|lt|gt);/g, '&').replace(/\u200d/g, '').length;
}

/** Items joined while they fit in `max` characters, then `and N more`: a list is never cut mid-item. */
export function fitList(items: readonly string[], max: number, separator = ', '): string {
  // Room for `, and 12,345 more` whenever an item may still follow.
  const reserve = separator.length + 20;
  let text = '';
  for (const [index, item] of items.entries()) {
    const next = index === 0 ? item : `${text}${separator}${item}`;
    const last = index === items.length - 1;
    if (next.length > (last ? max : max - reserve))
      return `${text}${index === 0 ? '' : separator}and ${(items.length - index).toLocaleString('en-US')} more`;
    text = next;
  }
  return text;
}
