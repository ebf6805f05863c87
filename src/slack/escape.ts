/**
 * Slack mrkdwn treats `<…>` as links and mentions (`<!channel>`, `<@U123>`, `<http://x|click>`) and `&` as an
 * entity. Escaping these three in every text that came from outside (certificate subjects, headers, what
 * users typed) makes such text inert: it shows, it does not ping or link.
 */
export function escapeMrkdwn(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

/**
 * Cuts text to Slack's limit for a field, marking the cut. The cut never splits an entity escapeMrkdwn wrote
 * (`&am…` would show as garbage and leave a bare `&`) nor a surrogate pair (half a character is invalid text).
 */
export function truncate(text: string, max: number): string {
  if (text.length <= max) return text;
  let cut = max - 1;
  const amp = text.lastIndexOf('&', cut - 1);
  if (amp >= 0) {
    const entity = /^&(?:amp|lt|gt);/.exec(text.slice(amp, amp + 5))?.[0];
    if (entity !== undefined && amp + entity.length > cut) cut = amp;
  }
  const last = text.charCodeAt(cut - 1);
  if (last >= 0xd800 && last <= 0xdbff) cut--;
  return `${text.slice(0, cut)}…`;
}
