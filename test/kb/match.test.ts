import { FINDINGS } from '../../src/findings/catalog';
import { knowledgeBase } from '../../src/kb';
import { evaluate, loadEvalMessages } from '../../bench/kb-eval/evaluate';
import { errorCodeForms, expandSynonyms, processTerm, tokenize } from '../../src/kb/text';

const kb = knowledgeBase();
const top = (text: string): string | undefined => kb.match(text)[0]?.id;

describe('matching text to entries', () => {
  it('names the integrated-authentication entry first for credential prompts', () => {
    expect(top('users keep getting prompted for credentials')).toBe('auth-integrated-prompts');
  });

  it('weighs exact tokens: sub-status codes, hex errors, event ids, ports, finding codes', () => {
    expect(top('HTTP Error 403.2')).toBe('iis-403-2-is-healthy');
    expect(top('401.3')).toBe('iis-401-3-is-healthy');
    expect(top('0x6ba')).toBe('rpcproxy-validports');
    expect(top('6004 ncacn_http')).toBeDefined();
    expect(top('cert.expired')).toBe('ssl-expired');
    expect(top('explain rpc.methods_blocked please')).toBe('reverse-proxy-rpc-verbs');
  });

  it('reads a Windows error code in any form people paste it', () => {
    expect(errorCodeForms('0x80090322 80090322 -2146893022 2148074274 0X000006BA C000035B')).toEqual([
      '0x80090322',
      '0x80090322',
      '0x80090322',
      '0x80090322',
      '0x6ba',
      '0xc000035b',
    ]);
    // Other numbers stay numbers: ports, years, event ids, a decimal outside the 32-bit failure range.
    expect(
      errorCodeForms('6001-6002 2026 1722 403.2 -12345 1234567890 9999999999 cert.expired 80090322x'),
    ).toEqual([]);
  });

  it('leads with the entry a Windows error code names, whatever its form', () => {
    // SEC_E_WRONG_PRINCIPAL, the README's own example: Outlook's "The target principal name is incorrect".
    for (const text of [
      '-2146893022',
      '0x80090322',
      '80090322',
      'The target principal name is incorrect',
      'outlook: the target principal name is incorrect',
      'SEC_E_WRONG_PRINCIPAL',
      'rpc over http log shows HRESULT -2146893022',
    ])
      expect({ text, top: top(text) }).toEqual({ text, top: 'ssl-name-mismatch' });
    expect(kb.match('The target principal name is incorrect').map((m) => m.id)).toContain(
      'ssl-mutual-authentication',
    );
    // WinINet 12045 ERROR_INTERNET_INVALID_CA is an untrusted CA, not a name mismatch.
    expect(top('0x80072f0d')).toBe('ssl-untrusted-ca');
    expect(top('-2147012851')).toBe('ssl-untrusted-ca');
    expect(top('CERT_E_UNTRUSTEDROOT -2146762487')).toBe('ssl-untrusted-ca');
    expect(top('-2146893016')).toBe('ssl-expired');
    expect(top('0x800B010A')).toBe('ssl-missing-intermediate');
    expect(top('-2146893007')).toBe('tls-handshake-failure');
    expect(top('error 0x000006BA')).toBe('rpcproxy-validports');
  });

  it('explains a finding code from the catalogue, with no entry that merely shares a word', () => {
    expect(kb.explain('autodiscover.ok')).toEqual({
      matches: [],
      finding: { code: 'autodiscover.ok', severity: 'ok', meaning: expect.stringMatching(/answered/) },
    });
    const expired = kb.explain(' Cert.Expired ');
    expect(expired.matches[0]?.id).toBe('ssl-expired');
    expect(expired.finding).toMatchObject({ code: 'cert.expired', severity: 'critical', kb: 'ssl-expired' });
    expect(kb.explain('certificate expired')).toEqual({ matches: kb.match('certificate expired') });
    // Every code of the catalogue: the entry it names is the one shown first, once.
    for (const code of Object.keys(FINDINGS)) {
      const { matches, finding } = kb.explain(code);
      expect(finding?.code).toBe(code);
      if (finding?.kb === undefined) expect(matches).toEqual([]);
      else {
        expect(matches[0]?.id).toBe(finding.kb);
        expect(matches.filter((m) => m.id === finding.kb)).toHaveLength(1);
      }
    }
  });

  it('stems, applies synonyms and tolerates typos', () => {
    expect(top('the login box keeps popping up')).toBe('auth-integrated-prompts');
    expect(top('certifcate expird')).toBe('ssl-expired');
    expect(expandSynonyms('Login box again', [['login box', 'credprompt']])).toBe(
      'login box again credprompt',
    );
    expect(tokenize('RPC Error: 6ba, 6001-6002 cert.expired')).toEqual([
      'RPC',
      'Error',
      '6ba',
      '6001-6002',
      '6001',
      '6002',
      'cert.expired',
      'cert',
      'expired',
    ]);
    expect(processTerm('prompting')).toBe('prompt');
    expect(processTerm('the')).toBeNull();
    expect(processTerm('403.2')).toBe('403.2');
  });

  it('returns nothing for unrelated text, and at most 5 results best first', () => {
    expect(kb.match('my printer is jammed')).toEqual([]);
    expect(kb.match('')).toEqual([]);
    const many = kb.match('certificate ssl outlook exchange rpc proxy iis error prompt', 5);
    expect(many.length).toBeLessThanOrEqual(5);
    for (let i = 1; i < many.length; i++) expect(many[i - 1]!.score).toBeGreaterThanOrEqual(many[i]!.score);
  });

  it('meets the evaluation targets (top-1 ≥ 90 %, top-3 ≥ 98 %, no false matches)', () => {
    const messages = loadEvalMessages();
    const result = evaluate(kb, messages);
    expect(result.labelled).toBeGreaterThanOrEqual(80);
    expect(result.unrelated).toBeGreaterThanOrEqual(15);
    expect(result.top1).toBeGreaterThanOrEqual(0.9);
    expect(result.top3).toBeGreaterThanOrEqual(0.98);
    expect(result.falseMatches).toEqual([]);
    for (const message of messages)
      if (message.expect !== 'none') expect(kb.get(message.expect)).toBeDefined();
  });
});
