import { plural } from '../../core/plural';
import type { KnownBlock } from '@slack/types';
import { candidateLines, endpointLines, settingsLines } from '../../core/autodiscover-view';
import type { AutodiscoverTarget } from '../../core/mailbox';
import type { Finding, Report } from '../../core/report';
import { escapeMrkdwn as esc, escapeCode, escapeText, truncate } from '../escape';
import { actions, button, context, fencedCode, header, section, type SlackMessage } from './block-builders';
import { detailsMessages } from './details-message';
import { MAX_BLOCKS, MAX_FALLBACK_TEXT } from './limits';
import { detailText, findingText, SEVERITY_EMOJI } from './report-message';

/**
 * `/rpccheck autodiscover` as Block Kit: the candidates in Outlook's order, the settings Outlook would get,
 * each endpoint's verdict, then the problems (the nested Outlook Anywhere check's among them) within the
 * 50-block limit; everything else goes to the details thread.
 */

export const ACTION_AD_RERUN = 'rpccheck_ad_rerun';
export const ACTION_AD_DETAILS = 'rpccheck_ad_details';

/** Room for the heading around a code block in a 3000-character section. */
const MAX_CODE_CHARS = 2700;

/** What the buttons carry: the address or domain as typed, parsed again when clicked. */
export function encodeAutodiscover(target: AutodiscoverTarget): string {
  return JSON.stringify({ a: target.email ?? target.domain });
}

export function decodeAutodiscover(value: string): string | undefined {
  try {
    const parsed = JSON.parse(value) as { a?: unknown } | null;
    return typeof parsed?.a === 'string' ? parsed.a : undefined;
  } catch {
    return undefined;
  }
}

const VERDICT_EMOJI = { ok: '✅', warning: '⚠️', critical: '🚨' } as const;

function codeSection(title: string, lines: readonly string[]): KnownBlock {
  return section(`${title}\n${fencedCode(lines.join('\n'), MAX_CODE_CHARS)}`);
}

function findingBlocks(f: Finding, where?: string): KnownBlock[] {
  const steps = f.nextSteps.map((step, i) => `${i + 1}. ${esc(step)}`).join('\n');
  const prefix = where !== undefined ? `${escapeText(where)}: ` : '';
  return [
    section(
      `${SEVERITY_EMOJI[f.severity]} *${prefix}${findingText(f.title)}*\n${detailText(f.detail)}${steps ? `\n${steps}` : ''}`,
    ),
    context(`\`${f.code}\`${f.kb !== undefined ? ` · explain: \`/rpccheck explain ${f.code}\`` : ''}`),
  ];
}

const isProblem = (f: Finding): boolean => f.severity === 'critical' || f.severity === 'warning';

export function autodiscoverMessage(report: Report, target: AutodiscoverTarget): SlackMessage {
  const who = report.target.email ?? report.target.host;
  const nested = report.outlookAnywhere;
  const problems: { finding: Finding; where?: string }[] = [
    ...report.findings.filter(isProblem).map((finding) => ({ finding })),
    ...(nested?.findings.filter(isProblem).map((finding) => ({
      finding,
      where: `Outlook Anywhere ${nested.target.host}`,
    })) ?? []),
  ];
  const notes = report.findings.filter((f) => !isProblem(f));
  const head: KnownBlock[] = [
    header(`${VERDICT_EMOJI[report.verdict]} Autodiscover for ${who}: ${report.verdict.toUpperCase()}`),
    context(
      `${plural(report.findings.length, 'finding')}${nested !== undefined ? ` + ${nested.findings.length} from the Outlook Anywhere check` : ''} · ${report.durationMs} ms · ${report.checkedAt.replace('T', ' ').slice(0, 19)} UTC`,
    ),
    codeSection("*Candidates, in Outlook's order*", candidateLines(report)),
  ];
  const settings = settingsLines(report);
  if (settings.length > 0)
    head.push(section(`*Settings Outlook would get*\n${escapeText(settings.join('\n'))}`));
  head.push(section(`*Endpoints*\n${escapeText(endpointLines(report).join('\n'))}`));

  const value = encodeAutodiscover(target);
  const tail: KnownBlock[] = [];
  if (notes.length > 0)
    tail.push(
      section(
        notes.map((f) => `${SEVERITY_EMOJI[f.severity]} ${findingText(f.title)} \`${f.code}\``).join('\n'),
      ),
    );
  for (const note of report.notes ?? []) tail.push(context(escapeText(note)));
  tail.push(
    actions([
      button('Re-run', ACTION_AD_RERUN, value),
      button('Details in thread', ACTION_AD_DETAILS, value),
    ]),
  );
  const budget = MAX_BLOCKS - head.length - tail.length - 1;
  const body: KnownBlock[] = [];
  let shown = 0;
  for (const { finding, where } of problems) {
    const blocks = findingBlocks(finding, where);
    if (body.length + blocks.length > budget) break;
    body.push(...blocks);
    shown++;
  }
  if (shown < problems.length)
    body.push(context(`…and ${problems.length - shown} more: press *Details in thread* to see them all.`));
  const text = truncate(
    `rpccheck autodiscover ${who}: ${report.verdict.toUpperCase()}${problems.length > 0 ? ` — ${problems.map((p) => p.finding.code).join(', ')}` : ''}`,
    MAX_FALLBACK_TEXT,
  );
  return { text: esc(text), blocks: [...head, ...body, ...tail] };
}

/** Lines in code blocks of at most MAX_CODE_CHARS each, so a long candidate list is split, not cut. */
function chunkedCode(title: string, lines: readonly string[]): KnownBlock[] {
  const blocks: KnownBlock[] = [];
  let current: string[] = [];
  let size = 0;
  for (const line of lines.map(escapeCode)) {
    if (size + line.length + 1 > MAX_CODE_CHARS && current.length > 0) {
      blocks.push(section(`${title}\n\`\`\`${current.join('\n')}\`\`\``));
      current = [];
      size = 0;
    }
    current.push(truncate(line, MAX_CODE_CHARS));
    size += line.length + 1;
  }
  if (current.length > 0) blocks.push(section(`${title}\n\`\`\`${current.join('\n')}\`\`\``));
  return blocks;
}

/** The thread: every finding, every candidate row in full, the settings, MAPI, then the nested check's details. */
export function autodiscoverDetailsMessages(report: Report): SlackMessage[] {
  const who = report.target.email ?? report.target.host;
  const blocks: KnownBlock[] = [];
  for (const f of report.findings) blocks.push(...findingBlocks(f).slice(0, 1));
  blocks.push(...chunkedCode("*Candidates, in Outlook's order*", candidateLines(report)));
  const settings = settingsLines(report);
  if (settings.length > 0) blocks.push(...chunkedCode('*Settings Outlook would get*', settings));
  blocks.push(...chunkedCode('*Endpoints*', endpointLines(report)));
  for (const note of report.notes ?? []) blocks.push(context(escapeText(note)));
  blocks.push(context(`checked ${report.checkedAt} in ${report.durationMs} ms`));
  const messages: SlackMessage[] = [];
  for (let i = 0; i < blocks.length; i += MAX_BLOCKS)
    messages.push({
      text: `Autodiscover details for ${esc(who)} (${i / MAX_BLOCKS + 1})`,
      blocks: blocks.slice(i, i + MAX_BLOCKS),
    });
  if (report.outlookAnywhere !== undefined) messages.push(...detailsMessages(report.outlookAnywhere));
  return messages;
}
