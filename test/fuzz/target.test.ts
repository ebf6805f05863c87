import fc from 'fast-check';
import { isIP } from 'node:net';
import ipaddr from 'ipaddr.js';
import { parseChatTarget, parseTarget } from '../../src/core/target';
import { createTargetPolicy } from '../../src/core/target-policy';
import { resolveTarget } from '../../src/probes/resolve-target';
import { decodeTarget } from '../../src/slack/target-ref';
import { bounded, boundedAsync, params, PROPERTY_TIMEOUT_MS, soup } from './fuzz';

/**
 * Whatever is typed, parsing plus the policy never lets the probes connect to an address the policy exists to
 * refuse. The oracle below is written from the address bytes, not with the policy's own range names.
 */
function forbidden(address: string): boolean {
  const bytes = ipaddr.parse(address).toByteArray();
  const v4 = (b: number[]): boolean => {
    const [a = 0, c = 0] = b;
    return a === 127 || a === 0 || (a === 169 && c === 254) || a >= 224;
  };
  if (bytes.length === 4) return v4(bytes);
  const zeroPrefix = (n: number): boolean => bytes.slice(0, n).every((b) => b === 0);
  if (zeroPrefix(15) && (bytes[15] === 0 || bytes[15] === 1)) return true; // :: and ::1
  if (bytes[0] === 0xff) return true; // multicast
  if (bytes[0] === 0xfe && ((bytes[1] ?? 0) & 0xc0) === 0x80) return true; // link-local
  if (zeroPrefix(10) && bytes[10] === 0xff && bytes[11] === 0xff) return v4(bytes.slice(12)); // ::ffff:a.b.c.d
  if (
    bytes[0] === 0x00 &&
    bytes[1] === 0x64 &&
    bytes[2] === 0xff &&
    bytes[3] === 0x9b &&
    bytes.slice(4, 12).every((b) => b === 0)
  )
    return v4(bytes.slice(12)); // 64:ff9b::a.b.c.d (NAT64)
  if (bytes[0] === 0x20 && bytes[1] === 0x02) return v4(bytes.slice(2, 6)); // 6to4
  return false;
}

const policy = createTargetPolicy();

const dangerousV4 = fc.constantFrom(
  '127.0.0.1',
  '127.1.2.3',
  '0.0.0.0',
  '169.254.169.254',
  '224.0.0.1',
  '255.255.255.255',
);
const v4 = fc.oneof(fc.ipV4(), dangerousV4);
const v6 = fc.oneof(
  fc.ipV6(),
  fc.constantFrom(
    '::1',
    '::',
    'fe80::1',
    'ff02::1',
    '::ffff:127.0.0.1',
    '::ffff:7f00:1',
    '64:ff9b::7f00:1',
    '2002:7f00:1::1',
    '::ffff:169.254.169.254',
    '0:0:0:0:0:0:0:1',
  ),
);
/** Addresses as typed: plain, hex and octal IPv4 forms, bracketed IPv6, with ports, in URLs and Slack links. */
const typedAddress = fc.oneof(
  v4,
  fc.ipV4Extended(),
  v6.map((a) => `[${a}]`),
  v6,
  fc.constantFrom('2130706433', '0x7f.1', '0177.0.0.1', '127.1', 'localhost', 'localhost.'),
);
const host = fc.oneof(typedAddress, fc.domain(), fc.constantFrom('mail.contoso.com', 'EX01', 'exämple.com'));
const port = fc.oneof(
  fc.constantFrom('', ':443', ':444', ':8443', ':22', ':0', ':65536', ':99999', ':'),
  fc.nat(70000).map((p) => `:${p}`),
);
const targetText = fc.oneof(
  fc
    .tuple(
      fc.constantFrom('', 'http://', 'https://', 'ftp://', '//'),
      host,
      port,
      fc.constantFrom('', '/rpc/rpcproxy.dll', '?x', '#y', '/'),
    )
    .map(([scheme, h, p, path]) => `${scheme}${h}${p}${path}`),
  fc.tuple(host, port).map(([h, p]) => `<https://${h}${p}|${h}>`),
  fc
    .tuple(
      host,
      fc.array(fc.tuple(fc.constantFrom('via', 'backend', 'VIA', 'x'), fc.oneof(typedAddress, fc.domain())), {
        maxLength: 3,
      }),
    )
    .map(([h, options]) => [h, ...options.flat()].join(' ')),
  soup([
    '127.0.0.1',
    '[',
    ']',
    ':',
    '::',
    'ffff',
    '.',
    '0x',
    '0',
    '1',
    '/',
    '@',
    '<',
    '|',
    '>',
    'http://',
    ' via ',
    ' backend ',
    'a',
    '%',
    '\u3002',
  ]),
  fc.string({ maxLength: 80 }),
);
/** What DNS might answer for a name: canonical addresses, dangerous ones among them. */
const answers = fc.array(fc.oneof(v4, v6), { minLength: 1, maxLength: 3 });

describe('target parsing plus the policy (fuzz)', () => {
  it(
    'never connects to an address the policy refuses, never throws',
    async () => {
      await fc.assert(
        fc.asyncProperty(targetText, answers, async (input, dns) => {
          await boundedAsync(async () => {
            for (const parsed of [parseTarget(input), parseChatTarget(input)]) {
              if (!parsed.ok) {
                expect(parsed.reason).toMatch(/^[^\n]+$/);
                continue;
              }
              const resolution = await resolveTarget(parsed.target, policy, {
                lookup: async () => dns,
                timeoutMs: 1000,
              });
              if (resolution.kind !== 'resolved') continue;
              expect(policy.allowedPorts.has(parsed.target.port)).toBe(true);
              for (const address of [resolution.address, ...resolution.addresses]) {
                expect(isIP(address)).not.toBe(0);
                expect({ address, forbidden: forbidden(address) }).toEqual({ address, forbidden: false });
              }
            }
          });
        }),
        params,
      );
    },
    PROPERTY_TIMEOUT_MS,
  );

  it(
    'a button value (which comes back from the client) decodes to a checked target or a refusal, never throws',
    async () => {
      const value = fc.oneof(
        fc.string({ maxLength: 100 }),
        fc.json(),
        fc
          .record(
            {
              t: fc.oneof(targetText, fc.anything()),
              p: fc.oneof(fc.integer(), fc.anything()),
              v: fc.anything(),
              b: fc.anything(),
            },
            { requiredKeys: [] },
          )
          .map((ref) => JSON.stringify(ref) ?? ''),
      );
      await fc.assert(
        fc.asyncProperty(value, answers, async (text, dns) => {
          const decoded = bounded(() => decodeTarget(text));
          if (!decoded.ok) return;
          expect(parseTarget(decoded.target.host)).toMatchObject({
            ok: true,
            target: { host: decoded.target.host },
          });
          for (const name of decoded.target.backends ?? []) expect(name).toMatch(/^[A-Za-z0-9.-]+$/);
          // The port and connect address are the client's: only the policy stands between them and a probe.
          const resolution = await resolveTarget(decoded.target, policy, {
            lookup: async () => dns,
            timeoutMs: 1000,
          });
          if (resolution.kind === 'resolved')
            for (const address of resolution.addresses) expect(forbidden(address)).toBe(false);
        }),
        params,
      );
    },
    PROPERTY_TIMEOUT_MS,
  );
});
