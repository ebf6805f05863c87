import { passwordSource } from '../../src/cli/password-source';

describe("where --user's password comes from", () => {
  const user = 'CONTOSO\\probe';

  it('takes RPCCHECK_PROBE_PASSWORD for the configured user or when no user is configured', () => {
    expect(passwordSource({ RPCCHECK_PROBE_PASSWORD: 's3cret' }, user)).toEqual({ password: 's3cret' });
    expect(passwordSource({ RPCCHECK_PROBE_PASSWORD: 's3cret', RPCCHECK_PROBE_USER: user }, user)).toEqual({
      password: 's3cret',
    });
  });

  it('asks at the terminal otherwise, and says what was missing when there is none', () => {
    expect(passwordSource({}, user)).toEqual({
      prompt: true,
      noTerminal: 'no terminal to ask for the password: set RPCCHECK_PROBE_PASSWORD',
    });
    expect(passwordSource({ RPCCHECK_PROBE_PASSWORD: '' }, user)).toEqual({
      prompt: true,
      noTerminal:
        'RPCCHECK_PROBE_PASSWORD is set but empty, and there is no terminal to ask for the password',
    });
    expect(
      passwordSource({ RPCCHECK_PROBE_PASSWORD: 'x', RPCCHECK_PROBE_USER: 'CONTOSO\\other' }, user),
    ).toMatchObject({ prompt: true, noTerminal: expect.stringMatching(/another account$/) });
  });
});
