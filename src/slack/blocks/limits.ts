/** Block Kit limits that bite (spec §6): a message breaks, not truncates, when they are exceeded. */
export const MAX_BLOCKS = 50;
export const MAX_SECTION_TEXT = 3000;
export const MAX_HEADER_TEXT = 150;
export const MAX_BUTTON_VALUE = 2000;
export const MAX_BUTTON_TEXT = 75;
export const MAX_CONTEXT_TEXT = 2000;
export const MAX_FALLBACK_TEXT = 3000;
/**
 * All the text of one long listing (`/rpccheck watches`, a validation's findings): half of Slack's 40,000
 * characters a message, so an ephemeral answer stays far from any size Slack refuses; the rest is counted.
 */
export const MAX_LISTING_CHARS = 20000;
