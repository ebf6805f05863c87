import type { KnownBlock } from '@slack/types';
import type { Finding } from '../../core/report';
import type { Entry, FindingAnswer, FlowView, KbMatch } from '../../kb';
import type { RankedEntry } from '../chat-ranking';
import { escapeMrkdwn as esc, escapeText, truncate } from '../escape';
import { plural } from '../../core/plural';
import { MAX_BLOCKS, MAX_FALLBACK_TEXT, MAX_LISTING_CHARS, MAX_SECTION_TEXT } from './limits';
import { actions, button, context, section, type SlackMessage } from './block-builders';
import { findingText, SEVERITY_EMOJI } from './report-message';

export const ACTION_FLOW = 'rpccheck_flow';
export const ACTION_ENTRY = 'rpccheck_entry';

/** An entry in full: cause, how to verify, how to fix, the findings that confirm it. Our own text, still escaped. */
export function entryMessage(entry: Entry, others: readonly KbMatch[] = []): SlackMessage {
  const blocks: KnownBlock[] = [
    section(`:books: *${esc(entry.title)}*\n${esc(entry.cause)}`),
    section(`*Verify*\n${entry.verify.map((s, i) => `${i + 1}. ${esc(s)}`).join('\n')}`),
    section(`*Fix*\n${entry.fix.map((s, i) => `${i + 1}. ${esc(s)}`).join('\n')}`),
    context(
      `\`${entry.id}\`${entry.findings.length > 0 ? ` · confirmed by ${entry.findings.map((c) => `\`${c}\``).join(', ')}: mention me with your host to check` : ''}`,
    ),
  ];
  if (others.length > 0)
    blocks.push(
      section('*Also relevant*'),
      actions(others.slice(0, 4).map((m) => button(m.title, ACTION_ENTRY, m.id))),
    );
  return { text: esc(entry.title), blocks };
}

/**
 * `/rpccheck explain <finding code>`: what the finding means (every code has a meaning, ok codes included), then
 * the entry that explains it when there is one.
 */
export function findingAnswerMessage(
  finding: FindingAnswer,
  entry: Entry | undefined,
  others: readonly KbMatch[] = [],
): SlackMessage {
  const lead = section(
    `${SEVERITY_EMOJI[finding.severity]} \`${esc(finding.code)}\` (${finding.severity}): ${esc(finding.meaning)}`,
  );
  if (entry === undefined) return { text: esc(`${finding.code}: ${finding.meaning}`), blocks: [lead] };
  const explained = entryMessage(entry, others);
  return { text: explained.text, blocks: [lead, ...explained.blocks] };
}

/** Two or more entries score alike: ask rather than guess. */
export function didYouMeanMessage(matches: readonly KbMatch[]): SlackMessage {
  return {
    text: 'Did you mean one of these?',
    blocks: [
      section(':thinking_face: Did you mean one of these?'),
      actions(matches.slice(0, 5).map((m) => button(m.title, ACTION_ENTRY, m.id))),
    ],
  };
}

export function flowMessage(view: FlowView, entries: (id: string) => Entry | undefined): SlackMessage {
  if (view.kind === 'question')
    return {
      text: esc(view.question),
      blocks: [
        section(`:mag: *${esc(view.question)}*`),
        actions(view.choices.map((c) => button(c.label, ACTION_FLOW, c.next))),
      ],
    };
  const found = view.entries.map(entries).filter((e): e is Entry => e !== undefined);
  const lines = found.map((e) => `• *${esc(e.title)}*`);
  const next = [
    view.check
      ? 'Mention me with your host (e.g. `@rpccheck mail.contoso.com`) and I will check it.'
      : undefined,
    view.validator !== undefined
      ? `Paste the value here, or run \`/rpccheck validate ${view.validator} <value>\`.`
      : undefined,
  ].filter((line): line is string => line !== undefined);
  return {
    text: esc(found.map((e) => e.title).join('; ')),
    blocks: [
      section(`:dart: This is most likely:\n${lines.join('\n')}`),
      actions(found.map((e) => button(`Read: ${e.title}`, ACTION_ENTRY, e.id))),
      ...(next.length > 0 ? [context(next.join(' '))] : []),
    ],
  };
}

/** Room left in a section around a corrected value: its heading and the fences. */
const CORRECTED_HEADING = 80;

/**
 * Each distinct corrected value once, whole, in a code block; one that does not fit a section (or holds a
 * backtick, which would end the block) is not cut but pointed to: a corrected value shown in part is wrong.
 */
function correctedBlocks(kind: string, values: readonly string[]): KnownBlock[] {
  return values.map((value, index) => {
    const name = values.length > 1 ? `Corrected value ${index + 1}` : 'Corrected value';
    const code = esc(value);
    if (!value.includes('`') && code.length + CORRECTED_HEADING <= MAX_SECTION_TEXT)
      return section(`*${name}*\n\`\`\`${code}\`\`\``);
    return section(
      `*${name}*: ${plural(value.length, 'character')}, too long to show here whole. \`rpccheck validate ${esc(kind)} -\` (the value on stdin) prints it.`,
    );
  });
}

/**
 * A validation's findings: as many as fit the block limit and the listing budget, then how many are left out
 * (and the validator's own `<kind>.more_findings` line); the corrected values once each, after the findings.
 */
export function validationMessage(kind: string, findings: readonly Finding[]): SlackMessage {
  const worst = findings.some((f) => f.severity === 'critical')
    ? 'has errors'
    : findings.some((f) => f.severity === 'warning')
      ? 'has warnings'
      : 'looks right';
  const moreLine = findings.find((f) => f.code === `${kind}.more_findings`);
  const listed = findings.filter((f) => f !== moreLine);
  const corrected = [
    ...new Set(
      listed.flatMap((f) => {
        const value = f.evidence?.['corrected'];
        return typeof value === 'string' ? [value] : [];
      }),
    ),
  ];
  const tail = correctedBlocks(kind, corrected);
  const head = section(
    `:clipboard: That looks like a *${esc(kind)}* value, and it ${worst}${listed.length > 1 ? ` (${plural(listed.length, 'finding')})` : ''}.`,
  );
  // The heading, the corrected values, the line counting what is left out and the validator's own count.
  const room = MAX_BLOCKS - 1 - tail.length - 2;
  let budget = MAX_LISTING_CHARS - tail.reduce((n, b) => n + JSON.stringify(b).length, 0);
  const body: KnownBlock[] = [];
  for (const f of listed) {
    const position = f.evidence?.['position'] as { line: number; column: number } | undefined;
    const value = f.evidence?.['corrected'];
    const which = corrected.length > 1 ? ` ${corrected.indexOf(String(value)) + 1}` : '';
    const block = section(
      `${SEVERITY_EMOJI[f.severity]} *${escapeText(f.title)}*\n${escapeText(f.detail)}${position ? `\nat line ${position.line}, column ${position.column}` : ''}${typeof value === 'string' ? `\n_corrected value${which} below_` : ''}`,
    );
    budget -= JSON.stringify(block).length;
    if (body.length >= room || budget < 0) break;
    body.push(block);
  }
  const left = listed.length - body.length;
  const closing: KnownBlock[] = [];
  if (left > 0)
    closing.push(
      context(
        `…and ${plural(left, 'more finding', 'more findings')} not shown here: \`rpccheck validate ${esc(kind)} -\` (the value on stdin) lists them all.`,
      ),
    );
  if (moreLine !== undefined)
    closing.push(context(`${escapeText(moreLine.title)}: ${escapeText(moreLine.detail)}`));
  return {
    text: `${kind} ${worst}${listed.length > 1 ? `: ${plural(listed.length, 'finding')}` : ''}${left > 0 ? `, ${body.length} shown` : ''}`,
    blocks: [head, ...body, ...closing, ...tail],
  };
}

export function helpMessage(): SlackMessage {
  return {
    text: 'rpccheck help',
    blocks: [
      section(
        [
          '*rpccheck* checks Outlook Anywhere (RPC over HTTPS) front ends and explains what users see.',
          '• `/rpccheck mail.contoso.com` — check a host (also `host:8443`, `https://host/rpc/rpcproxy.dll`, `host via 10.0.0.5`)',
          '• `/rpccheck mail.contoso.com backend EX01 backend ex01.contoso.local` — with a test account configured, ping 6001/6002/6004 on these back-end name forms (default: the names the server gives in NTLM)',
          "• `/rpccheck autodiscover alice@contoso.com` (or a domain) — walk Outlook's path: Autodiscover, the Outlook Anywhere settings it hands out, MAPI over HTTP",
          '• `/rpccheck explain <symptom, error or finding code>` — what it means and how to fix it',
          '• `/rpccheck validate <validports|nspi|rpcdump|event> <value>` — check pasted configuration',
          '• Mention me or DM me with a symptom, an error, a pasted value, a host name or an e-mail address (Autodiscover).',
          'Never paste passwords here: an authenticated check uses the account configured by the operator.',
        ].join('\n'),
      ),
      actions([button('Troubleshoot step by step', ACTION_FLOW, 'troubleshoot/start')]),
    ],
  };
}

/** A short message for errors and refusals, with the reason escaped (it may quote what the user typed). */
export function noticeMessage(emoji: string, text: string): SlackMessage {
  // The reason may quote a whole message: the fallback text is held to its limit like the section.
  return { text: truncate(esc(text), MAX_FALLBACK_TEXT), blocks: [section(`${emoji} ${esc(text)}`)] };
}

/**
 * The answer to a symptom once the check of its host is in: entries ranked by the report, the one it confirms
 * first and saying so ("confirmed: Integrated authentication offered: NTLM"), those it contradicts marked.
 */
export function rankedAnswerMessage(
  ranked: readonly RankedEntry[],
  entries: (id: string) => Entry | undefined,
): SlackMessage {
  const [best, ...others] = ranked;
  const entry = best && entries(best.id);
  if (!best || !entry) return noticeMessage(':books:', 'The report above is all I have on this.');
  const mark = (r: RankedEntry): string =>
    r.confirmedBy.length > 0
      ? `:white_check_mark: confirmed: ${r.confirmedBy.map((f) => findingText(f.title)).join('; ')}`
      : r.contradictedBy.length > 0
        ? `:x: contradicted: ${r.contradictedBy.map((f) => findingText(f.title)).join('; ')}`
        : ':grey_question: the check cannot tell';
  // Ranked confirmed first and contradicted last: a contradicted best means the check rules out every match.
  const lead =
    best.confirmedBy.length > 0
      ? 'What you describe, and the check of your server shows why:'
      : best.contradictedBy.length > 0
        ? `What you describe sounds like this, but the check of your server rules it out${others.length > 0 ? ', and the others below too' : ''}:`
        : 'What you describe most likely comes from this (the check neither confirms nor rules it out):';
  const blocks: KnownBlock[] = [
    section(`:stethoscope: ${lead}\n*${esc(entry.title)}*\n${mark(best)}`),
    section(`${esc(entry.cause)}\n*Fix*\n${entry.fix.map((s, i) => `${i + 1}. ${esc(s)}`).join('\n')}`),
  ];
  if (others.length > 0)
    blocks.push(
      section(
        `*Also considered*\n${others
          .slice(0, 4)
          .map((r) => `• ${esc(r.title)}: ${mark(r)}`)
          .join('\n')}`,
      ),
      actions(others.slice(0, 4).map((m) => button(m.title, ACTION_ENTRY, m.id))),
    );
  blocks.push(context(`\`${entry.id}\``));
  const status =
    best.confirmedBy.length > 0 ? 'confirmed' : best.contradictedBy.length > 0 ? 'contradicted' : 'possible';
  return { text: truncate(esc(`${entry.title} (${status})`), MAX_FALLBACK_TEXT), blocks };
}
