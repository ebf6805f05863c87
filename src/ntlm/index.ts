export { tlsChannelBindingHash } from './channel-binding';
export { authenticateMessage, negotiateMessage, splitAccount } from './client';
export { type NtlmHandshakeResult, type NtlmLegs, ntlmHandshake } from './http-handshake';
