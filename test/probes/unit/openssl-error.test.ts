import fc from 'fast-check';
import { describeTlsError, plainErrorMessage } from '../../../src/probes/tls/openssl-error';
import { classifyTlsError } from '../../../src/probes/tls/tls-handshake';
import { params, soup } from '../../fuzz/fuzz';

/** Messages as Node 20's OpenSSL 3 gives them, captured from handshakes against local servers. */
const captured = (fn: string, code: string, reason: string, file: string, line: number, data = ''): string =>
  `80FC2B1A197F0000:error:${code}:SSL routines:${fn}:${reason}:../deps/openssl/openssl/ssl/${file}:${line}:${data}\n`;
const alert = (code: string, reason: string, n: number): string =>
  captured('ssl3_read_bytes', code, reason, 'record/rec_layer_s3.c', 1601, `SSL alert number ${n}`);

describe('OpenSSL errors in words', () => {
  it.each([
    [
      alert('0A00042E', 'tlsv1 alert protocol version', 70),
      'the server sent the TLS alert protocol_version (70)',
    ],
    [
      alert('0A000410', 'sslv3 alert handshake failure', 40),
      'the server sent the TLS alert handshake_failure (40)',
    ],
    [
      alert('0A000438', 'tlsv1 alert internal error', 80),
      'the server sent the TLS alert internal_error (80)',
    ],
    [
      alert('0A000458', 'tlsv1 unrecognized name', 112),
      'the server sent the TLS alert unrecognized_name (112)',
    ],
    [alert('0A000419', 'tlsv1 alert access denied', 49), 'the server sent the TLS alert access_denied (49)'],
    [
      alert('0A00043E', 'tlsv1 alert inappropriate fallback', 86),
      'the server sent the TLS alert inappropriate_fallback (86)',
    ],
    [alert('0A000000', 'tlsv1 alert whatever', 200), 'the server sent the TLS alert number 200 (200)'],
    [
      captured('ssl3_get_record', '0A00010B', 'wrong version number', 'record/ssl3_record.c', 350),
      'the answer is not TLS',
    ],
    [
      captured('tls_process_server_hello', '0A000102', 'unsupported protocol', 'statem/statem_clnt.c', 1030),
      'the server chose a protocol version this client does not accept',
    ],
    [
      captured(
        'final_renegotiate',
        '0A000152',
        'unsafe legacy renegotiation disabled',
        'statem/extensions.c',
        893,
      ),
      'the server does not support secure renegotiation (RFC 5746)',
    ],
    [
      captured('tls_process_ske_dhe', '0A00018A', 'dh key too small', 'statem/statem_clnt.c', 2100),
      "the server's Diffie-Hellman key is too small",
    ],
    [
      captured('ssl3_read_n', '0A000126', 'unexpected eof while reading', 'record/rec_layer_s3.c', 308),
      'the server closed the connection in the middle of the handshake',
    ],
    [
      captured('tls_construct_client_hello', '0A0000BF', 'some new reason', 'statem/statem_clnt.c', 1),
      'some new reason',
    ],
    // OpenSSL 1.1's form, without the file and line: the reason names the alert.
    [
      'error:1409442E:SSL routines:ssl3_read_bytes:tlsv1 alert protocol version',
      'the server sent the TLS alert protocol_version (70)',
    ],
    ['error:0A0000B9:SSL routines::no cipher match', 'no cipher match'],
    [
      'Client network socket disconnected before secure TLS connection was established',
      'Client network socket disconnected before secure TLS connection was established',
    ],
    ['', 'the TLS library gave no reason'],
  ])('%j → %s', (message, words) => {
    expect(describeTlsError(message).text).toBe(words);
  });

  it('classifies with the words, never OpenSSL text', () => {
    const error = (message: string, code: string): NodeJS.ErrnoException =>
      Object.assign(new Error(message), { code });
    expect(
      classifyTlsError(
        error(alert('0A00042E', 'tlsv1 alert protocol version', 70), 'ERR_SSL_TLSV1_ALERT_PROTOCOL_VERSION'),
      ),
    ).toEqual({
      reason: 'no_common_protocol',
      message: 'no protocol or cipher in common: the server sent the TLS alert protocol_version (70)',
    });
    expect(
      classifyTlsError(
        error(alert('0A000438', 'tlsv1 alert internal error', 80), 'ERR_SSL_TLSV1_ALERT_INTERNAL_ERROR'),
      ),
    ).toEqual({
      reason: 'alert',
      message: 'the server sent the TLS alert internal_error (80)',
    });
  });

  it('plain messages keep their first line; OpenSSL ones are described', () => {
    expect(plainErrorMessage('connect ECONNREFUSED 127.0.0.1:1')).toBe('connect ECONNREFUSED 127.0.0.1:1');
    expect(plainErrorMessage('other side closed\nmore')).toBe('other side closed');
    expect(plainErrorMessage(alert('0A000410', 'sslv3 alert handshake failure', 40))).toBe(
      'the server sent the TLS alert handshake_failure (40)',
    );
  });
});

it('whatever the error text, the words are one line without a source path', () => {
  const pieces = [
    'error:',
    '0A00042E',
    ':SSL routines:',
    'ssl3_read_bytes',
    ':',
    'tlsv1 alert ',
    'protocol version',
    '../deps/openssl/ssl/x.c',
    ':1601:',
    'SSL alert number ',
    '70',
    '\n',
  ];
  fc.assert(
    fc.property(soup(pieces), (message) => {
      for (const text of [describeTlsError(message).text, plainErrorMessage(message)]) {
        expect(text).not.toContain('\n');
        expect(text.length).toBeLessThanOrEqual(300);
      }
      const words = describeTlsError(message).text;
      // An OpenSSL error (`error:CODE:LIBRARY:FUNCTION:REASON…`) never leaks the text around its reason.
      if (/error:[0-9a-f]+:[^:\n]*:[^:\n]*:[^:\n]/i.test(message)) expect(words).not.toMatch(/\.c:\d|deps\//);
    }),
    params,
  );
});
