import { randomBytes } from 'node:crypto';
import { challengeFromHeaders } from '../probes/ntlm/ntlm-challenge';
import type { ResponseHead } from '../rpch/http-head';
import { tlsChannelBindingHash } from './channel-binding';
import { authenticateMessage, negotiateMessage } from './client';

/**
 * NTLM over HTTP (MS-NTHT): NEGOTIATE → 401 with the CHALLENGE → AUTHENTICATE, all on one keep-alive
 * connection, because NTLM authenticates the connection, not a request. Whatever carries the request (an RPC
 * over HTTP channel here, a MAPI PING later) supplies the two operations below on its own TLS socket.
 */
export interface NtlmLegs {
  /**
   * Writes the request with this Authorization header. Before the last leg the request goes with
   * `Content-Length: 0` and no body (the server answers 401 without reading one); `final` sends the real one.
   */
  send(authorization: string, final: boolean): void;
  /** The next response head; a 401's body is read and dropped. Undefined at the deadline or on close. */
  nextHead(deadline: number): Promise<ResponseHead | undefined>;
}

export interface NtlmHandshakeOptions {
  /** `NTLM`, or `Negotiate` carrying raw NTLMSSP tokens (IIS accepts them without SPNEGO). */
  scheme: 'NTLM' | 'Negotiate';
  credentials: { user: string; password: string };
  /** DER of the certificate this very connection showed: the channel binding names it. */
  peerCertificate: Buffer;
  /** The host the request is for: MsvAvTargetName is `HTTP/<host>`. */
  host: string;
  deadline: number;
}

export type NtlmHandshakeResult =
  /** The AUTHENTICATE went out with the final request; the caller reads the answer as usual. */
  | { kind: 'sent' }
  /** The NEGOTIATE leg got an answer other than a challenge (404, 503, a 401 without one): that answer stands. */
  | { kind: 'answered'; head: ResponseHead }
  | { kind: 'failed'; reason: string };

export async function ntlmHandshake(
  legs: NtlmLegs,
  options: NtlmHandshakeOptions,
): Promise<NtlmHandshakeResult> {
  const negotiate = negotiateMessage();
  legs.send(`${options.scheme} ${negotiate.toString('base64')}`, false);
  const head = await legs.nextHead(options.deadline);
  if (!head) return { kind: 'failed', reason: 'no answer to the NTLM NEGOTIATE' };
  const challenge =
    head.status === 401 ? challengeFromHeaders(head.headers['www-authenticate'] ?? []) : undefined;
  if (!challenge) return { kind: 'answered', head };
  if (/close/i.test(head.headers['connection']?.[0] ?? ''))
    return {
      kind: 'failed',
      reason:
        'the server closed the connection after the NTLM challenge (something in front does not keep it alive)',
    };
  const authenticate = authenticateMessage({
    negotiate,
    challenge,
    credentials: options.credentials,
    channelBindings: tlsChannelBindingHash(options.peerCertificate),
    spn: `HTTP/${options.host}`,
    clientChallenge: randomBytes(8),
    exportedSessionKey: randomBytes(16),
    nowMs: Date.now(),
  });
  if (!authenticate.ok) return { kind: 'failed', reason: authenticate.reason };
  legs.send(`${options.scheme} ${authenticate.message.toString('base64')}`, true);
  return { kind: 'sent' };
}
