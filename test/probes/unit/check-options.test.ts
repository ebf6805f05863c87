import { loadConfig } from '../../../src/config';
import { checkOptionsFrom } from '../../../src/probes/check-options';

describe('check options from the configuration', () => {
  const config = loadConfig({
    RPCCHECK_PROBE_USER: 'CONTOSO\\probe',
    RPCCHECK_PROBE_PASSWORD: 'secret',
    RPCCHECK_PROBE_TARGETS: '*.contoso.com',
    RPCCHECK_TIMEOUT_MS: '2500',
  });

  it('on-demand checks log in with the test account', () => {
    expect(checkOptionsFrom(config, 'on-demand')).toMatchObject({
      timeoutMs: 2500,
      credentials: {
        user: 'CONTOSO\\probe',
        password: 'secret',
        targets: [{ kind: 'name', text: '*.contoso.com' }],
      },
    });
  });

  it('reminder sweeps never log in', () => {
    const options = checkOptionsFrom(config, 'sweep');
    expect(options.timeoutMs).toBe(2500);
    expect(options).not.toHaveProperty('credentials');
  });
});
