import fc from 'fast-check';
import { parseAutodiscoverTarget } from '../../src/core/mailbox';
import { parseConnectTo } from '../../src/core/connect-to';
import { parseAutodiscoverResponse } from '../../src/probes/autodiscover/parse-response';
import { errorXml, settingsXml } from '../fixtures/autodiscover-emulator';

const numRuns = Number(process.env['FUZZ_RUNS'] ?? 200);
const KINDS = ['settings', 'redirectUrl', 'redirectAddr', 'error', 'invalid'];

// An `xn--` label is punycode and must decode: `xn--0` is rightly refused, so plain labels leave the prefix out.
const label = fc
  .stringMatching(/^[a-z0-9](?:[a-z0-9-]{0,10}[a-z0-9])?$/)
  .filter((text) => !text.startsWith('xn--'));
const domain = fc
  .tuple(fc.array(label, { minLength: 1, maxLength: 3 }), fc.constantFrom('com', 'org', 'net'))
  .map(([labels, tld]) => [...labels, tld].join('.'));
const local = fc
  .array(fc.stringMatching(/^[a-z0-9!#$%&'*+/=?^_`{|}~-]{1,8}$/), { minLength: 1, maxLength: 3 })
  .map((atoms) => atoms.join('.'));

/** Fragments that hit the parsers' branches: markup, namespaces, entities, DTDs, separators. */
const xmlPiece = fc.constantFrom(
  '<Autodiscover xmlns="http://schemas.microsoft.com/exchange/autodiscover/responseschema/2006">',
  '</Autodiscover>',
  '<Response xmlns="http://schemas.microsoft.com/exchange/autodiscover/outlook/responseschema/2006a">',
  '</Response>',
  '<Account>',
  '</Account>',
  '<Protocol Type="mapiHttp">',
  '<Protocol>',
  '</Protocol>',
  '<Type>EXPR</Type>',
  '<Action>redirectUrl</Action>',
  '<Error><ErrorCode>500</ErrorCode></Error>',
  '&amp;',
  '&#x41;',
  '&bogus;',
  '<!DOCTYPE a>',
  '<![CDATA[x]]>',
  '<!-- c -->',
  '<?xml version="1.0"?>',
  '<a:',
  '"',
  '<',
  '>',
);

describe('autodiscover parsers (property tests)', () => {
  it('the address parser never throws, refuses in one line, and round-trips what it accepts', () => {
    fc.assert(
      fc.property(
        fc.oneof(
          fc.string({ maxLength: 300 }),
          fc.tuple(local, domain).map(([l, d]) => `${l}@${d}`),
        ),
        (text) => {
          const parsed = parseAutodiscoverTarget(text);
          if (!parsed.ok) {
            expect(parsed.reason).not.toMatch(/[\r\n]/);
            return;
          }
          const again = parseAutodiscoverTarget(parsed.target.email ?? parsed.target.domain);
          expect(again.ok && again.target.domain).toBe(parsed.target.domain);
        },
      ),
      { numRuns },
    );
  });

  it('accepts every well-formed address with its domain', () => {
    fc.assert(
      fc.property(local, domain, (l, d) => {
        const parsed = parseAutodiscoverTarget(`${l}@${d}`);
        expect(parsed).toEqual({ ok: true, target: { input: `${l}@${d}`, domain: d, email: `${l}@${d}` } });
      }),
      { numRuns },
    );
  });

  it('--connect-to never throws', () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 200 }), (text) => {
        const parsed = parseConnectTo(text);
        expect('reason' in parsed || 'address' in parsed).toBe(true);
      }),
      { numRuns },
    );
  });

  it('the XML parser never throws on any body and always says what it is', () => {
    fc.assert(
      fc.property(
        fc.oneof(
          fc.string({ maxLength: 2000 }),
          fc.array(xmlPiece, { maxLength: 60 }).map((p) => p.join('')),
        ),
        (body) => {
          expect(KINDS).toContain(parseAutodiscoverResponse(body).kind);
        },
      ),
      { numRuns },
    );
  });

  it('reads back the server, principal and error text it was given', () => {
    const text = fc.string({ minLength: 1, maxLength: 40 }).filter((s) => s.trim() === s && s.trim() !== '');
    const escape = (s: string): string =>
      s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
    fc.assert(
      fc.property(domain, text, (server, message) => {
        const settings = parseAutodiscoverResponse(
          settingsXml({ exprServer: server, certPrincipalName: `msstd:${server}`, mapiHost: server }),
        );
        expect(settings.kind === 'settings' && settings.settings.expr?.server).toBe(server);
        const error = parseAutodiscoverResponse(errorXml('500', escape(message)));
        if (error.kind === 'error') expect(error.message).toBe(message);
        else expect(error.kind).toBe('invalid');
      }),
      { numRuns },
    );
  });
});
