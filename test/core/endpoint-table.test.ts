import { endpointTableFooter, endpointTableLines } from '../../src/core/endpoint-table';
import type { RpcPingSummary } from '../../src/core/report';

const ping: RpcPingSummary = {
  backends: ['EX01', 'EX01.contoso.local'],
  durationMs: 41,
  echo: { ok: true, detail: '200 Success (application/rpc)' },
  endpoints: [
    { name: 'EX01.contoso.local', port: 6004, outcome: 'timeout', ms: 3000, detail: 'no CONN/C2' },
    { name: 'EX01', port: 6002, outcome: 'ok', ms: 12 },
    { name: 'EX01', port: 6001, outcome: 'ok', ms: 11 },
    { name: 'EX01.contoso.local', port: 6001, outcome: 'not_found', ms: 9 },
    { name: 'EX01', port: 6004, outcome: 'refused', ms: 10 },
  ],
};

describe('endpoint table', () => {
  it('is a grid of name form × port in port order, with a dash where nothing was pinged', () => {
    expect(endpointTableLines(ping)).toEqual([
      'back end            6001      6002      6004',
      'EX01                ok        ok        refused',
      'EX01.contoso.local  not found -         timeout',
    ]);
  });

  it('says how the echo went and how long the parallel pings took', () => {
    expect(endpointTableFooter(ping)).toBe('echo ok (200 Success (application/rpc)) · 5 pings in 41 ms');
    expect(endpointTableFooter({ ...ping, echo: { ok: false, detail: '401 Unauthorized' } })).toMatch(
      /^echo failed \(401 Unauthorized\)/,
    );
  });
});
