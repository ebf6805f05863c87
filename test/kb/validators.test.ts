import type { Finding } from '../../src/core/report';
import { detectPaste, findPaste, pasteValue, validate } from '../../src/kb';

const codes = (findings: Finding[]): string[] => findings.map((f) => f.code);
const evidence = (f: Finding | undefined): Record<string, unknown> => f?.evidence ?? {};

describe('ValidPorts', () => {
  const check = (value: string) => validate('validports', value);

  it('accepts what Exchange writes', () => {
    const result = check('EX01:6001-6002;EX01:6004;EX01.contoso.local:6001-6002;EX01.contoso.local:6004');
    expect(result.valid).toBe(true);
    expect(codes(result.findings)).toEqual(['validports.ok']);
    expect(
      check(
        'EX01:6001;EX01:6002;EX01:6004;ex01.contoso.local:6001;ex01.contoso.local:6002;ex01.contoso.local:6004',
      ).valid,
    ).toBe(true);
  });

  it('finds the semicolon typed for a colon, with its position and the corrected value', () => {
    const result = check('EX01:6001-6002;EX01:6004;EX01.contoso.com;6001-6002');
    const [first] = result.findings;
    expect(first?.code).toBe('validports.semicolon_for_colon');
    expect(first?.severity).toBe('critical');
    expect(evidence(first)['position']).toEqual({ offset: 41, line: 1, column: 42 });
    expect(evidence(first)['corrected']).toBe('EX01:6001-6002;EX01:6004;EX01.contoso.com:6001-6002');
    expect(codes(result.findings)).toContain('validports.missing_port');
  });

  it.each([
    ['EX01:6001-6002,EX01:6004', 'validports.comma_for_semicolon', 'EX01:6001-6002;EX01:6004', 15],
    ['EX01:6001,6002', 'validports.comma_in_ports', 'EX01:6001;EX01:6002', 10],
    ['EX01:6001-6002:EX01:6004', 'validports.colon_for_semicolon', 'EX01:6001-6002;EX01:6004', 15],
    ['EX01: 6001-6002;EX01:6004', 'validports.stray_space', 'EX01:6001-6002;EX01:6004', 6],
    ['EX01:6001-6002;EX01:6001-6002;EX01:6004', 'validports.duplicate', 'EX01:6001-6002;EX01:6004', 16],
    ['EX01:6001-6002;;EX01:6004', 'validports.empty_entry', 'EX01:6001-6002;EX01:6004', 16],
  ])('%s → %s', (value, code, corrected, column) => {
    const found = check(value).findings.find((f) => f.code === code);
    expect(found).toBeDefined();
    expect(evidence(found)['corrected']).toBe(corrected);
    expect((evidence(found)['position'] as { column: number }).column).toBe(column);
  });

  it.each([
    ['EX01:70000', 'validports.bad_port'],
    ['EX01:6002-6001', 'validports.bad_port'],
    ['EX01', 'validports.missing_ports'],
    ['6001-6002', 'validports.orphan_ports'],
    ['EX 01!:6001', 'validports.bad_name'],
    ['2001:db8::1:6001', 'validports.ipv6_unsupported'],
    ['', 'validports.empty'],
    [';;', 'validports.empty'],
  ])('%j → %s (an error)', (value, code) => {
    const result = check(value);
    expect(codes(result.findings)).toContain(code);
    expect(result.findings.find((f) => f.code === code)?.severity).toBe('critical');
    expect(result.valid).toBe(false);
  });

  it('asks for both name forms and all three ports', () => {
    const netbiosOnly = check('EX01:6001-6002;EX01:6004');
    expect(codes(netbiosOnly.findings)).toEqual(['validports.missing_fqdn']);
    const fqdnOnly = check('EX01.contoso.local:6001-6002;EX01.contoso.local:6004');
    const missing = fqdnOnly.findings.find((f) => f.code === 'validports.missing_netbios');
    expect(evidence(missing)['add']).toEqual(['EX01:6001-6002', 'EX01:6004']);
    const mixed = check('EX01:6001-6002;EX01.contoso.local:6001-6002;EX01.contoso.local:6004');
    const noNspi = mixed.findings.find((f) => f.code === 'validports.missing_port');
    expect(noNspi?.title).toBe('EX01 lacks port 6004');
    expect(evidence(noNspi)['corrected']).toBe(
      'EX01:6001-6002;EX01.contoso.local:6001-6002;EX01.contoso.local:6004;EX01:6004',
    );
  });

  it('reads a `reg query` line and keeps positions in the pasted text', () => {
    const pasted = '    ValidPorts    REG_SZ    EX01:6001-6002;EX01;6004';
    const result = check(pasted);
    const found = result.findings[0];
    expect(found?.code).toBe('validports.semicolon_for_colon');
    expect(pasted.slice((evidence(found)['position'] as { offset: number }).offset)).toBe(';6004');
  });

  it('quotes each entry as the user typed it, in every finding about it', () => {
    for (const value of [
      'EX01:6001-6002 EX01:6004',
      'EX01 :6001-6002, EX02:6004',
      'EX01 ;6001',
      'EX01:6001 EX02:6002:6004',
      'EX 01',
    ]) {
      const { findings } = check(value);
      expect(findings.length).toBeGreaterThan(0);
      for (const f of findings) {
        // The first quoted text of a title or detail, and the evidence's `text`, are what was typed.
        const quoted = [f.title, f.detail].map((t) => /"([^"]*)"/.exec(t)?.[1]);
        for (const text of [...quoted, evidence(f)['text'] as string | undefined])
          if (text !== undefined)
            expect({ value, code: f.code, text, given: value.includes(text) }).toMatchObject({ given: true });
      }
    }
    expect(check('EX01:6001-6002 EX01:6004').findings.map((f) => `${f.title} / ${f.detail}`)).toEqual([
      'Stray space in an entry / "EX01:6001-6002 EX01:6004" contains white space; ValidPorts entries have none.',
      'Cannot read "EX01:6001-6002 EX01:6004" / Expected name:port or name:low-high.',
    ]);
  });

  it('accepts prefix wildcards', () => {
    expect(check('Data*:4000-8000').findings.every((f) => f.severity !== 'critical')).toBe(true);
  });
});

describe('NSPI interface protocol sequences', () => {
  const check = (value: string) => validate('nspi', value);
  it.each([
    ['ncacn_http:6004', 'nspi.ok'],
    ['NCACN_HTTP:6004', 'nspi.ok'],
    ['ncacn_http;6004', 'nspi.missing_colon'],
    ['ncacn_http 6004', 'nspi.missing_colon'],
    ['ncacn_http:6001', 'nspi.wrong_port'],
    ['ncacn_http:', 'nspi.wrong_port'],
    ['ncacn_ip_tcp:6004', 'nspi.wrong_protocol'],
    ['ncan_http:6004', 'nspi.misspelled'],
    ['ncacn_http : 6004', 'nspi.stray_space'],
    ['ncacn_http:6004, ncacn_ip_tcp:6004', 'nspi.one_per_line'],
    ['', 'nspi.empty'],
    ['6004 please', 'nspi.malformed'],
  ])('%j → %s', (value, code) => {
    const result = check(value);
    expect(codes(result.findings)).toContain(code);
    if (code !== 'nspi.ok' && code !== 'nspi.empty' && code !== 'nspi.one_per_line')
      expect(evidence(result.findings[0])['corrected']).toBe('ncacn_http:6004');
  });

  it('reads a REG_MULTI_SZ line with several values', () => {
    const result = check(
      'NSPI interface protocol sequences    REG_MULTI_SZ    ncacn_ip_tcp:6004\\0ncacn_http:6004',
    );
    expect(codes(result.findings)).toEqual(['nspi.wrong_protocol']);
    expect(check('NSPI interface protocol sequences    REG_MULTI_SZ    ncacn_http:6004').valid).toBe(true);
  });
});

describe('rpcdump output', () => {
  const windows = (ports: { store: number; rfr?: number; nspi?: number }) =>
    [
      'Querying Endpoint Mapper Database...',
      'ncacn_ip_tcp(Connection-oriented TCP/IP)',
      '  EX01[1025] [a4f1db00-ca47-1067-b31f-00dd010662da] Exchange Server STORE EMSMDB Interface :NOT_PINGED',
      'ncacn_http(Connection-oriented TCP/IP using Microsoft Internet Information Server as HTTP proxy.)',
      `  EX01[${ports.store}] [a4f1db00-ca47-1067-b31f-00dd010662da] Exchange Server STORE EMSMDB Interface :NOT_PINGED`,
      ports.rfr !== undefined
        ? `  EX01[${ports.rfr}] [1544f5e0-613c-11d1-93df-00c04fd7bd09] MS Exchange Directory RFR Interface :NOT_PINGED`
        : '',
      ports.nspi !== undefined
        ? `  EX01[${ports.nspi}] [f5cc5a18-4264-101a-8c59-08002b2f8426] MS Exchange Directory NSPI Proxy :NOT_PINGED`
        : '',
    ].join('\n');

  it('accepts Store 6001, RFR 6002, NSPI 6004 (Windows rpcdump /v)', () => {
    const result = validate('rpcdump', windows({ store: 6001, rfr: 6002, nspi: 6004 }));
    expect(codes(result.findings)).toEqual(['rpcdump.ok']);
  });

  it('reports a missing and a misplaced endpoint', () => {
    expect(codes(validate('rpcdump', windows({ store: 6001, rfr: 6002 })).findings)).toEqual([
      'rpcdump.port_missing',
    ]);
    const wrong = validate('rpcdump', windows({ store: 6001, rfr: 6002, nspi: 6003 })).findings;
    expect(codes(wrong)).toEqual(['rpcdump.wrong_port']);
    expect(wrong[0]?.kb).toBe('nspi-gc-port');
  });

  it('reads impacket rpcdump.py blocks', () => {
    const impacket = [
      'Protocol: [MS-OXCRPC]: Wire Format Protocol',
      'Provider: N/A',
      'UUID    : A4F1DB00-CA47-1067-B31F-00DD010662DA v0.81',
      'Bindings: ',
      '          ncacn_http:EX01[6001]',
      '          ncacn_ip_tcp:EX01[49160]',
      '',
      'Protocol: [MS-OXABREF]: Address Book Name Service Provider Interface (NSPI) Referral Protocol',
      'UUID    : 1544F5E0-613C-11D1-93DF-00C04FD7BD09 v1.0',
      'Bindings: ',
      '          ncacn_http:EX01[6002]',
      '',
      'Protocol: [MS-NSPI]: Name Service Provider Interface (NSPI) Protocol',
      'UUID    : F5CC5A18-4264-101A-8C59-08002B2F8426 v56.0',
      'Bindings: ',
      '          ncacn_http:EX01[6004]',
    ].join('\n');
    expect(codes(validate('rpcdump', impacket).findings)).toEqual(['rpcdump.ok']);
    expect(detectPaste(impacket)).toBe('rpcdump');
  });

  it('no ncacn_http at all, or nothing recognisable', () => {
    expect(
      codes(
        validate('rpcdump', 'ncacn_ip_tcp(x)\n  EX01[1025] [a4f1db00-ca47-1067-b31f-00dd010662da] Store')
          .findings,
      ),
    ).toEqual(['rpcdump.no_ncacn_http']);
    expect(codes(validate('rpcdump', 'hello').findings)).toEqual(['rpcdump.unrecognized']);
  });
});

describe('Event Viewer entries', () => {
  const article = `Event Source: RPC Proxy
Event Category: Startup
Event ID: 2
Date: 4/25/06
Time: 7:12:47 AM
User: N/A
Computer: EX02-FE
Description: The following ValidPorts could not be parsed. The RPC Proxy cannot load. The ValidPorts registry key might have been configured incorrectly.`;

  it('maps the article’s RPC Proxy Event ID 2 to the ValidPorts entry', () => {
    const [finding] = validate('event', article).findings;
    expect(finding).toMatchObject({
      code: 'event.rpcproxy_validports',
      severity: 'critical',
      kb: 'rpcproxy-validports',
    });
    expect(finding?.evidence).toMatchObject({ source: 'RPC Proxy', id: 2 });
    expect(detectPaste(article)).toBe('event');
  });

  it.each([
    [
      'Source: MSExchangeRPCHTTPAutoconfig\nEvent ID: 2003\nThe RPC over HTTP proxy component is not installed',
      'event.rpcproxy_not_installed',
    ],
    ['Source: MSExchangeRPCHTTPAutoconfig\nEvent ID: 2008\ndisabled', 'event.rpcproxy_disabled'],
    ['Source: MSExchangeRPCHTTPAutoconfig\nEvent ID: 3002\nncacn_HTTP:6004 was added', 'event.nspi_reboot'],
    ['Source: Schannel\nEvent ID: 36888\nA fatal alert was generated', 'event.schannel_alert'],
    [
      'Source: Service Control Manager\nEvent ID: 7031\nThe World Wide Web Publishing Service service terminated unexpectedly',
      'event.service_stopped',
    ],
    [
      'Source: Service Control Manager\nEvent ID: 7031\nThe Print Spooler service terminated unexpectedly',
      'event.unknown',
    ],
    ['Source: Disk\nEvent ID: 11\nThe driver detected a controller error', 'event.unknown'],
    ['just some text', 'event.unrecognized'],
  ])('%#: %s', (text, code) => {
    expect(codes(validate('event', text).findings)).toEqual([code]);
  });
});

describe('detecting what a paste is', () => {
  it.each([
    ['EX01:6001-6002;EX01:6004', 'validports'],
    ['EX01:6001-6002;EX01.contoso.com;6001-6002', 'validports'],
    ['ValidPorts REG_SZ EX01:6001-6002', 'validports'],
    ['ncacn_http:6004', 'nspi'],
    ['NSPI interface protocol sequences REG_MULTI_SZ ncacn_http:6004', 'nspi'],
    ['Outlook keeps asking for my password', undefined],
    ['mail.contoso.com', undefined],
    ['mail.contoso.com:443', undefined],
  ])('%j → %s', (text, kind) => {
    expect(detectPaste(text)).toBe(kind);
  });
});

describe('finding the value in a message (findPaste)', () => {
  it.each([
    ['is this right? EX01:6001-6002;EX01;6004', 'validports', 'EX01:6001-6002;EX01;6004'],
    ['EX01:6001-6002;EX01;6004 right?', 'validports', 'EX01:6001-6002;EX01;6004'],
    ['ValidPorts = EX01:6001-6002;EX01:6004', 'validports', 'EX01:6001-6002;EX01:6004'],
    ['the ValidPorts value is EX01:6001-6002;EX01:6004.', 'validports', 'EX01:6001-6002;EX01:6004'],
    ['ValidPorts: EX01:6001-6002;EX01:6004;', 'validports', 'EX01:6001-6002;EX01:6004;'],
    ['NSPI interface protocol sequences: ncacn_http:6004', 'nspi', 'ncacn_http:6004'],
    ['is this right? ncacn_http:6004', 'nspi', 'ncacn_http:6004'],
    ['ncacn_http:6004\nncacn_ip_tcp', 'nspi', 'ncacn_http:6004\nncacn_ip_tcp'],
  ])('%j → %s %j', (text, kind, value) => {
    expect(findPaste(text)).toEqual({ kind, value });
  });

  it.each([
    'meeting at 10:30; see you at 11:45; bye',
    'is mail:443; ok for you',
    'single server is the global catalog, NSPI interface protocol sequences missing 6004',
    'check mail.contoso.com:8443 please',
  ])('%j is prose', (text) => {
    expect(findPaste(text)).toBeUndefined();
  });

  it('a named kind takes the value out of its wrapper', () => {
    expect(pasteValue('nspi', 'NSPI interface protocol sequences: ncacn_http:6004')).toBe('ncacn_http:6004');
    expect(pasteValue('validports', 'EX01:6004')).toBe('EX01:6004');
    expect(
      codes(
        validate('nspi', pasteValue('nspi', 'NSPI interface protocol sequences: ncacn_http:6004')).findings,
      ),
    ).toEqual(['nspi.ok']);
  });
});
