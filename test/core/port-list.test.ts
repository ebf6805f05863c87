import fc from 'fast-check';
import { formatPortList, portRuns } from '../../src/core/port-list';
import { checkPort, createTargetPolicy, parsePorts } from '../../src/core/target-policy';
import { params } from '../fuzz/fuzz';

const refusal = (allowedPorts: string, port: number): string => {
  const decision = checkPort(createTargetPolicy({ allowedPorts }), port);
  return decision.allowed ? 'allowed' : decision.reason;
};

describe('the allowed ports in a refusal', () => {
  it.each([
    ['8000-8100', 'allowed: 443, 8000-8100;'],
    ['443,1024-65535', 'allowed: 443, 1024-65535;'],
    ['443,444,8443', 'allowed: 443, 444, 8443;'],
    ['9443, 443, 444, 445', 'allowed: 443-445, 9443;'],
    ['8000-8002,8003', 'allowed: 443, 8000-8003;'],
  ])('RPCCHECK_ALLOWED_PORTS=%s → %s', (config, expected) => {
    expect(refusal(config, 22)).toContain(expected);
  });

  it('keeps the line short for a scattered list, counting what it leaves out and never cutting a range', () => {
    const scattered = Array.from({ length: 100 }, (_, i) => 10000 + 3 * i);
    const text = formatPortList([...scattered, 20000, 20001, 20002, 20003]);
    expect(text.length).toBeLessThan(230);
    expect(text).toMatch(/^10000, 10003, .* and \d+ more$/);
    const shown = text.replace(/ and \d+ more$/, '').split(', ').length;
    expect(text).toContain(` and ${101 - shown} more`);
  });

  it('reads back as the same ports when nothing is left out', () => {
    const ranges = fc.array(
      fc
        .tuple(fc.integer({ min: 1, max: 65535 }), fc.integer({ min: 0, max: 500 }))
        .map(([low, width]) => `${low}-${Math.min(65535, low + width)}`),
      { minLength: 1, maxLength: 6 },
    );
    fc.assert(
      fc.property(ranges, (list) => {
        const ports = parsePorts(list.join(','));
        const text = formatPortList(ports);
        if (text.includes('more')) return;
        expect([...parsePorts(text.replace(/ /g, ''))].sort((a, b) => a - b)).toEqual(
          [...ports].sort((a, b) => a - b),
        );
      }),
      params,
    );
  });

  it('runs are maximal and ascending', () => {
    expect(portRuns([5, 3, 4, 10, 1])).toEqual([
      [1, 1],
      [3, 5],
      [10, 10],
    ]);
  });
});
