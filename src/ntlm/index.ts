export { tlsChannelBindingHash } from './channel-binding';
export { authenticateMessage, negotiateMessage, splitAccount } from './client';
export {
  type NtlmHandshakeOptions,
  type NtlmHandshakeResult,
  type NtlmLegs,
  ntlmHandshake,
} from './http-handshake';
