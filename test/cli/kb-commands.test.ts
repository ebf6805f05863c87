import { runCli } from '../fixtures/cli-process';

// PATH alone reaches the CLI (runCli's default): explain and validate read no configuration, and none leaks in.

describe('rpccheck explain and validate, as processes', () => {
  it('explain names the integrated-authentication entry first', async () => {
    const text = await runCli(['explain', 'users keep getting prompted for credentials']);
    expect(text.code).toBe(0);
    expect(text.stdout.split('\n')[0]).toContain('Integrated authentication');
    const json = await runCli([
      'explain',
      '--json',
      'users',
      'keep',
      'getting',
      'prompted',
      'for',
      'credentials',
    ]);
    const parsed = JSON.parse(json.stdout) as {
      query: string;
      matches: { id: string; title: string; score: number }[];
    };
    expect(parsed.query).toBe('users keep getting prompted for credentials');
    expect(parsed.matches[0]?.id).toBe('auth-integrated-prompts');
    expect(parsed.matches.length).toBeLessThanOrEqual(5);
    expect(Object.keys(parsed.matches[0] ?? {})).toEqual(['id', 'title', 'score']);
  });

  it('explain exits 1 with no match, and explains finding codes', async () => {
    const none = await runCli(['explain', '--json', 'the printer is jammed']);
    expect(none.code).toBe(1);
    expect(JSON.parse(none.stdout)).toEqual({ query: 'the printer is jammed', matches: [] });
    const code = await runCli(['explain', '--json', 'cert.incomplete_chain']);
    expect((JSON.parse(code.stdout) as { matches: { id: string }[] }).matches[0]?.id).toBe(
      'ssl-missing-intermediate',
    );
  });

  it("explain answers the README's examples: a negative error code after --, an ok finding code", async () => {
    const code = await runCli(['explain', '--', '-2146893022']);
    expect(code.code).toBe(0);
    expect(code.stdout.split('\n')[0]).toContain('ssl-name-mismatch');
    const ok = await runCli(['explain', '--json', 'tls.ok']);
    expect(ok.code).toBe(0);
    expect(JSON.parse(ok.stdout)).toMatchObject({
      query: 'tls.ok',
      matches: [],
      finding: { severity: 'ok' },
    });
  });

  it('validate points at the ValidPorts mistake and exits 2', async () => {
    const result = await runCli([
      'validate',
      'validports',
      'EX01:6001-6002;EX01:6004;EX01.contoso.com;6001-6002',
    ]);
    expect(result.code).toBe(2);
    expect(result.stdout).toContain('validports.semicolon_for_colon');
    expect(result.stdout).toContain('column 42');
    expect(result.stdout).toContain('corrected: EX01:6001-6002;EX01:6004;EX01.contoso.com:6001-6002');
  });

  it('validate reads stdin with -, prints { kind, valid, findings } and exits 0 / 1 / 3', async () => {
    const ok = await runCli(['validate', 'nspi', '-', '--json'], { stdin: 'ncacn_http:6004\n' });
    expect(ok.code).toBe(0);
    expect(JSON.parse(ok.stdout)).toMatchObject({
      kind: 'nspi',
      valid: true,
      findings: [{ code: 'nspi.ok' }],
    });
    const warnings = await runCli(['validate', 'validports', 'EX01:6001-6002;EX01:6004']);
    expect(warnings.code).toBe(1);
    const unknown = await runCli(['validate', 'registry', 'x']);
    expect(unknown.code).toBe(3);
    expect(unknown.stderr).toContain('validports, nspi, rpcdump, event');
  });
});
