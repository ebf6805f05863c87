/**
 * Slack's message text → what the user typed (pure, one linear pass). Slack escapes `&`, `<` and `>` in what
 * users type and wraps links, addresses, mentions and channels in `<…>`; every mention, DM and slash command
 * goes through here once, before anything reads it, so nothing downstream sees `&amp;` or a link's URL where
 * the user typed a name (https://api.slack.com/reference/surfaces/formatting#escaping).
 */

const ENTITIES: Record<string, string> = { amp: '&', lt: '<', gt: '>' };

/** `<…>` (no `<` inside: a failed match never rescans) or one of the three entities Slack writes. */
const MARKUP = /<([^<>]*)>|&(amp|lt|gt);/g;

const decode = (text: string): string =>
  text.replace(/&(amp|lt|gt);/g, (_, name: string) => ENTITIES[name] ?? '');

/** What a link showed: Slack's label is the text as typed; a label the writer chose keeps the URL beside it. */
function linkText(url: string, label: string | undefined): string {
  if (/^mailto:/i.test(url)) return label ?? url.slice('mailto:'.length);
  if (label === undefined || label === '') return url;
  const bare = url.replace(/^[a-z][a-z0-9+.-]*:\/\//i, '').toLowerCase();
  const shown = label.replace(/^[a-z][a-z0-9+.-]*:\/\//i, '').toLowerCase();
  return bare.startsWith(shown) || shown.startsWith(bare) ? label : `${label} (${url})`;
}

function unwrap(inner: string): string {
  const bar = inner.indexOf('|');
  const target = decode(bar >= 0 ? inner.slice(0, bar) : inner);
  const label = bar >= 0 ? decode(inner.slice(bar + 1)) : undefined;
  // A user mention is who the message is addressed to (the bot, mostly), never part of the question.
  if (target.startsWith('@')) return '';
  if (target.startsWith('#')) return `#${label ?? target.slice(1)}`;
  // <!channel>, <!here>, <!subteam^S1|@team>, <!date^…|fallback>: the label, else the word as typed.
  if (target.startsWith('!')) return label ?? `@${target.slice(1).split('^')[0] ?? ''}`;
  return linkText(target, label);
}

/** Entities decoded exactly once, links and addresses unwrapped to their labels, mentions dropped. */
export function typedText(slackText: string): string {
  return slackText.replace(MARKUP, (match, inner: string | undefined, entity: string | undefined) =>
    inner !== undefined ? unwrap(inner) : (ENTITIES[entity ?? ''] ?? match),
  );
}

/**
 * Code fences and inline backticks off, lines kept: a value pasted as ```EX01:6001-6002``` or `ncacn_http:6004`
 * is read as the value. A fence becomes a line break, so text before it stays a line of its own.
 */
export function withoutCodeMarks(text: string): string {
  return text.replace(/```/g, '\n').replace(/`/g, ' ');
}

/** Both, as every chat surface reads its text: what the user typed, without the code formatting. */
export function readSlackText(slackText: string): string {
  return withoutCodeMarks(typedText(slackText)).trim();
}
