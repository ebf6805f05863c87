/**
 * A zero-width joiner: invisible, and no word boundary, so a `*` between two of them is inside a word, where
 * mrkdwn neither opens nor closes bold (the same for `_`, `~` and a backtick). Three backticks kept apart this
 * way open no code block either.
 */
const ZWJ = '\u200d';

/**
 * Slack mrkdwn treats `<…>` as links and mentions (`<!channel>`, `<@U123>`, `<http://x|click>`) and `&` as an
 * entity. Escaping these three in every text that came from outside (certificate subjects, headers, what
 * users typed) makes such text inert: it shows, it does not ping or link. Our own text (knowledge base, next
 * steps, notices) keeps its `code` and *bold*; backticks that meet are kept apart, so a quoted ``` (or a name
 * in a next step) never opens a code block.
 */
export function escapeMrkdwn(text: string): string {
  return escapeEntities(text).replace(/``+/g, (run) => [...run].join(ZWJ));
}

/** `&`, `<`, `>` as the entities Slack reads as text. */
function escapeEntities(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

/**
 * Outside text shown as plain mrkdwn (a certificate's name, a realm, an NTLM name, an error message): inert as
 * escapeMrkdwn makes it, and `*`, `_`, `~` and backticks format nothing, so ```` ``` *bold* ```` shows as typed.
 * A mark that could open or close formatting (not between two letters or digits) is kept apart by joiners.
 *
 * `wildcards`: for text that starts its own line and that nothing of ours follows on its line (a finding's
 * detail). There a wildcard name's `*` (`*.contoso.com` after a space or a line break) is left bare, so the name
 * copies without hidden characters: after a space it cannot close anything, and every mark after it on the line
 * that could close it is kept apart or sits between letters.
 */
export function escapeText(text: string, options: { wildcards?: boolean } = {}): string {
  return escapeEntities(text).replace(/[*_~`]/g, (mark, at: number, all: string) => {
    const before = all[at - 1] ?? '';
    // Between two letters or digits (RPCCHECK_PROBE_TARGETS, TLS_AES_256) a mark formats nothing: left as
    // it is, so names copy cleanly.
    if (mark !== '`' && WORD.test(before) && WORD.test(all[at + 1] ?? '')) return mark;
    if (
      options.wildcards === true &&
      mark === '*' &&
      /\s/.test(before) &&
      WILDCARD.test(all.slice(at + 1, at + 3))
    )
      return mark;
    return `${ZWJ}${mark}${ZWJ}`;
  });
}

/** What follows a wildcard label's `*`: a dot, then a letter or digit. */
const WILDCARD = /^\.[\p{L}\p{N}]/u;

/**
 * A name (a host, a certificate's SAN) as inline code: it copies as it is, marks and all. A name inline code
 * cannot hold (a backtick or a line break in it, or none at all) is shown as escapeText shows it.
 */
export function nameCode(name: string): string {
  if (name === '' || /[`\n\r]/.test(name)) return escapeText(name);
  return `\`${escapeEntities(name)}\``;
}

const WORD = /[\p{L}\p{N}]/u;

/**
 * Outside text inside a code block (``` … ```): formatting marks are already plain there, only a backtick could
 * end the block, so backticks alone are kept apart.
 */
export function escapeCode(text: string): string {
  return escapeEntities(text).replace(/`/g, `${ZWJ}\`${ZWJ}`);
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
  // A mark escapeText kept apart stays whole: a lone `*` before the cut could still close bold.
  if (/[*_~`]/.test(text[cut - 1] ?? '') && text[cut - 2] === ZWJ) cut -= 2;
  return `${text.slice(0, cut)}…`;
}
