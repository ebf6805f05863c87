/** TLS alert descriptions by number (RFC 8446 §6, with the TLS 1.0-1.2 ones RFC 5246 §7.2 adds). */
const ALERTS: Readonly<Record<number, string>> = {
  0: 'close_notify',
  10: 'unexpected_message',
  20: 'bad_record_mac',
  21: 'decryption_failed',
  22: 'record_overflow',
  30: 'decompression_failure',
  40: 'handshake_failure',
  41: 'no_certificate',
  42: 'bad_certificate',
  43: 'unsupported_certificate',
  44: 'certificate_revoked',
  45: 'certificate_expired',
  46: 'certificate_unknown',
  47: 'illegal_parameter',
  48: 'unknown_ca',
  49: 'access_denied',
  50: 'decode_error',
  51: 'decrypt_error',
  60: 'export_restriction',
  70: 'protocol_version',
  71: 'insufficient_security',
  80: 'internal_error',
  86: 'inappropriate_fallback',
  90: 'user_canceled',
  100: 'no_renegotiation',
  109: 'missing_extension',
  110: 'unsupported_extension',
  111: 'certificate_unobtainable',
  112: 'unrecognized_name',
  113: 'bad_certificate_status_response',
  114: 'bad_certificate_hash_value',
  115: 'unknown_psk_identity',
  116: 'certificate_required',
  120: 'no_application_protocol',
};

/** OpenSSL's own reasons (the client refusing something) in words a mail administrator can act on. */
const REASONS: Readonly<Record<string, string>> = {
  'wrong version number': 'the answer is not TLS',
  'packet length too long': 'the answer is not TLS',
  'unsupported protocol': 'the server chose a protocol version this client does not accept',
  'no protocols available': 'no protocol version is enabled on both sides',
  'no ciphers available': 'no cipher suite is enabled on both sides',
  'no shared cipher': 'no cipher suite in common',
  'unsafe legacy renegotiation disabled': 'the server does not support secure renegotiation (RFC 5746)',
  'dh key too small': "the server's Diffie-Hellman key is too small",
  'ee key too small': "the server certificate's key is too small",
  'ca md too weak': 'a certificate in the chain is signed with a digest too weak to accept',
  'legacy sigalg disallowed or unsupported':
    'the server signs the handshake with a legacy algorithm (SHA-1 or MD5)',
  'unexpected eof while reading': 'the server closed the connection in the middle of the handshake',
};

/**
 * `…:error:0A00042E:SSL routines:ssl3_read_bytes:tlsv1 alert protocol version:../deps/…/rec_layer_s3.c:1601:SSL
 * alert number 70`: library, function, reason, then (OpenSSL 3) the source file, its line and extra data.
 */
const OPENSSL_ERROR = /error:[0-9a-f]+:[^:\n]*:[^:\n]*:([^:\n]+)/i;

/** A received alert's number, in the data part (OpenSSL 3) or anywhere in older messages. */
const ALERT_NUMBER = /SSL alert number (\d{1,3})/i;

export interface TlsErrorCause {
  /** One line, no source path: `the server sent the TLS alert protocol_version (70)`. */
  text: string;
  /** The alert the server sent, when that was the failure. */
  alert?: { number: number; name: string };
}

/**
 * An OpenSSL error string (as Node puts it in `error.message`) → what happened, in words. OpenSSL's text
 * carries its source path and line and a newline, which mean nothing to the reader of a report.
 */
export function describeTlsError(message: string): TlsErrorCause {
  const number = ALERT_NUMBER.exec(message)?.[1];
  if (number !== undefined) return alertCause(Number(number));
  const reason = OPENSSL_ERROR.exec(message)?.[1]?.trim().toLowerCase();
  if (reason === undefined || reason === '') {
    const firstLine = message.split('\n', 1)[0]?.trim() ?? '';
    return { text: firstLine === '' ? 'the TLS library gave no reason' : firstLine.slice(0, 300) };
  }
  // Without the number (older OpenSSL), the reason names the alert: `tlsv1 alert protocol version`.
  const named = /^(?:sslv3|tlsv1|tlsv13) (?:alert )?([a-z ]+)$/.exec(reason)?.[1]?.replace(/ /g, '_');
  const known = Object.entries(ALERTS).find(([, name]) => name === named);
  if (known !== undefined) return alertCause(Number(known[0]));
  if (REASONS[reason] !== undefined) return { text: REASONS[reason] };
  // OpenSSL's reasons are short lower-case phrases; anything else in that place is not one.
  return {
    text: /^[a-z0-9 ()'-]{1,120}$/.test(reason) ? reason : 'the TLS handshake failed (no readable reason)',
  };
}

function alertCause(number: number): TlsErrorCause {
  const alert = { number, name: ALERTS[number] ?? `number ${number}` };
  return { text: `the server sent the TLS alert ${alert.name} (${alert.number})`, alert };
}

/**
 * Any socket or TLS error message as one clean line: OpenSSL's described, anything else cut at its first line
 * (for the HTTP probes, whose failures can be either).
 */
export function plainErrorMessage(message: string): string {
  if (OPENSSL_ERROR.test(message) || ALERT_NUMBER.test(message)) return describeTlsError(message).text;
  return message.split('\n', 1)[0]?.trim().slice(0, 300) ?? '';
}
