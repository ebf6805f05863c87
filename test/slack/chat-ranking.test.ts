import { knowledgeBase } from '../../src/kb';
import { rankedAnswerMessage } from '../../src/slack/blocks/kb-messages';
import { rankByReport, type ReportFinding } from '../../src/slack/chat-ranking';

const finding = (code: string, severity: ReportFinding['severity'], title = code): ReportFinding => ({
  code,
  severity,
  title,
});
const match = (id: string, score: number) => ({ id, title: id, score });
const ENTRY_FINDINGS: Record<string, string[]> = {
  'auth-integrated-prompts': ['rpc.auth_integrated'],
  'auth-basic-prompts-every-start': ['rpc.auth_basic_only'],
  'ssl-expired': ['cert.expired', 'cert.expiring_soon'],
  'iis-403-2-is-healthy': ['rpc.proxy_reachable'],
  'outlook-client-config': [],
  'firewall-443': ['tcp.unreachable'],
};
const findingsOf = (id: string): string[] => ENTRY_FINDINGS[id] ?? [];

describe('ranking the knowledge-base answer by the report', () => {
  it('puts the entry the report confirms first and names the finding', () => {
    const ranked = rankByReport(
      [
        finding('cert.ok', 'ok'),
        finding('rpc.auth_integrated', 'warning', 'Integrated authentication offered: NTLM'),
      ],
      [match('outlook-client-config', 300), match('ssl-expired', 200), match('auth-integrated-prompts', 100)],
      findingsOf,
    );
    expect(ranked.map((r) => r.id)).toEqual([
      'auth-integrated-prompts',
      'outlook-client-config',
      'ssl-expired',
    ]);
    expect(ranked[0]?.confirmedBy.map((f) => f.title)).toEqual(['Integrated authentication offered: NTLM']);
    // cert.ok rules out an expired certificate: marked, and last.
    expect(ranked[2]?.contradictedBy.map((f) => f.code)).toEqual(['cert.ok']);
    expect(ranked[1]).toMatchObject({ confirmedBy: [], contradictedBy: [] });
  });

  it('a problem found outranks a healthy sign found; the symptom order stays within a rank', () => {
    const ranked = rankByReport(
      [finding('rpc.proxy_reachable', 'ok'), finding('rpc.auth_integrated', 'warning')],
      [
        match('iis-403-2-is-healthy', 300),
        match('auth-integrated-prompts', 100),
        match('outlook-client-config', 90),
      ],
      findingsOf,
    );
    expect(ranked.map((r) => r.id)).toEqual([
      'auth-integrated-prompts',
      'iis-403-2-is-healthy',
      'outlook-client-config',
    ]);
  });

  it('Basic only contradicts the Integrated entry and confirms the Basic one', () => {
    const ranked = rankByReport(
      [finding('rpc.auth_basic_only', 'ok')],
      [match('auth-integrated-prompts', 300), match('auth-basic-prompts-every-start', 200)],
      findingsOf,
    );
    expect(ranked.map((r) => [r.id, r.confirmedBy.length, r.contradictedBy.length])).toEqual([
      ['auth-basic-prompts-every-start', 1, 0],
      ['auth-integrated-prompts', 0, 1],
    ]);
  });

  it('a probe that did not run rules nothing out, and one open code keeps an entry possible', () => {
    // No cert.ok: the certificate was not judged, so ssl-expired is neither confirmed nor contradicted.
    expect(
      rankByReport([finding('tls.handshake_failed', 'critical')], [match('ssl-expired', 1)], findingsOf)[0],
    ).toMatchObject({
      confirmedBy: [],
      contradictedBy: [],
    });
    // tls.ok proves the port answered: the firewall entry is contradicted.
    expect(
      rankByReport([finding('tls.ok', 'ok')], [match('firewall-443', 1)], findingsOf)[0]?.contradictedBy,
    ).toHaveLength(1);
    expect(rankByReport([], [], findingsOf)).toEqual([]);
  });
});

describe('the ranked answer says what the marks say (review item 8)', () => {
  const kb = knowledgeBase();
  const entries = (id: string) => kb.get(id);
  const lead = (findings: ReportFinding[], ids: string[]): string => {
    const ranked = rankByReport(
      findings,
      ids.map((id, i) => match(id, 100 - i)),
      (id) => kb.get(id)?.findings ?? [],
    );
    return JSON.stringify(rankedAnswerMessage(ranked, entries).blocks?.[0]);
  };

  it('when the check rules out every match, the lead says so instead of "neither confirms nor rules it out"', () => {
    const text = lead(
      [finding('cert.ok', 'ok'), finding('tls.ok', 'ok')],
      ['ssl-expired', 'ssl-untrusted-ca'],
    );
    expect(text).toContain('the check of your server rules it out, and the others below too');
    expect(text).not.toContain('neither confirms nor rules it out');
    expect(lead([finding('cert.ok', 'ok')], ['ssl-expired'])).toMatch(/rules it out:/);
  });

  it('an open match keeps the cautious lead', () => {
    expect(lead([finding('cert.ok', 'ok')], ['auth-integrated-prompts', 'ssl-expired'])).toContain(
      'neither confirms nor rules it out',
    );
  });
});
