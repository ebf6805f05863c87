/**
 * Slack mrkdwn treats `<…>` as links and mentions (`<!channel>`, `<@U123>`, `<http://x|click>`) and `&` as an
 * entity. Escaping these three in every text that came from outside (certificate subjects, headers, what
 * users typed) makes such text inert: it shows, it does not ping or link.
 */
export function escapeMrkdwn(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

/** Cuts text to Slack's limit for a field, marking the cut. */
export function truncate(text: string, max: number): string {
  return text.length <= max ? text : `${text.slice(0, max - 1)}…`;
}
