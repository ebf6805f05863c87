/**
 * How much outside text rpccheck reads (spec §11). Slack caps a message at 40,000 characters, so everything a
 * chat message can hold is read whole, in linear time; longer text (a file piped to the CLI) is refused with a
 * one-line answer, never cut silently.
 */
export const MAX_CHAT_CHARS = 40_000;

/** A pasted configuration value or event: the same as a chat message, where most pastes arrive. */
export const MAX_PASTE_CHARS = 40_000;

/** The one-line answer for text over a limit, naming its length and the limit. */
export function tooLongMessage(what: string, length: number, max: number): string {
  return `That ${what} is ${length.toLocaleString('en-US')} characters; rpccheck reads at most ${max.toLocaleString('en-US')}. Paste the relevant part.`;
}
