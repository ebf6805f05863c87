import type { KnownBlock } from '@slack/types';
import type { Finding, Report } from '../../src/core/report';
import { knowledgeBase } from '../../src/kb';
import { detailsMessages } from '../../src/slack/blocks/details-message';
import {
  entryMessage,
  flowMessage,
  helpMessage,
  rankedAnswerMessage,
  validationMessage,
} from '../../src/slack/blocks/kb-messages';
import { rankByReport } from '../../src/slack/chat-ranking';
import { MAX_BLOCKS, MAX_HEADER_TEXT, MAX_SECTION_TEXT } from '../../src/slack/blocks/limits';
import { reportMessage } from '../../src/slack/blocks/report-message';
import { escapeMrkdwn } from '../../src/slack/escape';
import { decodeTarget, encodeTarget } from '../../src/slack/target-ref';

const target = { input: 'mail.contoso.com', host: 'mail.contoso.com', port: 443 };

function finding(i: number, severity: Finding['severity'] = 'critical', text = 'x'): Finding {
  return {
    code: `cert.expired`,
    severity,
    title: `Finding ${i} ${text}`,
    detail: `detail ${i} ${text}`,
    nextSteps: [`step ${i}`],
    kb: 'ssl-expired',
  };
}

function report(findings: Finding[], extra: Partial<Report> = {}): Report {
  return {
    target: { input: 'mail.contoso.com', host: 'mail.contoso.com', port: 443, address: '10.0.0.5' },
    checkedAt: '2026-11-25T09:00:00.000Z',
    durationMs: 321,
    verdict: 'critical',
    findings,
    ...extra,
  };
}

function texts(blocks: KnownBlock[]): string[] {
  return blocks.flatMap((block) => {
    if (block.type === 'section') return [block.text?.text ?? ''];
    if (block.type === 'header') return [block.text.text];
    if (block.type === 'context') return block.elements.map((e) => ('text' in e ? e.text : ''));
    return [];
  });
}

function withinLimits(blocks: KnownBlock[]): void {
  expect(blocks.length).toBeLessThanOrEqual(MAX_BLOCKS);
  for (const block of blocks) {
    if (block.type === 'section') expect(block.text?.text.length ?? 0).toBeLessThanOrEqual(MAX_SECTION_TEXT);
    if (block.type === 'header') expect(block.text.text.length).toBeLessThanOrEqual(MAX_HEADER_TEXT);
    if (block.type === 'actions')
      for (const element of block.elements)
        if (element.type === 'button') expect((element.value ?? '').length).toBeLessThanOrEqual(2000);
  }
}

describe('report message', () => {
  it('stays within Block Kit limits with 40 findings, folding the rest into the thread', () => {
    const many = Array.from({ length: 40 }, (_, i) => finding(i));
    const message = reportMessage(report(many), target);
    withinLimits(message.blocks);
    expect(texts(message.blocks).join('\n')).toMatch(/…and \d+ more findings: press \*Details in thread\*/);
    expect(message.text).toContain('CRITICAL');
    const details = detailsMessages(report(many));
    for (const part of details) withinLimits(part.blocks);
    expect(details.flatMap((d) => texts(d.blocks)).join('\n')).toContain('Finding 39');
  });

  it('counts in words: "1 finding", not "1 findings"', () => {
    expect(texts(reportMessage(report([finding(1)]), target).blocks).join('\n')).toContain('· 1 finding ·');
    expect(texts(reportMessage(report([finding(1), finding(2)]), target).blocks).join('\n')).toContain(
      '· 2 findings ·',
    );
  });

  it('cuts an enormous finding to 3000 characters instead of breaking the message', () => {
    const message = reportMessage(report([finding(1, 'critical', 'y'.repeat(5000))]), target);
    withinLimits(message.blocks);
  });

  it('escapes outside text everywhere: titles, details, certificate names, fallback text', () => {
    const hostile = '<!channel> <@U123> <http://evil|click> & more';
    const message = reportMessage(
      report([finding(1, 'warning', hostile)], {
        verdict: 'warning',
        certificate: {
          subject: `CN=${hostile}`,
          issuer: `CN=${hostile}`,
          sans: [hostile],
          notBefore: '2026-01-01T00:00:00.000Z',
          notAfter: '2027-01-01T00:00:00.000Z',
          daysLeft: 37,
          fingerprintSha256: 'AA',
          serialNumber: '01',
          signatureAlgorithm: 'sha256WithRSAEncryption',
          keyType: 'rsa',
          keyBits: 2048,
          chain: [
            {
              subject: `CN=${hostile}`,
              issuer: 'CN=x',
              notAfter: '2027-01-01T00:00:00.000Z',
              fingerprintSha256: 'AA',
            },
          ],
          trusted: true,
        },
      }),
      target,
    );
    const all =
      JSON.stringify(message) + JSON.stringify(detailsMessages(report([finding(1, 'warning', hostile)])));
    expect(all).not.toMatch(/<!channel>|<@U123>|<http:\/\/evil/);
    expect(all).toContain('&lt;!channel&gt;');
    expect(escapeMrkdwn('a & <b>')).toBe('a &amp; &lt;b&gt;');
  });

  it('wildcard names copy without hidden characters: the names list in inline code, a mismatch detail bare', () => {
    const mismatch: Finding = {
      code: 'cert.name_mismatch',
      severity: 'critical',
      title: 'The certificate does not name mail.contoso.com',
      detail: 'It is valid for *.contoso.net, contoso.net.',
      nextSteps: [],
    };
    const withCert = report([mismatch], {
      certificate: {
        subject: 'CN=*.contoso.net',
        issuer: 'CN=CA',
        sans: ['*.contoso.net', 'contoso.net'],
        notBefore: '2026-01-01T00:00:00.000Z',
        notAfter: '2027-01-01T00:00:00.000Z',
        daysLeft: 37,
        fingerprintSha256: 'AA',
        serialNumber: '01',
        signatureAlgorithm: 'sha256WithRSAEncryption',
        keyType: 'rsa',
        keyBits: 2048,
        chain: [],
        trusted: true,
      },
    });
    const details = detailsMessages(withCert)
      .flatMap((d) => texts(d.blocks))
      .join('\n');
    expect(details).toContain('names `*.contoso.net`, `contoso.net`');
    expect(details).toContain('\nIt is valid for *.contoso.net, contoso.net.');
    const shown = texts(reportMessage(withCert, target).blocks).join('\n');
    expect(shown).toContain('\nIt is valid for *.contoso.net, contoso.net.');
  });

  it('shows each problem with its code and next steps, OK findings on one line, and three buttons when watchable', () => {
    const message = reportMessage(
      report([finding(1), { code: 'tls.ok', severity: 'ok', title: 'TLS fine', detail: 'd', nextSteps: [] }]),
      target,
      { watchable: true },
    );
    const joined = texts(message.blocks).join('\n');
    expect(joined).toContain('`cert.expired`');
    expect(joined).toContain('1. step 1');
    expect(joined).toContain('TLS fine `tls.ok`');
    const actions = message.blocks.find((b) => b.type === 'actions');
    expect(actions && 'elements' in actions ? actions.elements.length : 0).toBe(3);
  });

  it('buttons carry the target, re-checked when clicked', () => {
    const encoded = encodeTarget({ ...target, port: 8443, connectAddress: '10.0.0.5' });
    expect(decodeTarget(encoded)).toEqual({
      ok: true,
      target: { input: 'mail.contoso.com', host: 'mail.contoso.com', port: 8443, connectAddress: '10.0.0.5' },
    });
    expect(decodeTarget('not json').ok).toBe(false);
    expect(decodeTarget('{"t":"user:x@evil","p":443}').ok).toBe(false);
  });
});

describe('the authenticated ping in Slack', () => {
  const rpcProxy = { url: 'https://mail.contoso.com/rpc/rpcproxy.dll', status: 401, authMethods: ['Basic'] };
  const rpcPing = {
    backends: ['EX01', '<!channel>'],
    durationMs: 38,
    echo: { ok: true, detail: '200 Success (application/rpc)' },
    endpoints: [
      { name: 'EX01', port: 6001, outcome: 'ok' as const, ms: 10 },
      { name: 'EX01', port: 6004, outcome: 'ok' as const, ms: 11 },
      { name: '<!channel>', port: 6001, outcome: 'refused' as const, ms: 9 },
    ],
  };

  it('the report and the details thread show the endpoint table, names escaped', () => {
    const message = reportMessage(report([finding(1)], { rpcProxy, rpcPing }), target);
    withinLimits(message.blocks);
    const joined = texts(message.blocks).join('\n');
    expect(joined).toContain('*RPC ping through the proxy*');
    expect(joined).toMatch(/```back end\s+6001\s+6004\nEX01\s+ok\s+ok\n&lt;!channel&gt;\s+refused\s+-```/);
    expect(joined).toContain('3 pings in 38 ms');
    expect(JSON.stringify(message)).not.toContain('<!channel>');
    const details = detailsMessages(report([finding(1)], { rpcProxy, rpcPing }));
    expect(details.flatMap((d) => texts(d.blocks)).join('\n')).toContain('*RPC ping through the proxy*');
  });

  it('a ping stopped at the echo shows no empty table and no "not run" hint', () => {
    const stopped = { ...rpcPing, endpoints: [], echo: { ok: false, detail: '401 Unauthorized' } };
    const joined = texts(
      reportMessage(report([finding(1)], { rpcProxy, rpcPing: stopped }), target).blocks,
    ).join('\n');
    expect(joined).not.toContain('RPC ping');
  });

  it('says in one context line what a test account would add when the ping did not run', () => {
    const joined = texts(reportMessage(report([finding(1)], { rpcProxy }), target).blocks).join('\n');
    expect(joined).toContain('Authenticated RPC ping not run');
    expect(joined).not.toContain('RPC ping through the proxy');
    // No proxy reached, nothing to ping: no line either.
    expect(texts(reportMessage(report([finding(1)]), target).blocks).join('\n')).not.toContain('RPC ping');
  });

  it('a table with many long names stays inside the section limit', () => {
    const long = Array.from({ length: 8 }, (_, i) => `${'n'.repeat(60)}${i}.${'d'.repeat(180)}`);
    const endpoints = long.flatMap((name) =>
      [6001, 6002, 6004].map((port) => ({ name, port, outcome: 'timeout' as const, ms: 1 })),
    );
    const message = reportMessage(
      report([], { rpcProxy, rpcPing: { ...rpcPing, backends: long, endpoints } }),
      target,
    );
    withinLimits(message.blocks);
  });

  it('buttons carry back-end names and check them again when clicked', () => {
    const encoded = encodeTarget({ ...target, backends: ['EX01', 'ex01.contoso.local'] });
    expect(decodeTarget(encoded)).toEqual({
      ok: true,
      target: { ...target, backends: ['EX01', 'ex01.contoso.local'] },
    });
    expect(decodeTarget('{"t":"mail.contoso.com","p":443,"b":["ex01?x"]}').ok).toBe(false);
    for (const junk of ['null', '42', '"text"', '[]']) expect(decodeTarget(junk).ok).toBe(false);
  });
});

describe('knowledge-base messages', () => {
  const kb = knowledgeBase();
  it('entries, flows, validations and help stay within limits', () => {
    for (const entry of kb.entries) withinLimits(entryMessage(entry, kb.match(entry.title)).blocks);
    const start = kb.flows.start();
    if (!start) throw new Error('no flow');
    withinLimits(flowMessage(start, (id) => kb.get(id)).blocks);
    const end = kb.flows.step('troubleshoot/end-validports');
    if (!end) throw new Error('no end');
    expect(JSON.stringify(flowMessage(end, (id) => kb.get(id)))).toContain('/rpccheck validate validports');
    withinLimits(
      validationMessage(
        'validports',
        Array.from({ length: 60 }, (_, i) => finding(i)),
      ).blocks,
    );
    withinLimits(helpMessage().blocks);
  });
});

describe('the answer ranked by a report', () => {
  const kb = knowledgeBase();
  const entries = (id: string) => kb.get(id);
  const matches = kb.match('outlook keeps asking for my password, certificate expired?', 5);
  const findingsOf = (id: string) => kb.get(id)?.findings ?? [];

  it('leads with the confirmed entry and names the finding; a contradicted one is marked; within limits', () => {
    const hostile = '<!channel> NTLM & Negotiate';
    const ranked = rankByReport(
      [
        { code: 'cert.ok', severity: 'ok', title: 'Certificate valid' },
        {
          code: 'rpc.auth_integrated',
          severity: 'warning',
          title: `Integrated authentication offered: ${hostile}`,
        },
      ],
      matches,
      findingsOf,
    );
    const message = rankedAnswerMessage(ranked, entries);
    withinLimits(message.blocks);
    const text = JSON.stringify(message.blocks);
    expect(message.text).toContain('(confirmed)');
    expect(text).toContain('confirmed: Integrated authentication offered');
    expect(text).toContain('&lt;!channel&gt;');
    expect(text).not.toContain('<!channel>');
    if (ranked.some((r) => r.contradictedBy.length > 0))
      expect(text).toContain('contradicted: Certificate valid');
  });

  it('says when the check neither confirms nor rules out the best entry', () => {
    const message = rankedAnswerMessage(rankByReport([], matches, findingsOf), entries);
    expect(JSON.stringify(message.blocks)).toContain('neither confirms nor rules it out');
    expect(rankedAnswerMessage([], entries).text).toContain('report above');
  });
});

describe('fallback text', () => {
  const kb = knowledgeBase();
  const entries = (id: string) => kb.get(id);

  it('of ranked answers and flow answers is escaped like the blocks', () => {
    const match = kb.match('certificate warning naming autodiscover', 5).find((m) => m.title.includes('<'));
    expect(match).toBeDefined();
    const ranked = rankByReport([], [match!], (id) => kb.get(id)?.findings ?? []);
    const answer = rankedAnswerMessage(ranked, entries);
    expect(answer.text).toContain('autodiscover.&lt;domain&gt;');
    expect(answer.text).not.toMatch(/[<>]/);
    const end = flowMessage({ kind: 'end', stepId: 'x', entries: [match!.id], check: false }, entries);
    expect(end.text).toContain('autodiscover.&lt;domain&gt;');
    expect(end.text).not.toMatch(/[<>]/);
  });
});
