import type { ActionsBlock, Button, ContextBlock, HeaderBlock, KnownBlock, SectionBlock } from '@slack/types';
import { truncate } from '../escape';
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
