import type { WebClient } from '@slack/web-api';
import type { Report } from '../core/report';
import type { Target } from '../core/target';
import type { KbMatch } from '../kb';
import { rankedAnswerMessage } from './blocks/kb-messages';
import { rankByReport, type ReportFinding } from './chat-ranking';
import { postMessage } from './post';
import type { SlackServices } from './services';

/** What a thread is about: the host checked in it and what its last report found. */
export interface ThreadContext {
  target: Target;
  findings: ReportFinding[];
}

/** A thread's host is remembered this long; its report answers symptoms while younger than REPORT_FRESH_MS. */
export const THREAD_TTL_MS = 7 * 24 * 3600 * 1000;
export const REPORT_FRESH_MS = 3600 * 1000;

/** "check again", "re-run", "recheck it please": a request to run the thread's host again. */
export function isRerun(text: string): boolean {
  return /\b(?:(?:check|run|test|try)\s+(?:it\s+|this\s+|that\s+)?again|re-?run|re-?check|re-?test)\b/i.test(
    text,
  );
}

export async function saveThread(
  services: Pick<SlackServices, 'store' | 'logger'>,
  where: { channel: string; threadTs: string },
  target: Target,
  report: Report,
): Promise<void> {
  if (services.store === undefined) return;
  const context: ThreadContext = {
    target,
    findings: report.findings.map(({ code, severity, title }) => ({ code, severity, title })),
  };
  await services.store
    .saveThreadReport(where.channel, where.threadTs, JSON.stringify(context), THREAD_TTL_MS, new Date())
    .catch((error: unknown) =>
      services.logger.warn(`saving the thread of ${where.channel} failed: ${String(error)}`),
    );
}

/** The thread's context and whether its report is fresh enough to answer from; undefined when unknown. */
export async function loadThread(
  services: Pick<SlackServices, 'store'>,
  where: { channel: string; threadTs: string },
  now = new Date(),
): Promise<{ context: ThreadContext; fresh: boolean } | undefined> {
  if (services.store === undefined) return undefined;
  const saved = await services.store.threadReport(where.channel, where.threadTs, now).catch(() => undefined);
  if (saved === undefined) return undefined;
  try {
    const context = JSON.parse(saved.json) as ThreadContext;
    return { context, fresh: now.getTime() - saved.savedAt.getTime() < REPORT_FRESH_MS };
  } catch {
    return undefined;
  }
}

/** Posts the symptom's entries ranked by a report, in the thread. */
export async function postRankedAnswer(
  services: SlackServices,
  client: WebClient,
  where: { channel: string; threadTs?: string },
  findings: readonly ReportFinding[],
  matches: readonly KbMatch[],
): Promise<void> {
  const kb = services.knowledgeBase();
  const ranked = rankByReport(findings, matches, (id) => kb.get(id)?.findings ?? []);
  const posted = await postMessage(
    client,
    where.channel,
    rankedAnswerMessage(ranked, (id) => kb.get(id)),
    where.threadTs,
  );
  if (!posted.ok) {
    services.metrics.slackPostFailures.inc({ kind: 'answer' });
    services.logger.warn(`posting the answer in ${where.channel} failed: ${posted.error}`);
  }
}
