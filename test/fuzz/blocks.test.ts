import type { KnownBlock } from '@slack/types';
import fc from 'fast-check';
import type { Finding, Report, Severity } from '../../src/core/report';
import type { Target } from '../../src/core/target';
import { FINDINGS } from '../../src/findings/catalog';
import { validate, VALIDATOR_KINDS } from '../../src/kb';
import type { SlackMessage } from '../../src/slack/blocks/block-builders';
import { detailsMessages } from '../../src/slack/blocks/details-message';
import { noticeMessage, validationMessage } from '../../src/slack/blocks/kb-messages';
import {
  MAX_BLOCKS,
  MAX_BUTTON_TEXT,
  MAX_BUTTON_VALUE,
  MAX_CONTEXT_TEXT,
  MAX_FALLBACK_TEXT,
  MAX_HEADER_TEXT,
  MAX_SECTION_TEXT,
} from '../../src/slack/blocks/limits';
import { reportMessage } from '../../src/slack/blocks/report-message';
import { bounded, params, PROPERTY_TIMEOUT_MS, soup } from './fuzz';

/** Outside text: what a server, a certificate or a user can put in a field, mentions and links included. */
const outside = fc.oneof(
  fc.string({ maxLength: 40 }),
  fc.string({ unit: 'grapheme', maxLength: 40 }),
  soup(
    [
      '<',
      '>',
      '&',
      '&amp;',
      '&lt;',
      '<!channel>',
      '<@U123>',
      '<http://x|click>',
      '*',
      '`',
      '```',
      '\n',
      'a',
      '🙂',
    ],
    30,
  ),
  // Long enough to be cut, with entities and astral characters where the cut may fall.
  fc
    .tuple(fc.integer({ min: 2980, max: 3010 }), fc.constantFrom('&', '<', '🙂', 'a&'))
    .map(([n, tail]) => `${'a'.repeat(n)}${tail.repeat(40)}`),
);
const severity = fc.constantFrom<Severity>('critical', 'warning', 'info', 'ok');
const iso = fc
  .date({ min: new Date('2000-01-01'), max: new Date('2099-12-31'), noInvalidDate: true })
  .map((d) => d.toISOString());
const finding: fc.Arbitrary<Finding> = fc.record({
  code: fc.constantFrom(...Object.keys(FINDINGS)),
  severity,
  title: outside,
  detail: outside,
  nextSteps: fc.array(outside, { maxLength: 3 }),
});
const report: fc.Arbitrary<Report> = fc.record(
  {
    target: fc.record({
      input: outside,
      host: fc.domain(),
      port: fc.constantFrom(443, 8443),
      address: fc.ipV4(),
    }),
    checkedAt: iso,
    durationMs: fc.nat(100_000),
    verdict: fc.constantFrom('ok', 'warning', 'critical'),
    findings: fc.array(finding, { maxLength: 80 }),
    certificate: fc.record({
      subject: outside,
      issuer: outside,
      sans: fc.array(outside, { maxLength: 5 }),
      notBefore: iso,
      notAfter: iso,
      daysLeft: fc.integer({ min: -1000, max: 1000 }),
      fingerprintSha256: fc.constant('AB:CD'),
      serialNumber: outside,
      signatureAlgorithm: outside,
      keyType: outside,
      keyBits: fc.nat(8192),
      chain: fc.array(
        fc.record({
          subject: outside,
          issuer: outside,
          notAfter: iso,
          fingerprintSha256: fc.constant('AB:CD'),
        }),
        { maxLength: 4 },
      ),
      trusted: fc.boolean(),
    }),
    tls: fc.record({ protocol: outside, cipher: outside, alpn: outside }),
    rpcProxy: fc.record({
      url: outside,
      status: fc.nat(599),
      authMethods: fc.array(outside, { maxLength: 3 }),
    }),
    rpcPing: fc.record({
      backends: fc.array(outside, { maxLength: 4 }),
      durationMs: fc.nat(10_000),
      echo: fc.record({ ok: fc.boolean(), detail: outside }),
      endpoints: fc.array(
        fc.record({
          name: outside,
          port: fc.constantFrom(6001, 6002, 6004),
          outcome: fc.constantFrom('ok', 'refused', 'not_found', 'timeout', 'unauthorized', 'error'),
          ms: fc.nat(5000),
        }),
        { maxLength: 6 },
      ),
    }),
  },
  { requiredKeys: ['target', 'checkedAt', 'durationMs', 'verdict', 'findings'] },
);

/** Every mrkdwn text of a message, with the fallback text. */
function mrkdwnTexts(message: SlackMessage): string[] {
  const texts = [message.text];
  for (const block of message.blocks) {
    if (block.type === 'section' && block.text?.type === 'mrkdwn') texts.push(block.text.text);
    if (block.type === 'context')
      for (const element of block.elements) if (element.type === 'mrkdwn') texts.push(element.text);
  }
  return texts;
}

function expectWithinLimits(message: SlackMessage): void {
  expect(message.blocks.length).toBeLessThanOrEqual(MAX_BLOCKS);
  expect(message.text.length).toBeLessThanOrEqual(MAX_FALLBACK_TEXT);
  for (const block of message.blocks as KnownBlock[]) {
    if (block.type === 'section') expect(block.text?.text.length ?? 0).toBeLessThanOrEqual(MAX_SECTION_TEXT);
    if (block.type === 'header') expect(block.text.text.length).toBeLessThanOrEqual(MAX_HEADER_TEXT);
    if (block.type === 'context')
      for (const element of block.elements)
        if (element.type === 'mrkdwn') expect(element.text.length).toBeLessThanOrEqual(MAX_CONTEXT_TEXT);
    if (block.type === 'actions')
      for (const element of block.elements)
        if (element.type === 'button') {
          expect(element.text.text.length).toBeLessThanOrEqual(MAX_BUTTON_TEXT);
          expect(element.value?.length ?? 0).toBeLessThanOrEqual(MAX_BUTTON_VALUE);
        }
  }
}

/**
 * Inert: no `<` or `>` (links, mentions, `<!channel>`), every `&` an entity escapeMrkdwn wrote; and no cut left
 * half a character (the inputs are well-formed).
 */
function expectEscaped(message: SlackMessage): void {
  for (const text of mrkdwnTexts(message)) {
    expect(text).not.toMatch(/[<>]/);
    expect(text.replace(/&(?:amp|lt|gt);/g, '')).not.toContain('&');
    expect(text).not.toMatch(/[\ud800-\udbff](?![\udc00-\udfff])…/);
  }
}

describe('Block Kit builders (fuzz)', () => {
  const target = (r: Report): Target => ({ input: r.target.input, host: r.target.host, port: r.target.port });

  it(
    'reports and their details keep Slack’s limits, and every outside string is escaped',
    () => {
      fc.assert(
        fc.property(report, fc.boolean(), (r, watchable) => {
          const messages = bounded(() => [reportMessage(r, target(r), { watchable }), ...detailsMessages(r)]);
          for (const message of messages) {
            expectWithinLimits(message);
            expectEscaped(message);
          }
        }),
        params,
      );
    },
    PROPERTY_TIMEOUT_MS,
  );

  it(
    'validation results and notices keep the limits and escape what was pasted',
    () => {
      fc.assert(
        fc.property(outside, fc.constantFrom(...VALIDATOR_KINDS), (pasted, kind) => {
          for (const message of bounded(() => [
            validationMessage(kind, validate(kind, pasted).findings),
            noticeMessage(':warning:', `I cannot check that: ${pasted}`),
          ])) {
            expectWithinLimits(message);
            expectEscaped(message);
          }
        }),
        params,
      );
    },
    PROPERTY_TIMEOUT_MS,
  );
});
