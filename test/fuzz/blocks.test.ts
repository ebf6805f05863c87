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
import { fencedCode, fitList } from '../../src/slack/blocks/block-builders';
import { escapeCode, escapeText, nameCode } from '../../src/slack/escape';
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

/**
 * Code blocks we open are closed, and outside them no three backticks in a row: outside text can neither open
 * a code block nor swallow what follows one.
 */
function expectFenced(message: SlackMessage): void {
  for (const text of mrkdwnTexts(message).slice(1)) {
    expect((text.match(/```/g) ?? []).length % 2).toBe(0);
    expect(text.replace(/```[\s\S]*?```/g, '')).not.toContain('```');
  }
}

const ZWJ = '\u200d';
const unescape = (text: string): string =>
  text
    .replace(/\u200d/g, '')
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&amp;/g, '&');
const noZwj = outside.map((text) => text.replace(/\u200d/g, ''));

describe('escaping (fuzz)', () => {
  it('escapeText: inert, every mark that could format kept apart, and nothing else changed', () => {
    fc.assert(
      fc.property(noZwj, (text) => {
        const escaped = escapeText(text);
        expect(escaped).not.toMatch(/[<>]/);
        expect(unescape(escaped)).toBe(text);
        for (const [at, char] of [...escaped].entries()) {
          if (!'*_~`'.includes(char)) continue;
          const chars = [...escaped];
          const apart = chars[at - 1] === ZWJ && chars[at + 1] === ZWJ;
          const inWord =
            char !== '`' &&
            /[\p{L}\p{N}]/u.test(chars[at - 1] ?? '') &&
            /[\p{L}\p{N}]/u.test(chars[at + 1] ?? '');
          expect(apart || inWord).toBe(true);
        }
      }),
      params,
    );
  });

  /** Wildcard names among outside text: `*.contoso.com` after a space, a comma, a bracket, a line break. */
  const withWildcards = fc
    .array(
      fc.oneof(
        noZwj,
        fc.constantFrom('*.contoso.com', ' *.contoso.com', ', *.fabrikam.com', '\n*.a1.com', '(*.b.com', '*'),
      ),
      { maxLength: 6 },
    )
    .map((parts) => parts.join(''));

  it('escapeText with wildcards: only a wildcard after white space is left bare, and nothing can close it', () => {
    fc.assert(
      fc.property(withWildcards, (text) => {
        const escaped = escapeText(text, { wildcards: true });
        expect(unescape(escaped)).toBe(text);
        const chars = [...escaped];
        for (const [at, char] of chars.entries()) {
          if (!'*_~`'.includes(char)) continue;
          const apart = chars[at - 1] === ZWJ && chars[at + 1] === ZWJ;
          const inWord =
            char !== '`' &&
            /[\p{L}\p{N}]/u.test(chars[at - 1] ?? '') &&
            /[\p{L}\p{N}]/u.test(chars[at + 1] ?? '');
          // A bare wildcard: after white space it closes nothing, and it opens nothing that could close.
          const wildcard =
            char === '*' &&
            /\s/.test(chars[at - 1] ?? '') &&
            /^\.[\p{L}\p{N}]/u.test(chars.slice(at + 1, at + 3).join(''));
          expect(apart || inWord || wildcard).toBe(true);
        }
      }),
      params,
    );
    expect(escapeText('It is valid for *.contoso.com, contoso.com.', { wildcards: true })).not.toContain(ZWJ);
    expect(escapeText('valid for\n*.contoso.com,*.fabrikam.com', { wildcards: true })).toBe(
      `valid for\n*.contoso.com,${ZWJ}*${ZWJ}.fabrikam.com`,
    );
  });

  it('nameCode: a name in inline code, as it is, or escapeText where inline code cannot hold it', () => {
    fc.assert(
      fc.property(fc.oneof(noZwj, fc.constantFrom('*.contoso.com', 'a_b*c', '~x~')), (name) => {
        const shown = nameCode(name);
        expect(shown).not.toMatch(/[<>]/);
        if (shown === escapeText(name)) return;
        expect(shown).toMatch(/^`[^`\n\r]+`$/);
        expect(shown).not.toContain(ZWJ);
        expect(unescape(shown.slice(1, -1))).toBe(name);
      }),
      params,
    );
    expect(nameCode('*.contoso.com')).toBe('`*.contoso.com`');
  });

  it('escapeCode: no two backticks meet, so nothing closes the block early', () => {
    fc.assert(
      fc.property(noZwj, (text) => {
        const escaped = escapeCode(text);
        expect(escaped).not.toMatch(/``/);
        expect(unescape(escaped)).toBe(text);
      }),
      params,
    );
  });

  it('fencedCode stays within its room, closes its fence, and counts what it cut', () => {
    fc.assert(
      fc.property(noZwj, fc.integer({ min: 100, max: 3000 }), (code, max) => {
        const block = fencedCode(code, max);
        expect(block.length).toBeLessThanOrEqual(max);
        expect((block.match(/```/g) ?? []).length).toBe(2);
        const cut = /\n_([\d,]+) more characters? not shown_$/.exec(block);
        const shown = unescape(/^```([\s\S]*)```/.exec(block)?.[1] ?? '');
        if (cut === null) expect(shown).toBe(code);
        else expect(shown.replace(/\n…$/, '').length + Number(cut[1]?.replace(/,/g, ''))).toBe(code.length);
      }),
      params,
    );
  });

  it('fitList never cuts an item and counts the ones left out', () => {
    fc.assert(
      fc.property(
        fc.array(
          fc.string({ minLength: 1, maxLength: 60 }).filter((s) => !s.includes(',')),
          { maxLength: 200 },
        ),
        fc.integer({ min: 30, max: 3000 }),
        (items, max) => {
          const text = fitList(items, max);
          expect(text.length).toBeLessThanOrEqual(max + 25);
          const more = /(?:^|, )and ([\d,]+) more$/.exec(text);
          const shown = more === null ? text : text.slice(0, more.index);
          const count = shown === '' ? 0 : shown.split(', ').length;
          expect(count + Number(more?.[1]?.replace(/,/g, '') ?? 0)).toBe(items.length);
        },
      ),
      params,
    );
  });
});

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
            expectFenced(message);
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
          const validation = bounded(() => validationMessage(kind, validate(kind, pasted).findings));
          expectFenced(validation);
          for (const message of [validation, noticeMessage(':warning:', `I cannot check that: ${pasted}`)]) {
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
