import { knowledgeBase } from '../../src/kb';
import { evaluate, loadEvalMessages } from '../../bench/kb-eval/evaluate';
import { expandSynonyms, processTerm, tokenize } from '../../src/kb/text';

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
